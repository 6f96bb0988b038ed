import "server-only";
import { GitOpsError } from "@/lib/gitops";
import { applyParamChange, detectParamFileKind, isParamFileError, type ParamChange } from "@/lib/paramfile";
import type { RequestDeps } from "./deps";
import { recordRequestEvent, SYSTEM_ACTOR, transitionRequest, TransitionConflictError, type Db } from "./lifecycle";
import { enqueueJob, PermanentJobError, type JobHandler, type OutboxJob } from "./outbox";
import { commitMessage, prBody, prTitle, type PrTextRequest } from "./pr-text";
import { quotaImpact } from "./quota";
import { branchNameFor } from "./request-form";

export const REFRESH_PR_JOB = "refresh-pr";
export const CLOSE_PR_JOB = "close-pr";

/** Statuses in which a request's PR is open and ModelGate keeps its branch on top of main. */
export const OPEN_PR_STATUSES = ["awaiting_approval", "changes_requested", "approved"] as const;

async function loadRequest(db: Db, id: string) {
  return db.request.findUnique({ where: { id }, include: { requester: { select: { name: true } }, team: { select: { name: true } } } });
}
type LoadedRequest = NonNullable<Awaited<ReturnType<typeof loadRequest>>>;

function textOf(r: LoadedRequest): PrTextRequest {
  return { ...r, previous: (r.previous as PrTextRequest["previous"]) ?? null };
}

/** A problem only the requester can fix: the request fails with the reason on its timeline, no retries. */
class UserActionNeeded extends Error {}

/** Applies the request's semantic edit to a file's text; a refusal becomes a message the requester can act on. */
function applyRequestChange(r: LoadedRequest, text: string): string {
  try {
    return applyParamChange(text, detectParamFileKind(r.paramFilePath), r.change as unknown as ParamChange);
  } catch (e) {
    if (isParamFileError(e)) {
      const reason =
        e.code === "duplicate-name"
          ? `the name ${r.deploymentName} was taken on main in the meantime (${e.message})`
          : e.code === "not-found"
            ? `${r.deploymentName} is no longer in ${r.paramFilePath} on main`
            : `${r.paramFilePath} on main can't take the change: ${e.message}`;
      throw new UserActionNeeded(`ModelGate could not prepare the pull request: ${reason}. Submit a new request once this is sorted out.`);
    }
    throw e;
  }
}

async function failWithUserError(deps: Pick<RequestDeps, "db">, r: LoadedRequest, message: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    try {
      await transitionRequest(tx, { requestId: r.id, to: "failed", actor: SYSTEM_ACTOR, event: "pr_error", message, patch: { lastError: message } });
    } catch (e) {
      if (!(e instanceof TransitionConflictError)) throw e;
      await tx.request.update({ where: { id: r.id }, data: { lastError: message } });
      await recordRequestEvent(tx, { requestId: r.id, actor: SYSTEM_ACTOR, event: "pr_error", message });
    }
  });
}

/**
 * Opens a submitted request's pull request: the edit applied to main's current file, on branch
 * modelgate/<number>-<name>. Idempotent (lib/gitops finishes a half-done branch/PR instead of duplicating it),
 * so a retry, a double enqueue or a restart mid-way still leaves one branch and one PR.
 */
export async function openRequestPullRequest(deps: RequestDeps, requestId: string): Promise<void> {
  const r = await loadRequest(deps.db, requestId);
  if (!r || r.status !== "submitting") return;
  const branch = r.branch ?? branchNameFor(r.number, r.deploymentName);
  const baseSha = await deps.gitops.getBranchSha();
  const file = await deps.gitops.readFile(r.paramFilePath, baseSha);
  let content: string;
  try {
    content = applyRequestChange(r, file.content);
  } catch (e) {
    if (!(e instanceof UserActionNeeded)) throw e;
    // main no longer takes this edit (name taken meanwhile, file broken): retrying can't help, the requester must act.
    await failWithUserError(deps, r, e.message);
    return;
  }
  const impact = r.kind === "decommission" ? null : await quotaImpact({ ...r, previous: r.previous ?? undefined }, { db: deps.db, azure: deps.azure }).catch(() => null);
  const text = textOf(r);
  const result = await deps.gitops.openChangePullRequest({
    branch,
    path: r.paramFilePath,
    content,
    expectedSha: file.sha,
    baseSha,
    commitMessage: commitMessage(text, r.requester.name, r.team.name),
    title: prTitle(text),
    body: prBody(text, { requester: r.requester.name, team: r.team.name, requestUrl: `${deps.settings.publicUrl}/requests/${r.id}`, quota: impact }),
    labels: deps.settings.prLabels,
    reviewers: deps.settings.prReviewers,
    teamReviewers: deps.settings.prTeamReviewers,
  });
  const pr = result.pullRequest;
  try {
    await deps.db.$transaction(async (tx) => {
      await transitionRequest(tx, {
        requestId: r.id,
        to: "awaiting_approval",
        actor: SYSTEM_ACTOR,
        event: "pr_opened",
        message: `Pull request #${pr.number} opened: ${pr.title}`,
        data: { prNumber: pr.number, prUrl: pr.url, resumed: result.resumed },
        patch: { prNumber: pr.number, prUrl: pr.url, branch, headSha: result.commitSha, baseSha: result.baseSha, lastError: null },
      });
      // A resumed attempt may have found the branch on an older main: put it on top of the current one.
      if (result.resumed) await enqueuePrRefresh(tx, r.id);
    });
  } catch (e) {
    if (!(e instanceof TransitionConflictError)) throw e;
    // Cancelled while we were opening it: the PR must not stay open.
    const now = await deps.db.request.findUnique({ where: { id: r.id }, select: { status: true } });
    if (now?.status === "cancelled") {
      await deps.db.request.update({ where: { id: r.id }, data: { prNumber: pr.number, prUrl: pr.url, branch } });
      await deps.gitops.closePullRequest(pr.number, { comment: cancelComment(r.number), deleteBranch: true });
    }
  }
}

