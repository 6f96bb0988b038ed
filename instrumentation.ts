/** Runs once when the server starts (Next.js instrumentation hook). */
export async function register() {
  // Next.js also loads this file for the edge runtime, where Node APIs don't exist.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/start-server");
    await startServer();
  }
}
