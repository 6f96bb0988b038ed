import { ConfigError, getConfig } from "./env";

/**
 * Start-up of the portal process: stops with one clear message when the configuration is bad, and opens
 * (migrates, seeds) the database so the first request doesn't pay for it.
 */
export async function startServer(): Promise<void> {
  try {
    getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const { getDb } = await import("./db");
  try {
    await getDb();
  } catch (err) {
    console.error(`ModelGate cannot open its database: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  if (getConfig().backgroundWork === "in-process") {
    // The outbox job runner (talks to GitHub) and the reconciler (reads status back from GitHub and Azure).
    const { startBackgroundWork } = await import("./server");
    await startBackgroundWork({ workerId: `portal-${process.pid}` });
  }
}
