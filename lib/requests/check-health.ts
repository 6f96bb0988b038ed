import "server-only";
import { checkAzureHealth } from "@/lib/azure";
import { getDb } from "@/lib/db";
import { checkGitHubHealth } from "@/lib/gitops";
import { getAzureClient, getGitOpsClient } from "./integrations";

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

/** Checks the database, Azure and GitHub at once; "down" only when the database is unusable. */
export async function checkHealth(mode: "demo" | "production"): Promise<HealthReport> {
  const [database, azure, github] = await Promise.all([
    timed(async () => {
      const db = await getDb();
      await db.sql.query("SELECT 1");
      return db.kind === "pglite" ? "embedded PGlite" : "PostgreSQL";
    }),
    checkAzureHealth(getAzureClient(), { timeoutMs: 5000 }).then(
      (h): ComponentHealth => ({ ok: h.ok, latencyMs: h.latencyMs, ...(h.detail ? { detail: h.detail } : {}), ...(h.error ? { error: h.error } : {}) }),
    ),
    checkGitHubHealth(getGitOpsClient()).then(
      (h): ComponentHealth => ({ ok: h.ok, latencyMs: h.latencyMs, ...(h.error ? { error: h.error } : {}) }),
    ),
  ]);
  const components: Record<string, ComponentHealth> = { database, azure, github };
  const others = Object.values(components).filter((c) => c !== database);
  const status = !database.ok ? "down" : others.every((c) => c.ok) ? "ok" : "degraded";
  return { status, checkedAt: new Date().toISOString(), mode, components };
}
