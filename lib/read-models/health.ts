import "server-only";
import { checkAzureHealth, type AzureClient } from "@/lib/azure";
import type { Database } from "@/lib/db";
import type { GitOpsClient } from "@/lib/gitops";
import { readSyncStatus } from "@/lib/sync";

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
async function checkSyncHealth(database: Database): Promise<ComponentHealth> {
  try {
    const s = await readSyncStatus(database.prisma);
    if (!s) return { ok: true, latencyMs: 0, detail: "no reconciler pass yet" };
    const asOf = s.lastSuccessAt ? `status as of ${s.lastSuccessAt}` : "no successful pass yet";
    if (s.ok) return { ok: true, latencyMs: s.durationMs, detail: `last pass ${s.lastAttemptAt} succeeded; ${asOf}` };
    return { ok: false, latencyMs: s.durationMs, detail: asOf, error: s.errors.map((e) => e.message).join("; ") };
  } catch (err) {
    return { ok: false, latencyMs: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Checks the database, Azure and GitHub at once; "down" only when the database is unusable. */
export async function checkHealth(deps: { database: Database; azure: AzureClient; gitops: GitOpsClient; mode: "demo" | "production" }): Promise<HealthReport> {
  const { mode } = deps;
  const [database, azure, github] = await Promise.all([
    timed(async () => {
      await deps.database.sql.query("SELECT 1");
      return deps.database.kind === "pglite" ? "embedded PGlite" : "PostgreSQL";
    }),
    checkAzureHealth(deps.azure, { timeoutMs: 5000 }).then(
      (h): ComponentHealth => ({ ok: h.ok, latencyMs: h.latencyMs, ...(h.detail ? { detail: h.detail } : {}), ...(h.error ? { error: h.error } : {}) }),
    ),
    // Call the method, not checkGitHubHealth(client): the client may come from another server bundle (the background
    // work creates it first), where `instanceof GitOpsClient` is false and it would be taken for a config.
    deps.gitops.checkHealth().then(
      (h): ComponentHealth => ({ ok: h.ok, latencyMs: h.latencyMs, ...(h.error ? { error: h.error } : {}) }),
    ),
  ]);
  const components: Record<string, ComponentHealth> = { database, azure, github, sync: await checkSyncHealth(deps.database) };
  const others = Object.values(components).filter((c) => c !== database);
  const status = !database.ok ? "down" : others.every((c) => c.ok) ? "ok" : "degraded";
  return { status, checkedAt: new Date().toISOString(), mode, components };
}
