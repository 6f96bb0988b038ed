import "server-only";
import type { AzureDeployment } from "@/lib/azure";
import type { PrismaClient } from "@/lib/db";
import type { WorkflowRunSummary } from "@/lib/gitops";
import {
  DEPLOYING_STATUSES,
  describeDeployFailure,
  readDeployFailure,
  recordRequestEvent,
  SYSTEM_ACTOR,
  syncRequestFromPullRequest,
  transitionRequest,
  TransitionConflictError,
  type DeployFailure,
  type DomainDeps,
} from "@/lib/requests";
import type { SyncStatus } from "./inventory-model";
import type { ActualByAccount } from "./read-actual";
import { errorMessage } from "./read-desired";

type SettleDeps = Pick<DomainDeps, "db" | "gitops" | "azure" | "settings" | "now">;

/**
 * Phase 3: moves merged/deploying requests on when GitHub (the deploy run of the merge commit) or Azure (the
 * deployment's provisioning state) have the answer. Returns the requests moved (id → new status). Nothing is
 * decided for an account Azure couldn't be read for this pass.
 */
export async function settleRequests(deps: SettleDeps, actualByAccount: ActualByAccount, gitHubUp: boolean, errors: SyncStatus["errors"]): Promise<Record<string, string>> {
  const moved: Record<string, string> = {};
  if (gitHubUp) await followUnmergedApprovals(deps, moved, errors);
  const active = await deps.db.request.findMany({ where: { status: { in: [...DEPLOYING_STATUSES] } }, orderBy: { createdAt: "asc" } });
  const since = new Date((deps.now?.() ?? new Date()).getTime() - FOLLOW_FAILED_DAYS * 86_400_000);
  const followed = await deps.db.request.findMany({
    where: { OR: [{ status: "awaiting_deletion" }, { status: "failed", mergeCommitSha: { not: null }, completedAt: { gte: since } }] },
    orderBy: { createdAt: "asc" },
    take: 1000,
  });
  const runsBySha = new Map<string, DeployRun | null>();
  for (const r of active) {
    const list = actualByAccount.get(r.accountName);
    if (!list) continue;
    try {
      const to = await settleRequest(deps, r, list, gitHubUp, runsBySha, errors);
      if (to) moved[r.id] = to;
    } catch (e) {
      if (e instanceof TransitionConflictError) continue; // someone else moved it first
      errors.push({ source: "github", message: `Request #${r.number}: ${errorMessage(e)}` });
    }
  }
  for (const r of followed) {
    const list = actualByAccount.get(r.accountName);
    if (!list || moved[r.id]) continue;
    try {
      const to = await followAzure(deps, r, list);
      if (to) moved[r.id] = to;
    } catch (e) {
      if (!(e instanceof TransitionConflictError)) throw e;
    }
  }
  return moved;
}

/** How long an approval in ModelGate may take to merge before the reconciler asks GitHub why it hasn't. */
export const MERGE_GRACE_MS = 10 * 60_000;

/**
 * Requests approved in ModelGate (ModelGate merging) that never merged: the process stopped between the
 * approving review and the merge. Merged or closed on GitHub meanwhile → recorded as such; still open → the
 * reason goes on the request (its page and the queue show it), where approving again merges it.
 */
async function followUnmergedApprovals(deps: SettleDeps, moved: Record<string, string>, errors: SyncStatus["errors"]): Promise<void> {
  if (deps.settings.mergeMethod === "none") return;
  const before = new Date((deps.now?.() ?? new Date()).getTime() - MERGE_GRACE_MS);
  const waiting = await deps.db.request.findMany({
    where: { status: "approved", lastError: null, prNumber: { not: null }, decidedAt: { lt: before }, updatedAt: { lt: before } },
    orderBy: { decidedAt: "asc" },
    take: 100,
  });
  for (const r of waiting) {
    try {
      const pr = await deps.gitops.getPullRequest(r.prNumber!);
      if (pr.state !== "open") {
        await syncRequestFromPullRequest(deps.db, r.id, pr);
        const now = await deps.db.request.findUnique({ where: { id: r.id }, select: { status: true } });
        if (now && now.status !== r.status) moved[r.id] = now.status;
        continue;
      }
      const message = `Approved, but pull request #${r.prNumber} was not merged: ModelGate stopped before merging it. An approver should choose Approve again to merge it.`;
      await deps.db.$transaction(async (tx) => {
        const { count } = await tx.request.updateMany({ where: { id: r.id, status: "approved", version: r.version, lastError: null }, data: { lastError: message } });
        if (count) await recordRequestEvent(tx, { requestId: r.id, actor: SYSTEM_ACTOR, event: "merge_failed", message });
      });
    } catch (e) {
      errors.push({ source: "github", message: `Request #${r.number}: ${errorMessage(e)}` });
    }
  }
}