function cancelComment(number: number): string {
  return `ModelGate request #${number} was cancelled, so this pull request is closed without merging.`;
}

/**
 * Queues a rebuild of a request's PR branch on top of main (main moved under an open PR). Call inside the
 * transaction that noticed it; several calls before the job runs make one job.
 */
export async function enqueuePrRefresh(tx: Db, requestId: string): Promise<void> {
  const waiting = await tx.outboxJob.findFirst({ where: { kind: REFRESH_PR_JOB, requestId, status: "pending" }, select: { id: true } });
  if (waiting) return;
  await enqueueJob(tx, { kind: REFRESH_PR_JOB, requestId });
}

/**
 * Re-applies the request's semantic edit to main's current file and moves the PR branch onto it as one commit,
 * so the PR never conflicts. Nothing happens when the branch is already based on main's tip.
 */
export async function refreshRequestPullRequest(deps: RequestDeps, requestId: string): Promise<void> {
  const r = await loadRequest(deps.db, requestId);
  if (!r || !r.prNumber || !r.branch || !(OPEN_PR_STATUSES as readonly string[]).includes(r.status)) return;
  const mainSha = await deps.gitops.getBranchSha();
  if (mainSha === r.baseSha) return;
  const file = await deps.gitops.readFile(r.paramFilePath, mainSha);
  let content: string;
  try {
    content = applyRequestChange(r, file.content);
  } catch (e) {
    if (!(e instanceof UserActionNeeded)) throw e;
    await deps.db.request.update({ where: { id: r.id }, data: { lastError: e.message } });
    await recordRequestEvent(deps.db, { requestId: r.id, actor: SYSTEM_ACTOR, event: "pr_error", message: e.message });
    return;
  }
  const commit = await deps.gitops.updatePullRequestBranch({ branch: r.branch, path: r.paramFilePath, content, message: commitMessage(textOf(r), r.requester.name, r.team.name), baseSha: mainSha });
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.request.updateMany({
      where: { id: r.id, status: { in: [...OPEN_PR_STATUSES] } },
      data: { headSha: commit.commitSha, baseSha: mainSha, lastError: null },
    });
    if (count) {
      await recordRequestEvent(tx, {
        requestId: r.id,
        actor: SYSTEM_ACTOR,
        event: "branch_updated",
        message: `main moved to ${mainSha.slice(0, 7)}; the change was re-applied on top of it.`,
        data: { headSha: commit.commitSha, baseSha: mainSha },
      });
    }
  });
}

/** Closes a cancelled request's PR (found by number, or by branch if the open-PR job had not recorded it yet). */
export async function closeRequestPullRequest(deps: RequestDeps, requestId: string): Promise<void> {
  const r = await deps.db.request.findUnique({ where: { id: requestId } });
  if (!r || r.status !== "cancelled") return;
  const branch = r.branch ?? branchNameFor(r.number, r.deploymentName);
  const pr = r.prNumber ? await deps.gitops.getPullRequest(r.prNumber) : await deps.gitops.findPullRequestByBranch(branch);
  if (pr && pr.state === "open") {
    await deps.gitops.closePullRequest(pr.number, { comment: cancelComment(r.number), deleteBranch: true });
    await recordRequestEvent(deps.db, { requestId: r.id, actor: SYSTEM_ACTOR, event: "pr_closed", message: `Pull request #${pr.number} closed with a comment; its branch was deleted.` });
  } else await deps.gitops.deleteBranch(branch);
}

/** Retries GitHub's passing troubles; anything else that isn't GitHub's fault ends the job at once. */
function classify(e: unknown): never {
  if (e instanceof GitOpsError && (e.kind === "unauthorized" || e.kind === "forbidden")) throw new PermanentJobError(e.message);
  throw e;
}

/** Job handlers of this module, given how to get their dependencies. */
export function createPullRequestJobHandlers(getDeps: () => Promise<RequestDeps>): Record<string, JobHandler> {
  const onDead = async (job: OutboxJob, error: Error) => {
    if (!job.requestId) return;
    const deps = await getDeps();
    const message = `ModelGate could not reach GitHub to finish this (${error.message}). An admin can retry it.`;
    await deps.db.request.update({ where: { id: job.requestId }, data: { lastError: message } });
    await recordRequestEvent(deps.db, { requestId: job.requestId, actor: SYSTEM_ACTOR, event: "pr_error", message });
  };
  // Opening a PR keeps trying for hours (backoff caps at 5 minutes): a GitHub outage must not strand a request.
  const handler = (run: (deps: RequestDeps, requestId: string) => Promise<void>, maxAttempts = 10): JobHandler => ({
    maxAttempts,
    run: async (job) => {
      if (!job.requestId) return;
      await run(await getDeps(), job.requestId).catch(classify);
    },
    onDead,
  });
  return {
    "open-pr": handler(openRequestPullRequest, 40),
    [REFRESH_PR_JOB]: handler(refreshRequestPullRequest),
    [CLOSE_PR_JOB]: handler(closeRequestPullRequest),
  };
}
