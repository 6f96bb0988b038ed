import "server-only";
import { checkAzureHealth, type AzureClient } from "@/lib/azure";
import type { Database } from "@/lib/db";
import type { GitOpsClient, RefusedReviewer } from "@/lib/gitops";
import { describeRefusedReviewers, type DomainSettings } from "@/lib/requests";
import { readSyncStatus } from "@/lib/sync";
import type { DependencyObservers, Observation } from "@/lib/health";

export interface ComponentHealth {
  ok: boolean;
  latencyMs: number;
  detail?: string;
  error?: string;
  /** When this state was observed (GitHub and Azure: their last call; sync: the last pass). */
  observedAt?: string;
  /** GitHub and Azure: "traffic" (a call the portal made for its work) or "probe" (the health check's own). */
  source?: "traffic" | "probe";
  /** GitHub: its rate limit as the last response stated it. */
  rateLimit?: { limit?: number; remaining: number; resetAt?: string; observedAt: string };
}

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  checkedAt: string;
  mode: "demo" | "production";
  components: Record<string, ComponentHealth>;
}

/** How old an observation may be before the health check probes for itself (at most once per this). */
export const HEALTH_PROBE_INTERVAL_MS = 60_000;

/** The reconciler's last pass (lib/sync stores it): when status was last read back in full ("status as of"). */
async function checkSyncHealth(database: Database): Promise<ComponentHealth> {
  try {
    const s = await readSyncStatus(database.prisma);
    if (!s) return { ok: true, latencyMs: 0, detail: "no reconciler pass yet" };
    const asOf = s.lastSuccessAt ? `status as of ${s.lastSuccessAt}` : "no successful pass yet";
    if (s.ok) return { ok: true, latencyMs: s.durationMs, observedAt: s.lastAttemptAt, detail: `last pass ${s.lastAttemptAt} succeeded; ${asOf}` };
    return { ok: false, latencyMs: s.durationMs, observedAt: s.lastAttemptAt, detail: asOf, error: s.errors.map((e) => e.message).join("; ") };
  } catch (err) {
    return { ok: false, latencyMs: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * What an admin must fix in how ModelGate is set up on GitHub, or null: App permissions the installation lacks,
 * and configured reviewers GitHub refused when the latest pull request was opened (while still configured).
 */
async function checkGitHubSetup(database: Database, missingPermissions: string[], reviewers: { users: string[]; teams: string[] }): Promise<ComponentHealth | null> {
  const problems: string[] = [];
  if (missingPermissions.length) {
    problems.push(`The GitHub App installation lacks ${missingPermissions.join(", ")}; an organisation owner must grant it in the App's settings.`);
  }
  const latest = await database.prisma.requestEvent.findFirst({ where: { type: "pr_opened" }, orderBy: { id: "desc" }, select: { data: true, createdAt: true, request: { select: { number: true } } } });
  const refused = ((latest?.data as { refusedReviewers?: RefusedReviewer[] } | null)?.refusedReviewers ?? []).filter((x) =>
    (x.kind === "team" ? reviewers.teams : reviewers.users).some((name) => name.toLowerCase() === x.name.toLowerCase()),
  );
  if (refused.length && latest) problems.push(`When request #${latest.request.number}'s pull request was opened (${latest.createdAt.toISOString()}), ${describeRefusedReviewers(refused)}`);
  return problems.length ? { ok: false, latencyMs: 0, error: problems.join(" ") } : null;
}

function fromObservation(o: Observation | null): ComponentHealth {
  if (!o) return { ok: false, latencyMs: 0, error: "not observed yet" };
  return {
    ok: o.ok,
    latencyMs: o.latencyMs,
    observedAt: new Date(o.at).toISOString(),
    source: o.source,
    ...(o.detail ? { detail: o.detail } : {}),
    ...(o.error ? { error: o.error } : {}),
  };
}

/**
 * Readiness and health: the database checked now (one `SELECT 1`), GitHub and Azure as this process last
 * observed them (their last calls; a probe of its own only when nothing was seen for a minute, at most once a
 * minute), and the reconciler's last pass. "down" only when the database is unusable.
 */
export async function checkHealth(deps: {
  database: Database;
  azure: AzureClient;
  gitops: GitOpsClient;
  mode: "demo" | "production";
  observers: DependencyObservers;
  probeIntervalMs?: number;
  settings?: Pick<DomainSettings, "prReviewers" | "prTeamReviewers">;
}): Promise<HealthReport> {
  const { mode, observers } = deps;
  const maxAge = deps.probeIntervalMs ?? HEALTH_PROBE_INTERVAL_MS;
  const started = performance.now();
  const [database, azure, github, sync] = await Promise.all([
    deps.database.sql.query("SELECT 1").then(
      (): ComponentHealth => ({ ok: true, latencyMs: Math.round(performance.now() - started), detail: deps.database.kind === "pglite" ? "embedded PGlite" : "PostgreSQL" }),
      (err: unknown): ComponentHealth => ({ ok: false, latencyMs: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err) }),
    ),
    observers.azure
      .current(async () => {
        const h = await checkAzureHealth(deps.azure, { timeoutMs: 5000 });
        return { ok: h.ok, latencyMs: h.latencyMs, ...(h.detail ? { detail: h.detail } : {}), ...(h.error ? { error: h.error } : {}) };
      }, maxAge)
      .then(fromObservation),
    // Call the method, not checkGitHubHealth(client): the client may come from another server bundle (the background
    // work creates it first), where `instanceof GitOpsClient` is false and it would be taken for a config.
    observers.github
      .current(async () => {
        const h = await deps.gitops.checkHealth();
        observers.github.missingPermissions = h.missingPermissions ?? [];
        if (h.rateLimit) observers.github.rateLimit = { limit: h.rateLimit.limit, remaining: h.rateLimit.remaining, at: Date.now() };
        return { ok: h.ok, latencyMs: h.latencyMs, detail: "reached the platform repository", ...(h.error ? { error: h.error } : {}) };
      }, maxAge)
      .then(fromObservation),
    checkSyncHealth(deps.database),
  ]);
  const limit = observers.github.rateLimit;
  if (limit) github.rateLimit = { ...(limit.limit ? { limit: limit.limit } : {}), remaining: limit.remaining, observedAt: new Date(limit.at).toISOString() };
  const components: Record<string, ComponentHealth> = { database, azure, github, sync };
  // Present only when there is something to fix, so a healthy report keeps its shape.
  const setup = database.ok
    ? await checkGitHubSetup(deps.database, observers.github.missingPermissions, { users: deps.settings?.prReviewers ?? [], teams: deps.settings?.prTeamReviewers ?? [] }).catch(() => null)
    : null;
  if (setup) components.githubSetup = setup;
  const others = Object.values(components).filter((c) => c !== database);
  const status = !database.ok ? "down" : others.every((c) => c.ok) ? "ok" : "degraded";
  return { status, checkedAt: new Date().toISOString(), mode, components };
}
