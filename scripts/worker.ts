/**
 * `npm run worker`: the background work of ModelGate (outbox jobs that talk to GitHub) as its own
 * process, for installs with several portal replicas (set BACKGROUND_WORK=external on the portals).
 * Needs PostgreSQL (DATABASE_URL): PGlite allows one process only. Several workers may run; each job
 * runs on one of them at a time, and one of them (advisory lock) runs the reconciler.
 */
import { ConfigError, getConfig } from "../lib/env";

async function main() {
  let config;
  try {
    config = getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  if (config.database.kind !== "postgres") {
    console.error("npm run worker needs PostgreSQL (set DATABASE_URL): the embedded database serves one process only.");
    process.exit(1);
  }
  const { startBackgroundWork, stopBackgroundWork } = await import("../lib/server");
  const { workerId } = await startBackgroundWork({ workerId: `worker-${process.pid}`, log: (m) => console.log(m) });
  console.log(`modelgate worker ${workerId} running (jobs + reconciler; one reconciler leads at a time)`);
  const stop = async () => {
    await stopBackgroundWork();
    const { getDb } = await import("../lib/db");
    await (await getDb()).close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

void main();
