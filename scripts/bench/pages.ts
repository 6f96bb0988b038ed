/**
 * The benchmark's page section: `npm run demo` (the production build, `next start`, the three emulators) on
 * a fresh data folder (PGlite) or a fresh PostgreSQL database, the history grown by `seed:scale` between
 * runs, each page driven with autocannon by a signed-in session of the role that uses it. Prints one JSON
 * object on its last line (read by scripts/bench/run.ts).
 *
 *   tsx scripts/bench/pages.ts --database pglite|<postgresql url> --sizes 1000,10000 --port 3900
 *     [--concurrency-at 10000|none] [--seconds 5]
 *     [--cold-start yes|no] [--explain yes|no]
 *
 * The portal runs with BACKGROUND_WORK=external and no worker, and without the demo world (`--empty`), so the
 * seeded inventory (500 deployments) and history are what the pages read (the reconciler would replace the
 * inventory with the emulators' few). `--concurrency-at none` measures concurrency 1 only; `--cold-start no`
 * skips the first start on an empty database; after the biggest size, scripts/bench/explain.ts plans the
 * requests list's and the queue's SQL on that database (`--explain no` skips it).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { findPortalPid, rssMb, signIn, startDemo, type Demo } from "./demo-process";
import { runBenchScript } from "./entry";

const root = path.resolve(__dirname, "..", "..");
const tsxBin = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

const PERSONAS = {
  requester: "Priya Shah",
  approver: "Alex Kim",
  manager: "Dana Fox",
  admin: "Sam Rivera",
} as const;
type Role = keyof typeof PERSONAS;

/** Each page with the role that uses it; the floor is the admin's one-row JSON route. */
const PAGES: { page: string; role: Role }[] = [
  { page: "/queue", role: "approver" },
  { page: "/inventory", role: "admin" },
  { page: "/inventory/retirements", role: "admin" },
  { page: "/dashboards/quota", role: "manager" },
  { page: "/dashboards/delivery", role: "manager" },
  { page: "/requests?scope=all", role: "admin" },
  { page: "/requests?scope=mine", role: "requester" },
  { page: "/requests/{id}", role: "admin" },
  { page: "/api/health", role: "admin" },
];

export interface PageRow {
  database: string;
  requests: number;
  connections: number;
  page: string;
  role: Role;
  p50?: number;
  /** autocannon's p97.5 (it reports no p95). */
  p97?: number;
  rps?: number;
  errors?: number;
  ratio?: number;
  /** Size of one answer (HTML with the React Server Components payload, or JSON). */
  kb?: number;
  notMeasured?: string;
}

const T0 = Date.now();
function log(line: string) {
  process.stderr.write(`[pages +${Math.round((Date.now() - T0) / 1000)} s] ${line}\n`);
}

async function drive(url: string, cookie: string, connections: number, seconds: number) {
  const r = await autocannon({ url, connections, duration: seconds, maxOverallRequests: Math.max(connections * 10, connections === 1 ? 60 : 300), headers: { cookie }, timeout: 60 });
  // autocannon reports p90 and p97.5, not p95: the table shows p97.5 (a slightly stricter tail).
  return { p50: r.latency.p50, p97: r.latency.p97_5, rps: Math.round(r.requests.average * 10) / 10, errors: r.errors + r.non2xx, total: r.requests.total };
}

function seed(dataDir: string, databaseUrl: string | null, requests: number, deployments: number) {
  const started = Date.now();
  const args = [tsxBin, "--conditions=react-server", path.join(root, "scripts", "seed-scale.ts"), "--requests", String(requests), "--deployments", String(deployments)];
  if (databaseUrl) args.push("--database-url", databaseUrl);
  else args.push("--data-dir", dataDir);
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl ?? "" }, timeout: 15 * 60_000 });
  if (r.status !== 0) throw new Error(`seed:scale failed: ${r.stderr || r.stdout}`);
  log(`seeded +${requests} requests in ${Date.now() - started} ms`);
}

async function firstRequestId(databaseUrl: string | null, base: string, cookie: string): Promise<string | null> {
  void databaseUrl;
  const res = await fetch(`${base}/requests?scope=all`, { headers: { cookie } });
  const m = /href="\/requests\/([0-9a-zA-Z_-]{8,})"/.exec(await res.text());
  return m ? m[1] : null;
}

