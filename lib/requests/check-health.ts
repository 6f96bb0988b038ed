import "server-only";
import { getDb } from "@/lib/db";

export interface ComponentHealth {
  ok: boolean;
  latencyMs: number;
  detail?: string;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  checkedAt: string;
  mode: "demo" | "production";
  components: Record<string, ComponentHealth>;
}

async function timed(check: () => Promise<string | undefined>): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    const detail = await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err) };
  }
}

/** Checks the database (and the integrations once configured); "down" only when the database is unusable. */
export async function checkHealth(mode: "demo" | "production"): Promise<HealthReport> {
  const database = await timed(async () => {
    const db = await getDb();
    await db.sql.query("SELECT 1");
    return db.kind === "pglite" ? "embedded PGlite" : "PostgreSQL";
  });
  const components: Record<string, ComponentHealth> = { database };
  const others = Object.values(components).filter((c) => c !== database);
  const status = !database.ok ? "down" : others.every((c) => c.ok) ? "ok" : "degraded";
  return { status, checkedAt: new Date().toISOString(), mode, components };
}