/** How long after a failed deploy the reconciler still watches Azure for a later deploy that applied it. */
const FOLLOW_FAILED_DAYS = 30;

/**
 * Requests whose answer comes from Azure alone (no GitHub call): a removal waiting for deletion succeeds once
 * Azure no longer has the deployment; a failed deploy succeeds once Azure runs the deployment as requested
 * (a later deploy of the file applied it — e.g. after the other deployment that failed the file was fixed).
 */
async function followAzure(deps: SettleDeps, r: ActiveRequest, deployments: AzureDeployment[]): Promise<string | null> {
  const found = deployments.find((d) => d.name.toLowerCase() === r.deploymentName.toLowerCase()) ?? null;
  const apply = (message: string, event: string) =>
    transitionRequest(deps.db, { requestId: r.id, to: "succeeded", actor: SYSTEM_ACTOR, event, message, patch: { lastError: null } });
  if (r.kind === "decommission") {
    if (found) return null;
    await apply(
      r.status === "awaiting_deletion"
        ? `Azure no longer has ${r.deploymentName} on ${r.accountName}: it was deleted, and its quota is free again.`
        : `Azure no longer has ${r.deploymentName} on ${r.accountName}: a later deploy removed it after all.`,
      r.status === "awaiting_deletion" ? "deleted_in_azure" : "applied_later",
    );
    return "succeeded";
  }
  if (r.status !== "failed" || !found || found.provisioningState !== "Succeeded" || !matchesRequest(r, found)) return null;
  await apply(
    `A later deploy applied it: Azure now runs ${r.deploymentName} as requested (${found.model.name} ${found.model.version}, ${found.sku.name} × ${found.sku.capacity}), so this request succeeded after all.`,
    "applied_later",
  );
  return "succeeded";
}

type ActiveRequest = Awaited<ReturnType<PrismaClient["request"]["findMany"]>>[number];

function matchesRequest(r: ActiveRequest, d: AzureDeployment): boolean {
  return d.model.name === r.modelName && d.model.version === r.modelVersion && d.sku.name === r.skuName && d.sku.capacity === r.capacity;
}

/** A merge's deploy run, and the run of the merge itself when a newer one replaced it in the deploy queue. */
interface DeployRun {
  run: WorkflowRunSummary;
  replaced?: WorkflowRunSummary;
}

/**
 * The run that deploys a merge commit: the push run on main of the commit itself, or — when that run was
 * cancelled (the workflow's concurrency group replaces a waiting run with a newer one) — the first later push run
 * on main that wasn't cancelled. Main only moves forward, so a later run contains the merge, and the seeded
 * workflow deploys everything since the last run that finished.
 */
async function findDeployRun(deps: SettleDeps, sha: string, cache: Map<string, DeployRun | null>): Promise<DeployRun | null> {
  if (cache.has(sha)) return cache.get(sha)!;
  const own = (await deps.gitops.listWorkflowRuns({ headSha: sha })).filter((r) => r.headSha === sha && r.event === "push").sort((a, b) => b.runNumber - a.runNumber)[0];
  let found: DeployRun | null = own ? { run: own } : null;
  if (own?.status === "completed" && own.conclusion === "cancelled" && own.headBranch) {
    const later = (await deps.gitops.listWorkflowRuns({ event: "push", branch: own.headBranch }))
      .filter((r) => r.runNumber > own.runNumber && !(r.status === "completed" && r.conclusion === "cancelled"))
      .sort((a, b) => a.runNumber - b.runNumber)[0];
    if (later) found = { run: later, replaced: own };
  }
  cache.set(sha, found);
  return found;
}

