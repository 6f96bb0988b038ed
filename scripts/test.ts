/**
 * `npm test`: lint, typecheck, unit/integration tests (vitest) and browser tests (Playwright), in that
 * order, always all of them; ends with one line `N passed, N failed` counting every test that ran (lint
 * and typecheck count as one test each).
 *
 * Database tests run on PGlite and on PostgreSQL: set TEST_DATABASE_URL, or have Debian's postgresql
 * installed and this script starts a throw-away cluster itself.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "./lib/services";

const root = path.resolve(__dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`

interface StepResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Names of the failed tests, printed in the summary so a log's tail says what failed. */
  failures?: string[];
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: {
    name: string;
    status?: string;
    message?: string;
    assertionResults?: { status: string; fullName: string; failureMessages?: string[] }[];
  }[];
}

interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: { title: string; file?: string; tests?: { status: string; results?: { error?: { message?: string } }[] }[] }[];
  suites?: PlaywrightSuite[];
}

/**
 * The first lines of a failure's message (assertion, expected, received), without colour codes: CI keeps
 * only the tail of a long log, and a failure's name without its reason can't be acted on.
 */
function reason(message: string | undefined): string {
  const plain = (message ?? "").replace(/\u001b\[[0-9;]*m/g, "");
  const line = plain
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("at "))
    .slice(0, 5)
    .join(" · ");
  if (!line) return "";
  return ` — ${line.length > 400 ? `${line.slice(0, 399)}…` : line}`;
}

function vitestFailures(report: VitestReport): string[] {
  const out: string[] = [];
  for (const file of report.testResults ?? []) {
    const rel = path.relative(root, file.name);
    const failed = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const a of failed) out.push(`${rel} > ${a.fullName}${reason(a.failureMessages?.[0])}`);
    // A file that failed before any test ran (an import or a beforeAll error) has no failed assertion.
    if (failed.length === 0 && file.status === "failed") out.push(`${rel} (${(file.message ?? "failed to run").split("\n")[0]})`);
  }
  return out;
}

function playwrightFailures(suites: PlaywrightSuite[], trail: string[] = []): string[] {
  const out: string[] = [];
  for (const suite of suites) {
    const here = suite.file && trail.length === 0 ? [suite.file] : [...trail, suite.title];
    for (const spec of suite.specs ?? []) {
      const failed = (spec.tests ?? []).find((t) => t.status === "unexpected");
      if (failed) {
        const error = failed.results?.map((r) => r.error?.message).find(Boolean);
        out.push(`${[...here, spec.title].join(" > ")}${reason(error)}`);
      }
    }
    out.push(...playwrightFailures(suite.suites ?? [], here));
  }
  return out;
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

async function startPostgres(): Promise<{ url: string; stop: () => void } | undefined> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop: () => undefined };
  const script = path.join(root, "scripts", "test-postgres.sh");
  const dir = mkdtempSync(path.join(tmpdir(), "modelgate-pg-"));
  const port = await findFreePort();
  const started = spawnSync("bash", [script, "start", dir, String(port)], { encoding: "utf8" });
  if (started.status !== 0) {
    console.warn(`PostgreSQL could not be started (${(started.stderr || started.stdout).trim()}); its database tests are skipped.`);
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    url: started.stdout.trim(),
    stop: () => {
      spawnSync("bash", [script, "stop", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const want = (step: string) => only.length === 0 || only.includes(step);
  const results: StepResult[] = [];
  const env = { NEXT_TELEMETRY_DISABLED: "1" };
  const reports = mkdtempSync(path.join(tmpdir(), "modelgate-test-"));

  if (want("lint")) {
    console.log("\n== lint (eslint)");
    const code = await run(bin("eslint"), [".", "--max-warnings=0"], env);
    results.push({ name: "lint", passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 });
  }
  if (want("typecheck")) {
    console.log("\n== typecheck (tsc)");
    const code = await run(bin("tsc"), ["--noEmit", "-p", "."], env);
    results.push({ name: "typecheck", passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 });
  }
  if (want("unit")) {
    console.log("\n== unit and integration tests (vitest)");
    const pg = await startPostgres();
    const out = path.join(reports, "vitest.json");
    const code = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], {
      ...env,
      ...(pg ? { TEST_DATABASE_URL: pg.url } : {}),
    });
    pg?.stop();
    const report = readJson<VitestReport>(out);
    results.push(
      report
        ? {
            name: "vitest",
            passed: report.numPassedTests,
            failed: report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0),
            skipped: report.numPendingTests + report.numTodoTests,
            failures: vitestFailures(report),
          }
        : { name: "vitest", passed: 0, failed: 1, skipped: 0 },
    );
  }
  if (want("e2e")) {
    console.log("\n== browser tests (playwright, chromium)");
    const out = path.join(reports, "playwright.json");
    const code = await run(bin("playwright"), ["test", "--reporter=list,json"], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number }; suites?: PlaywrightSuite[] }>(out);
    results.push(
      report
        ? {
            name: "playwright",
            passed: report.stats.expected + report.stats.flaky,
            failed: report.stats.unexpected + (code !== 0 && report.stats.unexpected === 0 ? 1 : 0),
            skipped: report.stats.skipped,
            failures: playwrightFailures(report.suites ?? []),
          }
        : { name: "playwright", passed: 0, failed: 1, skipped: 0 },
    );
  }
  rmSync(reports, { recursive: true, force: true });

  console.log("\n== summary");
  for (const r of results) {
    console.log(`${r.name.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`);
    for (const name of r.failures ?? []) console.log(`  failed: ${name}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed > 0 || results.length === 0 ? 1 : 0);
}

if (!existsSync(bin("vitest"))) {
  console.error("Dependencies are missing: run `npm install` (or `npm ci`) first.");
  process.exit(1);
}
void main();
