import "server-only";
import { hasCapability } from "@/lib/auth";
import type { UserWithTeams } from "@/lib/db";
import type { GitOpsClient } from "@/lib/gitops";
import { applyParamChange, detectParamFileKind, unifiedDiff, type ParamChange } from "@/lib/paramfile";
import {
  CANCELLABLE_STATUSES,
  forecastMerge,
  isStatusIn,
  mayCancelRequest,
  mayViewRequest,
  OPEN_PR_STATUSES,
  revisionOptionsFor,
  type DeployFailure,
  type DomainDeps,
  type FailedCheck,
  type ForeignCommit,
  type RequestStatus,
} from "@/lib/requests";
import type { MergePlan } from "@/lib/plan";

/** When the request or its PR's review (plan, diff) last changed: the page's live updates follow both. */
function lastChange(request: Date, review: Date | undefined): Date {
  return review && review > request ? review : request;
}

const CAUSES = new Set<DeployFailure["cause"]>(["this-deployment", "other-deployment", "conflict", "other"]);

/** The explanation Azure gave for the latest failed deploy, as the reconciler stored it with the event. */
function deployFailureOf(events: { type: string; data: unknown }[]): DeployFailure | null {
  const last = [...events].reverse().find((e) => e.type === "deploy_failed");
  const f = (last?.data as { azure?: Partial<DeployFailure> } | null)?.azure;
  if (!f || !CAUSES.has(f.cause as DeployFailure["cause"]) || typeof f.summary !== "string" || typeof f.nextStep !== "string") return null;
  return {
    cause: f.cause!,
    source: f.source === "validation" ? "validation" : "deployment",
    armDeploymentName: String(f.armDeploymentName ?? ""),
    code: String(f.code ?? ""),
    message: String(f.message ?? ""),
    deployment: typeof f.deployment === "string" ? f.deployment : null,
    summary: f.summary,
    nextStep: f.nextStep,
  };
}