async function main() {
  const { values } = parseArgs({
    options: {
      database: { type: "string", default: "pglite" },
      sizes: { type: "string", default: "1000,10000" },
      port: { type: "string", default: "3900" },
      "concurrency-at": { type: "string" },
      seconds: { type: "string", default: "5" },
      deployments: { type: "string", default: "500" },
      "cold-start": { type: "string", default: "yes" },
      explain: { type: "string", default: "yes" },
    },
  });
  const port = Number(values.port);
  const seconds = Number(values.seconds);
  const sizes = values.sizes!.split(",").map(Number).sort((a, b) => a - b);
  // "none": concurrency 1 only.
  const concurrencyAt = values["concurrency-at"] === "none" ? -1 : Number(values["concurrency-at"] ?? sizes.find((s) => s === 10_000) ?? sizes.at(-1));
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "modelgate-bench-pages-"));
  let databaseUrl: string | null = null;
  let dropDatabase: (() => Promise<void>) | null = null;
  const label = values.database === "pglite" ? "PGlite" : "PostgreSQL";
  if (values.database !== "pglite") {
    const name = `modelgate_bench_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: values.database });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(values.database!);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: values.database });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const rows: PageRow[] = [];
  const startup: { coldMs?: number; warmMs?: number } = {};
  const memory = { idleMb: 0, peakMb: 0 };
  let demo: Demo | null = null;
  try {
    // First start: migrations and the demo seed on an empty database (seed:scale migrates and seeds the
    // demo people itself when this is skipped).
    if (values["cold-start"] !== "no") {
      demo = await startDemo(port, dataDir, { databaseUrl, backgroundWork: "external", empty: true });
      startup.coldMs = demo.startupMs;
      log(`${label}: first start ${demo.startupMs} ms`);
      await demo.stop();
    }
    let seeded = 0;
    for (const [i, size] of sizes.entries()) {
      // PGlite serves one process at a time: the portal is stopped while the history grows.
      seed(dataDir, databaseUrl, size - seeded, i === 0 ? Number(values.deployments) : 0);
      seeded = size;
      demo = await startDemo(port, dataDir, { databaseUrl, backgroundWork: "external", empty: true });
      if (i === 0) startup.warmMs = demo.startupMs;
      const pid = findPortalPid(port);
      log(`${label} ${size}: started in ${demo.startupMs} ms (portal pid ${pid})`);
      const cookies = {} as Record<Role, string>;
      for (const role of Object.keys(PERSONAS) as Role[]) cookies[role] = await signIn(base, PERSONAS[role]);
      if (pid && i === 0) memory.idleMb = Math.round(rssMb(pid));
      let peak = 0;
      const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssMb(pid))), 250) : null;
      const requestId = await firstRequestId(databaseUrl, base, cookies.admin);
      const floor = requestId ? `/api/requests/${requestId}` : null;
      for (const connections of size === concurrencyAt ? [1, 20] : [1]) {
        let floorP50: number | null = null;
        const list = [{ page: floor ?? "/api/requests/{id}", role: "admin" as Role }, ...PAGES];
        for (const { page, role } of list) {
          const row: PageRow = { database: label, requests: size, connections, page: page.replace(/[0-9a-zA-Z_-]{20,}$/, "{id}"), role };
          if (page.includes("{id}") && !requestId) {
            row.notMeasured = "no request id found on /requests";
            rows.push(row);
            continue;
          }
          const url = `${base}${page.replace("{id}", requestId ?? "")}`;
          const probeStarted = Date.now();
          const probe = await fetch(url, { headers: { cookie: cookies[role] }, redirect: "manual" });
          const bytes = (await probe.arrayBuffer()).byteLength;
          const probeMs = Date.now() - probeStarted;
          if (probe.status !== 200) {
            row.notMeasured = `answered ${probe.status} to ${PERSONAS[role]} (route not in this build or not allowed)`;
            rows.push(row);
            continue;
          }
          // Long enough for a few answers per connection from a slow page; still bounded (20 s alone, 12 s at 20).
          const m = await drive(url, cookies[role], connections, Math.min(connections > 1 ? 12 : 20, Math.max(seconds, Math.ceil((probeMs * 4 * Math.max(1, connections / 4)) / 1000))));
          if (m.total === 0) {
            row.notMeasured = `no answer completed under load (one request alone took ${probeMs} ms)`;
            rows.push(row);
            continue;
          }
          Object.assign(row, { p50: m.p50, p97: m.p97, rps: m.rps, errors: m.errors, kb: Math.round(bytes / 1024) });
          if (page === floor) floorP50 = Math.max(m.p50, 1);
          if (floorP50 && page !== floor) row.ratio = Math.round((m.p50 / floorP50) * 10) / 10;
          rows.push(row);
          log(`${label} ${size} c${connections} ${row.page}: p50 ${m.p50} ms p97.5 ${m.p97} ms ${m.rps} req/s${row.ratio ? ` ×${row.ratio}` : ""}${m.errors ? ` ${m.errors} errors` : ""}`);
        }
      }
      if (sampler) clearInterval(sampler);
      memory.peakMb = Math.max(memory.peakMb, Math.round(peak));
      await demo.stop();
      demo = null;
    }
    // The requests list's and the queue's SQL planned on the biggest history (the portal is stopped: PGlite
    // serves one process at a time).
    let explain: unknown = null;
    if (values.explain !== "no") {
      const args = [tsxBin, path.join(root, "scripts", "bench", "explain.ts"), ...(databaseUrl ? ["--database-url", databaseUrl] : ["--data-dir", dataDir])];
      const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 5 * 60_000 });
      const line = r.stdout.trim().split("\n").filter((l) => l.startsWith("{")).at(-1);
      explain = line ? JSON.parse(line) : { notMeasured: (r.stderr || `exit ${r.status}`).trim().split("\n").at(-1) };
      log(`${label}: EXPLAIN ${line ? "done" : "failed"}`);
    }
    console.log(JSON.stringify({ database: label, rows, startup, memory, explain }));
  } finally {
    await demo?.stop();
    await dropDatabase?.().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBenchScript(main);
