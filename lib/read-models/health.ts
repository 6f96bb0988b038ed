import "server-only";
import { checkAzureHealth, type AzureClient } from "@/lib/azure";
import type { Database } from "@/lib/db";
import type { GitOpsClient, RefusedReviewer } from "@/lib/gitops";
import { describeRefusedReviewers, type DomainSettings } from "@/lib/requests";
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

/** Checks the database, Azure and GitHub at once; "down" only when the database is unusable. */
export async function checkHealth(deps: {
  database: Database;
  azure: AzureClient;
  gitops: GitOpsClient;
  mode: "demo" | "production";
  settings?: Pick<DomainSettings, "prReviewers" | "prTeamReviewers">;
}): Promise<HealthReport> {
  const { mode } = deps;
  const [database, azure, gitHubHealth] = await Promise.all([
    timed(async () => {
      await deps.database.sql.query("SELECT 1");
      return deps.database.kind === "pglite" ? "embedded PGlite" : "PostgreSQL";
    }),
    checkAzureHealth(deps.azure, { timeoutMs: 5000 }).then(
      (h): ComponentHealth => ({ ok: h.ok, latencyMs: h.latencyMs, ...(h.detail ? { detail: h.detail } : {}), ...(h.error ? { error: h.error } : {}) }),
    ),
    // Call the method, not checkGitHubHealth(client): the client may come from another server bundle (the background
    // work creates it first), where `instanceof GitOpsClient` is false and it would be taken for a config.
    deps.gitops.checkHealth(),
  ]);
  const github: ComponentHealth = { ok: gitHubHealth.ok, latencyMs: gitHubHealth.latencyMs, ...(gitHubHealth.error ? { error: gitHubHealth.error } : {}) };
  const components: Record<string, ComponentHealth> = { database, azure, github, sync: await checkSyncHealth(deps.database) };
  // Present only when there is something to fix, so a healthy report keeps its shape.
  const setup = database.ok
    ? await checkGitHubSetup(deps.database, gitHubHealth.missingPermissions ?? [], { users: deps.settings?.prReviewers ?? [], teams: deps.settings?.prTeamReviewers ?? [] }).catch(() => null)
    : null;
  if (setup) components.githubSetup = setup;
  const others = Object.values(components).filter((c) => c !== database);
  const status = !database.ok ? "down" : others.every((c) => c.ok) ? "ok" : "degraded";
  return { status, checkedAt: new Date().toISOString(), mode, components };
}
