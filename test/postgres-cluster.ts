/**
 * PostgreSQL for tests that need a real server: a throw-away cluster of their own (scripts/test-postgres.sh on a
 * free port, which the test may stop and start again), or TEST_DATABASE_URL's server. Without either the
 * test is skipped with the reason — except under CI, which installs PostgreSQL: there it fails.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "../scripts/lib/services";

const script = path.resolve(__dirname, "..", "scripts", "test-postgres.sh");

export interface PostgresCluster {
  /** postgresql://…/postgres on the cluster. */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: open sessions are ended, their transactions rolled back). */
  stop(): void;
  /** Starts it again on the same port and data folder. */
  start(): void;
  /** Stops it and deletes its data folder. */
  destroy(): void;
}

function run(args: string[]) {
  return spawnSync("bash", [script, ...args], { encoding: "utf8" });
}

/** Starts a cluster of the test's own; `skip` is the reason when PostgreSQL can't run here (throws under CI). */
export async function startPostgresCluster(): Promise<{ cluster?: PostgresCluster; skip?: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "modelgate-fault-pg-"));
  const port = await findFreePort();
  const started = run(["start", dir, String(port)]);
  if (started.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const skip = `PostgreSQL could not be started (${(started.stderr || started.stdout).trim()})`;
    // CI installs PostgreSQL: there, a cluster that won't start is a failure, not a reason to skip.
    if (process.env.CI) throw new Error(skip);
    return { skip };
  }
  const start = () => {
    const again = run(["start", dir, String(port)]);
    if (again.status !== 0) throw new Error(`PostgreSQL did not start again: ${(again.stderr || again.stdout).trim()}`);
  };
  return {
    cluster: {
      url: started.stdout.trim(),
      port,
      stop: () => void run(["stop", dir]),
      start,
      destroy: () => {
        run(["stop", dir]);
        rmSync(dir, { recursive: true, force: true });
      },
    },
  };
}

/** TEST_DATABASE_URL's server, else a cluster of the test's own; `skip` when neither is possible (throws under CI). */
export async function findPostgres(): Promise<{ url?: string; close: () => void; skip?: string }> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, close: () => undefined };
  const { cluster, skip } = await startPostgresCluster();
  return cluster ? { url: cluster.url, close: cluster.destroy } : { skip, close: () => undefined };
}
