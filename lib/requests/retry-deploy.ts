import "server-only";
import { recordAuditEvent } from "@/lib/audit";
import type { UserWithTeams } from "@/lib/db";
import { countSubmission } from "./count-submission";
import type { DomainDeps } from "./deps";
import { ForbiddenError, RefusedError } from "./errors";
import { transitionRequest, TransitionConflictError } from "./lifecycle";
import { discoverAccounts, loadAccountOptions } from "./load-account-options";
import { describeQuota, loadHeldByPending } from "./rules/quota";
import { mayReviseRequest } from "./rules/visibility";
import { STATUS_LABELS, type RequestStatus } from "./status";
import { forget } from "./ttl-cache";

/**
 * "Try again" for a request whose PR merged but whose deploy failed (e.g. quota was freed since, or another
 * deployment in the file has been fixed): re-runs the failed jobs of the merge's deploy run, so the same file
 * is applied again, and follows the request as deploying. Refused when main's file changed since the merge
 * (re-running the old run would apply an older file: the next deploy of the current file decides instead),
 * and when the quota the request needs is not free now.
 */
export async function retryDeploy(deps: DomainDeps, user: UserWithTeams, requestId: string, expectedVersion: number): Promise<{ requestId: string; number: number }> {
  const r = await deps.db.request.findUnique({ where: { id: requestId }, include: { team: { select: { name: true } } } });
  if (!r || !mayReviseRequest(user, r)) throw new ForbiddenError("Only the requester, their team or an admin can try this request again.");
  if (r.version !== expectedVersion) throw new RefusedError(`This request changed since you loaded the page (it is now ${STATUS_LABELS[r.status as RequestStatus]}). Reload it.`);
  if (r.status !== "failed" || !r.mergeCommitSha) throw new RefusedError("Only a request whose deploy failed after its merge can be deployed again.");

  const [atMerge, onMain] = await Promise.all([deps.gitops.readFile(r.paramFilePath, r.mergeCommitSha), deps.gitops.readFile(r.paramFilePath)]);
  if (atMerge.sha !== onMain.sha) {
    throw new RefusedError(
      `${r.paramFilePath} changed on main since this request merged, so re-running its deploy would apply an older file. The next deploy of the file applies ${r.deploymentName} (this request follows Azure), or use Change and try again.`,
    );
  }
  const runs = await deps.gitops.listWorkflowRuns({ headSha: r.mergeCommitSha, event: "push" });
  const run = runs.filter((x) => x.headSha === r.mergeCommitSha).sort((a, b) => b.runNumber - a.runNumber)[0];
  if (!run) throw new RefusedError("ModelGate can't find the deploy run of this request's merge on GitHub; ask the platform team to re-run the deploy.");
  if (run.status !== "completed") throw new RefusedError("The deploy of this merge is running again already; this page follows it.");

  // The request holds quota again while it deploys: what Azure doesn't have yet must be free now.
  const previous = (r.previous as { sku?: { capacity?: number } } | null)?.sku?.capacity ?? 0;
  const hold = r.kind === "create" ? r.capacity : r.kind === "change" ? Math.max(0, r.capacity - previous) : 0;
  if (hold > 0) {
    const file = (await discoverAccounts(deps, true)).find((f) => f.account.name === r.accountName);
    if (file) {
      forget(deps.azure, `usages:${file.account.location}`);
      const account = await loadAccountOptions(deps, user, file, { excludeRequestId: r.id });
      const usage = account.quota[r.usageName];
      const held = await loadHeldByPending(deps.db, { locations: [r.location], excludeRequestId: r.id });
      const { free } = describeQuota(r.location, r.usageName, usage && { current: usage.usedInAzure, limit: usage.limit }, held.get(r.location, r.usageName));
      if (hold > free) {
        throw new RefusedError(`Not enough quota yet: this needs ${hold} of ${r.usageName} but only ${free} are free in ${r.location}. Try again once quota is freed, or use Change and try again to ask for less.`);
      }
    }
  }

  // Re-running a deploy counts as a submission: checked before GitHub is asked, so past the limit nothing runs.
  await countSubmission(deps.db, user.id, deps.settings.submissionsPerHour, deps.now?.() ?? new Date());
  await deps.gitops.rerunFailedJobs(run.id);
  await recordAuditEvent(deps.db, {
    actor: { id: user.id, name: user.name, role: user.role },
    action: "request.retry",
    target: { type: "request", id: r.id },
    summary: `Re-ran the deploy of request #${r.number} (${run.url})`,
    data: { runId: run.id, mergeCommitSha: r.mergeCommitSha },
    origin: deps.auditOrigin,
  });
  try {
    await transitionRequest(deps.db, {
      requestId: r.id,
      to: "deploying",
      actor: { id: user.id, name: user.name },
      event: "retried",
      message: `${user.name} re-ran the deploy of the merge (${r.mergeCommitSha.slice(0, 7)}): ${run.url}`,
      expectedVersion,
      data: { runId: run.id, runUrl: run.url },
      patch: { quotaHold: hold, lastError: null, completedAt: null },
    });
  } catch (e) {
    if (e instanceof TransitionConflictError) throw new RefusedError("Someone else changed this request a moment ago; reload it.");
    throw e;
  }
  deps.wakeReconciler?.();
  return { requestId: r.id, number: r.number };
}