/** A request with its timeline, for its page; null when it doesn't exist, "forbidden" when the user may not see it. */
export async function getRequestDetail(deps: Pick<DomainDeps, "db">, user: UserWithTeams, id: string) {
  const r = await deps.db.request.findUnique({
    where: { id },
    include: {
      requester: { select: { name: true, email: true } },
      team: { select: { name: true } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
      review: { select: { preparedAt: true } },
    },
  });
  if (!r) return null;
  if (!mayViewRequest(user, r)) return "forbidden" as const;
  const { review, ...rest } = r;
  // The reviewer's latest "changes requested" comment, shown on top while the request waits for the requester.
  const asked = r.status === "changes_requested" ? [...r.events].reverse().find((e) => e.type === "changes_requested") : undefined;
  return {
    ...rest,
    updatedAt: lastChange(r.updatedAt, review?.preparedAt),
    status: r.status as RequestStatus,
    mayCancel: mayCancelRequest(user, r) && isStatusIn(CANCELLABLE_STATUSES, r.status),
    deployFailure: r.status === "failed" ? deployFailureOf(r.events) : null,
    /** How this user may send it again (revise, try again), or null. */
    revision: revisionOptionsFor(user, r),
    changesRequested: asked ? { by: asked.actorName ?? "An approver", at: asked.createdAt, comment: asked.message ?? "" } : null,
    /** Admins may delete a removed deployment Azure still runs. */
    mayDeleteInAzure: r.status === "awaiting_deletion" && hasCapability(user.role, "settings:manage"),
  };
}

/**
 * For a request whose pull request is open: why Azure would refuse the parameter file as the PR leaves it
 * (this request's deployment or ANOTHER in the same file), from ARM's validation; null when Azure accepts it
 * or can't tell.
 */
export async function getMergeForecast(
  deps: Pick<DomainDeps, "azure" | "gitops" | "settings">,
  r: { status: string; accountName: string; deploymentName: string; modelName: string; paramFilePath: string; headSha: string | null },
): Promise<DeployFailure | null> {
  if (!isStatusIn(OPEN_PR_STATUSES, r.status)) return null;
  const verdict = await forecastMerge(deps, r);
  return verdict && !("accepted" in verdict) ? verdict : null;
}

/**
 * A request's change marker (status, version, last event count) for the page's live updates: the request,
 * "forbidden" when the user may not see it, or null when there is none.
 */
export async function getRequestMarker(deps: Pick<DomainDeps, "db">, user: UserWithTeams, id: string) {
  const r = await deps.db.request.findUnique({
    where: { id },
    select: { requesterId: true, teamId: true, status: true, version: true, updatedAt: true, _count: { select: { events: true } }, review: { select: { preparedAt: true } } },
  });
  if (!r) return null;
  if (!mayViewRequest(user, r)) return "forbidden" as const;
  return { status: r.status, version: r.version, updatedAt: lastChange(r.updatedAt, r.review?.preparedAt).toISOString(), events: r._count.events };
}

/** The review the prepare-review job stored for a request's PR (plan, diff, foreign commits, failed check), or null. */
export async function getRequestReview(deps: Pick<DomainDeps, "db">, r: { id: string; headSha: string | null }) {
  const rv = await deps.db.requestReview.findUnique({ where: { requestId: r.id } });
  if (!rv || !rv.headSha) return null;
  return {
    headSha: rv.headSha,
    current: rv.headSha === r.headSha,
    diff: rv.diff,
    foreignCommits: rv.foreignCommits as unknown as ForeignCommit[],
    failedCheck: rv.failedCheck as unknown as FailedCheck | null,
    plan: rv.plan as unknown as MergePlan | null,
    planSummary: rv.planSummary,
    planError: rv.planError,
  };
}

/**
 * The diff of a request: the one stored for its PR's current head (read from GitHub once per head), else the PR's
 * file at base and head, else (no PR yet) the edit applied to main now.
 */
export async function getRequestDiff(deps: Pick<DomainDeps, "db"> & { gitops: GitOpsClient }, r: { id: string; paramFilePath: string; baseSha: string | null; headSha: string | null; change: unknown }): Promise<{ diff: string; source: string } | { error: string }> {
  try {
    const stored = r.headSha ? await deps.db.requestReview.findUnique({ where: { requestId: r.id }, select: { headSha: true, diff: true } }) : null;
    if (stored && stored.headSha === r.headSha && stored.diff !== null) return { diff: stored.diff, source: `the pull request at ${r.headSha.slice(0, 7)}, as GitHub has it` };
    if (r.baseSha && r.headSha) {
      const [before, after] = await Promise.all([deps.gitops.readFile(r.paramFilePath, r.baseSha), deps.gitops.readFile(r.paramFilePath, r.headSha)]);
      return { diff: unifiedDiff(r.paramFilePath, before.content, after.content), source: `the pull request (${r.baseSha.slice(0, 7)}…${r.headSha.slice(0, 7)})` };
    }
    const main = await deps.gitops.readFile(r.paramFilePath);
    const after = applyParamChange(main.content, detectParamFileKind(r.paramFilePath), r.change as ParamChange);
    return { diff: unifiedDiff(r.paramFilePath, main.content, after), source: "main as it is now (the pull request is not open yet)" };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Admins: removals that merged while Azure still runs the deployment (waiting for deletion in Azure), oldest first. */
export async function listWaitingDeletions(deps: Pick<DomainDeps, "db">, user: UserWithTeams) {
  if (!hasCapability(user.role, "settings:manage")) return "forbidden" as const;
  return deps.db.request.findMany({
    where: { status: "awaiting_deletion" },
    orderBy: { updatedAt: "asc" },
    take: 500,
    select: { id: true, number: true, accountName: true, location: true, deploymentName: true, modelName: true, modelVersion: true, skuName: true, capacity: true, updatedAt: true, team: { select: { name: true } } },
  });
}
