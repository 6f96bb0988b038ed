/**
 * The benchmark's page section: `npm run demo` (the production build, `next start`, the three emulators) on
 * a fresh data folder (PGlite) or a fresh PostgreSQL database, the history grown by `seed:scale` between
 * runs, each page driven with autocannon by a signed-in session of the role that uses it. Prints one JSON
 * object on its last line (read by scripts/bench/run.ts).
 *
 *   tsx scripts/bench/pages.ts --database pglite|<postgresql url> --sizes 1000,10000 --port 3900
 *     [--concurrency-at 10000] [--seconds 5]
 *
 * The portal runs with BACKGROUND_WORK=external and no worker, so the seeded inventory (500 deployments) and
 * history are what the pages read (the reconciler would replace the inventory with the emulators' few).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import autocannon from "autocannon";
import pg from "pg";

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
  notMeasured?: string;
}

const T0 = Date.now();
function log(line: string) {
  process.stderr.write(`[pages +${Math.round((Date.now() - T0) / 1000)} s] ${line}\n`);
}

function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The portal's process: the one listening on the port (`next start` runs its server in a process of its own). */
function findPortalPid(port: number): number | null {
  const out = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" }).stdout;
  const m = /pid=(\d+)/.exec(out);
  return m ? Number(m[1]) : null;
}

interface Demo {
  child: ChildProcess;
  startupMs: number;
  stop(): Promise<void>;
}

async function startDemo(port: number, dataDir: string, databaseUrl: string | null): Promise<Demo> {
  const started = Date.now();
  const child = spawn(process.execPath, [tsxBin, path.join(root, "scripts", "demo.ts"), "--port", String(port), "--data-dir", dataDir], {
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      MODELGATE_MODE: "demo",
      BACKGROUND_WORK: "external",
      AZURE_EMULATOR_PORT: String(port + 1010),
      GITHUB_EMULATOR_PORT: String(port + 1020),
      ENTRA_EMULATOR_PORT: String(port + 1030),
      DATABASE_URL: databaseUrl ?? "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start within 5 minutes:\n${output.slice(-20).join("\n")}`)), 300_000);
    const onData = (c: Buffer) => {
      const text = c.toString();
      output.push(...text.split("\n").filter(Boolean));
      if (/ModelGate demo is running/.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited (${code}):\n${output.slice(-20).join("\n")}`));
    });
  });
  child.removeAllListeners("exit");
  const startupMs = Date.now() - started;
  return {
    child,
    startupMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

async function signIn(base: string, person: string): Promise<string> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/signin`, { timeout: 120_000 });
    await page.getByRole("button", { name: new RegExp(`^Sign in as ${person}`) }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"), { timeout: 120_000 });
    return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
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
    },
  });
  const port = Number(values.port);
  const seconds = Number(values.seconds);
  const sizes = values.sizes!.split(",").map(Number).sort((a, b) => a - b);
  const concurrencyAt = Number(values["concurrency-at"] ?? sizes.find((s) => s === 10_000) ?? sizes.at(-1));
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
    // First start: migrations and the demo seed on an empty database.
    demo = await startDemo(port, dataDir, databaseUrl);
    startup.coldMs = demo.startupMs;
    log(`${label}: first start ${demo.startupMs} ms`);
    await demo.stop();
    let seeded = 0;
    for (const [i, size] of sizes.entries()) {
      // PGlite serves one process at a time: the portal is stopped while the history grows.
      seed(dataDir, databaseUrl, size - seeded, i === 0 ? Number(values.deployments) : 0);
      seeded = size;
      demo = await startDemo(port, dataDir, databaseUrl);
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
          await probe.arrayBuffer();
          const probeMs = Date.now() - probeStarted;
          if (probe.status !== 200) {
            row.notMeasured = `answered ${probe.status} to ${PERSONAS[role]} (route not in this build or not allowed)`;
            rows.push(row);
            continue;
          }
          // Long enough for a few answers per connection from a slow page; still bounded (20 s).
          const m = await drive(url, cookies[role], connections, Math.min(20, Math.max(seconds, Math.ceil((probeMs * 4 * Math.max(1, connections / 4)) / 1000))));
          if (m.total === 0) {
            row.notMeasured = `no answer completed under load (one request alone took ${probeMs} ms)`;
            rows.push(row);
            continue;
          }
          Object.assign(row, { p50: m.p50, p97: m.p97, rps: m.rps, errors: m.errors });
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
    console.log(JSON.stringify({ database: label, rows, startup, memory }));
  } finally {
    await demo?.stop();
    await dropDatabase?.().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