/** Says once on the timeline that a newer run took over this merge's deploy. */
async function noteReplacedRun(deps: SettleDeps, r: ActiveRequest, d: DeployRun): Promise<void> {
  const notes = await deps.db.requestEvent.findMany({ where: { requestId: r.id, type: "deploy_run_replaced" }, select: { data: true } });
  if (notes.some((n) => (n.data as { runId?: number } | null)?.runId === d.run.id)) return;
  await recordRequestEvent(deps.db, {
    requestId: r.id,
    actor: SYSTEM_ACTOR,
    event: "deploy_run_replaced",
    message: `The deploy run of this merge (#${d.replaced!.runNumber}) was cancelled while it waited for the deploy queue: a newer run (#${d.run.runNumber}) took its place and deploys this change too.`,
    data: { runId: d.run.id, runUrl: d.run.url, replacedRunId: d.replaced!.id },
  });
}

/** Moves one merged/deploying request on when GitHub or Azure have the answer; returns its new status. */
async function settleRequest(
  deps: SettleDeps,
  r: ActiveRequest,
  deployments: AzureDeployment[],
  gitHubUp: boolean,
  runs: Map<string, DeployRun | null>,
  errors: SyncStatus["errors"],
): Promise<string | null> {
  const db = deps.db;
  if (gitHubUp && r.prNumber) {
    // The recorded merge must be GitHub's: a request moved on by a wrong event goes back where GitHub says.
    // One conditional read of the PR itself (free while it is unchanged); its reviews and checks don't matter here.
    const pr = await deps.gitops.getPullRequestState(r.prNumber);
    if (!pr.merged) {
      const to = pr.state === "open" ? "awaiting_approval" : "rejected";
      await transitionRequest(db, {
        requestId: r.id,
        to,
        actor: SYSTEM_ACTOR,
        event: "pr_state_corrected",
        message: `GitHub says pull request #${r.prNumber} is ${pr.state === "open" ? "still open" : "closed without merging"}: the merge recorded here did not happen.`,
        patch: { mergeCommitSha: null },
      });
      return to;
    }
  }
  if (r.status === "merged") {
    await transitionRequest(db, { requestId: r.id, to: "deploying", actor: SYSTEM_ACTOR, event: "deploying", message: "The deploy workflow is applying the parameter file." });
  }
  const found = deployments.find((d) => d.name.toLowerCase() === r.deploymentName.toLowerCase()) ?? null;
  let run: WorkflowRunSummary | null = null;
  if (gitHubUp && r.mergeCommitSha) {
    try {
      const deploy = await findDeployRun(deps, r.mergeCommitSha, runs);
      if (deploy?.replaced) await noteReplacedRun(deps, r, deploy);
      run = deploy?.run ?? null;
    } catch (e) {
      errors.push({ source: "github", message: `Deploy run of request #${r.number}: ${errorMessage(e)}` });
    }
  }
  const runDone = run?.status === "completed";
  const runFailed = runDone && run!.conclusion !== "success" && run!.conclusion !== "skipped" && run!.conclusion !== "neutral";
  const runData = run ? { runId: run.id, runUrl: run.url, conclusion: run.conclusion } : {};

  if (r.kind === "decommission") {
    if (!found) {
      await transitionRequest(db, { requestId: r.id, to: "succeeded", actor: SYSTEM_ACTOR, event: "deploy_succeeded", message: `Deployment ${r.deploymentName} is gone from ${r.accountName}.`, data: runData });
      return "succeeded";
    }
    if (runFailed) return fail(deps, r, run!, found);
    if (runDone) {
      // Incremental deployments leave removed elements in Azure: the repository no longer manages it, but it
      // runs and holds quota until someone deletes it, so the request isn't done yet (followAzure ends it).
      await transitionRequest(db, {
        requestId: r.id,
        to: "awaiting_deletion",
        actor: SYSTEM_ACTOR,
        event: "decommission_still_in_azure",
        message:
          `Merged, still in Azure: ${r.deploymentName} was removed from the parameter file, but the deploy workflow runs in Incremental mode, ` +
          `so Azure keeps the deployment (and its quota). A platform admin deletes it in Azure, or the pipeline deletes unmanaged deployments; this request succeeds once Azure no longer has it.`,
        data: runData,
      });
      return "awaiting_deletion";
    }
    return null;
  }

  if (found && found.provisioningState === "Succeeded" && matchesRequest(r, found)) {
    await transitionRequest(db, {
      requestId: r.id,
      to: "succeeded",
      actor: SYSTEM_ACTOR,
      event: "deploy_succeeded",
      message: `Azure reports ${r.deploymentName} Succeeded: ${found.model.name} ${found.model.version}, ${found.sku.name} × ${found.sku.capacity}.`,
      data: runData,
    });
    return "succeeded";
  }
  if (runFailed) return fail(deps, r, run!, found);
  if (found && found.provisioningState === "Failed" && matchesRequest(r, found)) return fail(deps, r, run, found);
  if (runDone && found && found.provisioningState === "Succeeded" && !matchesRequest(r, found)) {
    // The run finished but Azure shows something else (changed by hand since, or overwritten): say so once.
    const already = await db.requestEvent.findFirst({ where: { requestId: r.id, type: "deploy_mismatch" }, select: { id: true } });
    if (!already) {
      await recordRequestEvent(db, {
        requestId: r.id,
        actor: SYSTEM_ACTOR,
        event: "deploy_mismatch",
        message: `The deploy run finished, but Azure shows ${found.model.name} ${found.model.version}, ${found.sku.name} × ${found.sku.capacity}.`,
        data: runData,
      });
    }
  }
  return null;
}

