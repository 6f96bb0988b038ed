/**
 * Benchmark (npm run bench:paramfile): parse + edit + print on a generated 3,000-deployment .bicepparam file,
 * through the public API exactly as the portal calls it: every run lexes and syntax-checks the whole file,
 * applies the edit, and re-parses and re-validates the element it touched. (Literal array elements get their
 * syntax nodes built only when something reads them; "read elements" evaluates all 3,000.)
 * Prints median and p95 in milliseconds; the target is well under 50 ms. Measured, never asserted in tests.
 */
import { performance } from "node:perf_hooks";
import { applyParamChange, parseBicepParam, printBicepParam, readDeploymentElements, type ParamChange } from "./index";

const DEPLOYMENTS = 3000;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const WARMUP = 10;

/** A seed-style file (the layout of the seed's example) with `count` deployments. */
export function generateBicepParamFile(count: number, eol = "\n"): string {
  const lines = [
    "using './ai-models.bicep'",
    "",
    "param location = 'australiaeast'",
    "",
    "param openaiResourceGroupName = 'contoso-openai-rg'",
    "",
    "param openaiName = 'contoso-openai-01'",
    "",
    "param openaiDeployments = [ // This is where the application team can specify the models to deploy",
  ];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  // team: Team${i % 17} (request #${1000 + i})`,
      "  {",
      "    model: {",
      "      format: 'OpenAI'",
      `      name: '${i % 2 === 0 ? "gpt-4o" : "gpt-4o-mini"}'`,
      `      version: '${i % 2 === 0 ? "2024-11-20" : "2024-07-18"}'`,
      "    }",
      `    name: 'deployment-${i}'`,
      "    sku: {",
      `      capacity: ${10 + (i % 90)}`,
      `      name: '${i % 3 === 0 ? "Standard" : "GlobalStandard"}'`,
      "    }",
      "  }",
    );
  }
  lines.push("]", "");
  return lines.join(eol);
}

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

function measure(label: string, fn: () => string): { label: string; median: number; p95: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    const out = fn();
    samples.push(performance.now() - t0);
    if (out.length === 0) throw new Error("empty output");
  }
  return { label, ...stats(samples) };
}

function main(): void {
  const text = generateBicepParamFile(DEPLOYMENTS);
  const lineCount = text.split("\n").length;
  const middle = `deployment-${DEPLOYMENTS / 2}`;
  const changes: [string, ParamChange][] = [
    [
      "add",
      {
        op: "add",
        deployment: {
          name: "search-gpt-41",
          model: { format: "OpenAI", name: "gpt-4.1", version: "2025-04-14" },
          sku: { name: "DataZoneStandard", capacity: 100 },
        },
        comment: "team: Search (request #9999)",
      },
    ],
    ["update", { op: "update", name: middle, set: { sku: { capacity: 321 } } }],
    ["remove", { op: "remove", name: middle }],
  ];

  const results = [measure("parse + print", () => printBicepParam(parseBicepParam(text)))];
  for (const [label, change] of changes) {
    results.push(measure(`parse + ${label} + print (validated)`, () => applyParamChange(text, "bicepparam", change)));
  }
  results.push(measure("read elements", () => JSON.stringify(readDeploymentElements(text, "bicepparam"))));

  console.log(`paramfile benchmark: ${DEPLOYMENTS} deployments, ${lineCount} lines, ${(text.length / 1024).toFixed(0)} KiB; ${ITERATIONS} iterations after ${WARMUP} warm-up`);
  for (const r of results) console.log(`  ${r.label.padEnd(40)} median ${r.median.toFixed(2).padStart(7)} ms   p95 ${r.p95.toFixed(2).padStart(7)} ms`);
  const worst = Math.max(...results.filter((r) => r.label.includes("validated")).map((r) => r.p95));
  console.log(`  target: edits well under 50 ms — worst edit p95 ${worst.toFixed(2)} ms`);
}

if (process.argv[1] && /bench\.ts$/.test(process.argv[1])) main();
