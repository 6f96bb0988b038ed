import "server-only";
import type { UserWithTeams } from "@/lib/db";
import type { GitOpsClient } from "@/lib/gitops";
import { applyParamChange, detectParamFileKind, unifiedDiff, type ParamChange } from "@/lib/paramfile";
import type { MergePlan } from "@/lib/plan";
import { CANCELLABLE_STATUSES, isStatusIn, mayCancelRequest, mayViewRequest, type DomainDeps, type FailedCheck, type ForeignCommit, type RequestStatus } from "@/lib/requests";

/** When the request or its PR's review (plan, diff) last changed: the page's live updates follow both. */
function lastChange(request: Date, review: Date | undefined): Date {
  return review && review > request ? review : request;
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
  return { ...rest, updatedAt: lastChange(r.updatedAt, review?.preparedAt), status: r.status as RequestStatus, mayCancel: mayCancelRequest(user, r) && isStatusIn(CANCELLABLE_STATUSES, r.status) };
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
