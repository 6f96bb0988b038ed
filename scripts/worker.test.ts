import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/test/test-db";

// Two `npm run worker` processes on one PostgreSQL: both run, exactly one reconciler leads, and the other
// takes over when the leader stops. Needs TEST_DATABASE_URL (npm test starts a PostgreSQL when it can).
const root = path.resolve(__dirname, "..");

function startWorker(databaseUrl: string): { child: ChildProcess; output: () => string } {
  let out = "";
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/worker.ts"], {
    cwd: root,
    // GitHub and Azure point at closed ports: passes fail soft, which is all this test needs.
    env: { ...process.env, DATABASE_URL: databaseUrl, GITHUB_EMULATOR_PORT: "9", AZURE_EMULATOR_PORT: "9", SYNC_INTERVAL_SECONDS: "5" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

async function until(check: () => boolean, ms = 60_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("npm run worker", () => {
  let t: TestDatabase | undefined;
  const workers: ChildProcess[] = [];
  afterAll(async () => {
    for (const w of workers) w.kill("SIGKILL");
    await t?.close();
  });

  it("runs as two processes with exactly one leading reconciler, and hands over when the leader stops", async () => {
    t = await openTestDatabase({ postgres: true });
    const url = t.url!;
    const a = startWorker(url);
    workers.push(a.child);
    await until(() => a.output().includes("this process leads"));
    const b = startWorker(url);
    workers.push(b.child);
    await until(() => b.output().includes("running"));
    await new Promise((r) => setTimeout(r, 2000));
    expect(b.output()).not.toContain("this process leads");
    a.child.kill("SIGTERM");
    await until(() => b.output().includes("this process leads"));
    expect(a.output()).not.toMatch(/ERR_|TypeError|Cannot find/);
  }, 120_000);
});
