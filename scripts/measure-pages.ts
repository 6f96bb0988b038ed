/**
 * Page latency against a running portal, for scale measurements: signs a demo person in (headless
 * Chromium), then drives each page with autocannon, bounded in requests and time, and prints p50/p95,
 * throughput, page size and each page's p50 as a ratio to the floor (a one-row JSON route, the request
 * marker). Also samples the portal's resident memory when given its pid.
 *
 *   npx tsx scripts/measure-pages.ts --url http://127.0.0.1:3800 [--person "Sam Rivera"] [--connections 1,4]
 *     [--seconds 10] [--pid 1234] [--pages "/inventory,/requests?scope=all"] [--json out.json]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";

const DEFAULT_PAGES = ["/requests?scope=all", "/requests?scope=mine", "/inventory", "/inventory?status=in_sync&page=3", "/inventory/retirements", "/queue", "/api/health", "/api/health/live"];

interface Row {
  page: string;
  connections: number;
  p50: number;
  p95: number;
  rps: number;
  kb: number;
  errors: number;
  ratio?: number;
}

async function signIn(base: string, person: string): Promise<{ cookie: string; requestId: string | null }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    await page.getByRole("button", { name: new RegExp(`^Sign in as ${person}`) }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
    await page.goto(`${base}/requests?scope=all`);
    const href = await page.locator('a[href^="/requests/"]').filter({ hasText: /^#\d+/ }).first().getAttribute("href").catch(() => null);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    return { cookie, requestId: href ? href.split("/").pop()! : null };
  } finally {
    await browser.close();
  }
}

function rss(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

async function drive(base: string, path: string, cookie: string, connections: number, seconds: number): Promise<Row> {
  const result = await autocannon({ url: `${base}${path}`, connections, duration: seconds, maxOverallRequests: Math.max(connections, 400), headers: { cookie }, timeout: 30 });
  return {
    page: path,
    connections,
    p50: result.latency.p50,
    p95: result.latency.p97_5,
    rps: Math.round(result.requests.average * 10) / 10,
    kb: Math.round(result.throughput.total / Math.max(result.requests.total, 1) / 102.4) / 10,
    errors: result.errors + result.non2xx,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: "http://127.0.0.1:3000" },
      person: { type: "string", default: "Sam Rivera" },
      connections: { type: "string", default: "1,4" },
      seconds: { type: "string", default: "10" },
      pid: { type: "string" },
      pages: { type: "string" },
      json: { type: "string" },
    },
  });
  const base = values.url!.replace(/\/$/, "");
  const { cookie, requestId } = await signIn(base, values.person!);
  const floor = requestId ? `/api/requests/${requestId}` : null;
  const pages = [...(floor ? [floor] : []), ...(values.pages ? values.pages.split(",") : DEFAULT_PAGES)];
  const pid = values.pid ? Number(values.pid) : null;
  const idle = pid ? rss(pid) : null;
  let peak = idle ?? 0;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rss(pid))), 250) : null;
  const rows: Row[] = [];
  for (const connections of values.connections!.split(",").map(Number)) {
    let floorP50: number | null = null;
    for (const page of pages) {
      const row = await drive(base, page, cookie, connections, Number(values.seconds));
      if (page === floor) floorP50 = Math.max(row.p50, 0.5);
      if (floorP50) row.ratio = Math.round((row.p50 / floorP50) * 10) / 10;
      rows.push(row);
      console.log(
        `${String(connections).padStart(2)} conn  ${page.padEnd(40)} p50 ${String(row.p50).padStart(5)} ms  p95 ${String(row.p95).padStart(5)} ms  ${String(row.rps).padStart(6)} req/s  ${String(row.kb).padStart(6)} KB${row.ratio !== undefined && page !== floor ? `  ×${row.ratio} floor` : page === floor ? "  (floor)" : ""}${row.errors ? `  ${row.errors} errors` : ""}`,
      );
    }
  }
  if (sampler) clearInterval(sampler);
  if (pid) console.log(`portal RSS: ${Math.round(idle!)} MB before, ${Math.round(peak)} MB peak`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ rows, rss: pid ? { idle, peak } : null }, null, 2));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