/** A failure explanation as the timeline stores it (all its fields are strings or null). */
function asJson(f: DeployFailure): Record<string, string | null> {
  return { ...f };
}

/**
 * Marks the request failed with Azure's own account of why: the workflow's template deployment (its nested
 * error and failed operations) or ARM's validation of the merged file, explained for this request (its own
 * deployment, ANOTHER one in the same file, or a conflict), with the next step.
 */
async function fail(deps: SettleDeps, r: ActiveRequest, run: WorkflowRunSummary | null, found: AzureDeployment | null): Promise<string> {
  let failure: DeployFailure | null = null;
  let accepted = false;
  try {
    const read = await readDeployFailure(deps, {
      ...r,
      since: r.decidedAt ?? r.submittedAt ?? null,
      run: run ? { startedAt: run.createdAt, endedAt: run.updatedAt } : null,
    });
    if (read && "accepted" in read) accepted = true;
    else failure = read;
  } catch {
    // Azure couldn't be asked; the run's conclusion and the deployment's state still tell something.
  }
  const azureSays = found?.provisioningState === "Failed" ? `Azure reports ${r.deploymentName} Failed.` : null;
  const ended: Record<string, string> = { failure: "failed", cancelled: "was cancelled", timed_out: "timed out" };
  const runSays = run ? `The deploy workflow run ${ended[run.conclusion ?? "failure"] ?? `ended ${run.conclusion}`}: ${run.url}` : null;
  // Azure says why; the run's conclusion and link say where to look and what to re-run.
  const text = failure
    ? [describeDeployFailure(failure), runSays].filter(Boolean).join(" ")
    : accepted
      ? `${runSays ?? "The deploy workflow failed"} — but Azure accepts the merged file and holds no failed deployment of it: the run failed before it reached Azure. Next step: re-run the deploy workflow (see the run's log).`
      : [azureSays, runSays].filter(Boolean).join(" ") || "The deploy workflow failed; Azure holds no record of why. Next step: check the run's log, then re-run it.";
  await transitionRequest(deps.db, {
    requestId: r.id,
    to: "failed",
    actor: SYSTEM_ACTOR,
    event: "deploy_failed",
    message: text,
    data: { ...(run ? { runId: run.id, runUrl: run.url, conclusion: run.conclusion } : {}), ...(failure ? { azure: asJson(failure) } : {}) },
    patch: { lastError: text },
  });
  return "failed";
}
