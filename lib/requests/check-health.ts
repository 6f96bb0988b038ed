import "server-only";
import { checkAzureHealth } from "@/lib/azure";
import { getDb } from "@/lib/db";
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

/** The reconciler's last pass (lib/sync stores it): when status was last read back in full ("status as of"). */
async function checkSyncHealth(): Promise<ComponentHealth> {
  try {
    const { readSyncStatus } = await import("@/lib/sync/sync-pass");
    const s = await readSyncStatus((await getDb()).prisma);
    if (!s) return { ok: true, latencyMs: 0, detail: "no reconciler pass yet" };
    const asOf = s.lastSuccessAt ? `status as of ${s.lastSuccessAt}` : "no successful pass yet";
    if (s.ok) return { ok: true, latencyMs: s.durationMs, detail: `last pass ${s.lastAttemptAt} succeeded; ${asOf}` };
    return { ok: false, latencyMs: s.durationMs, detail: asOf, error: s.errors.map((e) => e.message).join("; ") };
  } catch (err) {
    return { ok: false, latencyMs: 0, error: err instanceof Error ? err.message : String(err) };
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
    // Call the method, not checkGitHubHealth(client): the client may come from another server bundle (the background
    // work creates it first), where `instanceof GitOpsClient` is false and it would be taken for a config.
    getGitOpsClient().checkHealth().then(
      (h): ComponentHealth => ({ ok: h.ok, latencyMs: h.latencyMs, ...(h.error ? { error: h.error } : {}) }),
    ),
  ]);
  const components: Record<string, ComponentHealth> = { database, azure, github, sync: await checkSyncHealth() };
  const others = Object.values(components).filter((c) => c !== database);
  const status = !database.ok ? "down" : others.every((c) => c.ok) ? "ok" : "degraded";
  return { status, checkedAt: new Date().toISOString(), mode, components };
}
