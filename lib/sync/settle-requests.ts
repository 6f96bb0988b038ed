import "server-only";
import type { AzureDeployment } from "@/lib/azure";
import type { PrismaClient } from "@/lib/db";
import type { WorkflowRunSummary } from "@/lib/gitops";
import { DEPLOYING_STATUSES, recordRequestEvent, SYSTEM_ACTOR, transitionRequest, TransitionConflictError, type DomainDeps } from "@/lib/requests";
import type { SyncStatus } from "./inventory-model";
import type { ActualByAccount } from "./read-actual";
import { errorMessage } from "./read-desired";

type SettleDeps = Pick<DomainDeps, "db" | "gitops">;

/**
 * Phase 3: moves merged/deploying requests on when GitHub (the deploy run of the merge commit) or Azure (the
 * deployment's provisioning state) have the answer. Returns the requests moved (id → new status). Nothing is
 * decided for an account Azure couldn't be read for this pass.
 */
export async function settleRequests(deps: SettleDeps, actualByAccount: ActualByAccount, gitHubUp: boolean, errors: SyncStatus["errors"]): Promise<Record<string, string>> {
  const moved: Record<string, string> = {};
  const active = await deps.db.request.findMany({ where: { status: { in: [...DEPLOYING_STATUSES] } }, orderBy: { createdAt: "asc" } });
  const runsBySha = new Map<string, WorkflowRunSummary | null>();
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
  return moved;
}

type ActiveRequest = Awaited<ReturnType<PrismaClient["request"]["findMany"]>>[number];

function matchesRequest(r: ActiveRequest, d: AzureDeployment): boolean {
  return d.model.name === r.modelName && d.model.version === r.modelVersion && d.sku.name === r.skuName && d.sku.capacity === r.capacity;
}

/** The deploy run of a merge commit: the push-triggered run on main (newest first). */
async function findDeployRun(deps: SettleDeps, sha: string, cache: Map<string, WorkflowRunSummary | null>): Promise<WorkflowRunSummary | null> {
  if (cache.has(sha)) return cache.get(sha)!;
  const runs = await deps.gitops.listWorkflowRuns({ headSha: sha });
  const run = runs.filter((r) => r.headSha === sha && r.event === "push").sort((a, b) => b.runNumber - a.runNumber)[0] ?? null;
  cache.set(sha, run);
  return run;
}

/** Azure's error for this deployment from the deploy job's annotations (the run log carries the ARM error). */
async function readDeployError(deps: SettleDeps, sha: string, deployment: string): Promise<string | null> {
  const checks = await deps.gitops.listCheckRuns(sha);
  const failing = checks.filter((c) => c.conclusion === "failure" || c.conclusion === "cancelled" || c.conclusion === "timed_out");
  const job = failing.find((c) => /deploy/i.test(c.name)) ?? failing[0];
  if (!job) return null;
  const notes = job.annotationsCount > 0 ? await deps.gitops.listCheckRunAnnotations(job.id) : [];
  const mine = notes.filter((a) => `${a.title ?? ""} ${a.message ?? ""}`.includes(deployment));
  const picked = (mine.length ? mine : notes).map((a) => [a.title, a.message].filter(Boolean).join(" — "));
  if (picked.length) return picked.join("; ");
  return job.summary || job.title || null;
}

/** Moves one merged/deploying request on when GitHub or Azure have the answer; returns its new status. */
async function settleRequest(
  deps: SettleDeps,
  r: ActiveRequest,
  deployments: AzureDeployment[],
  gitHubUp: boolean,
  runs: Map<string, WorkflowRunSummary | null>,
  errors: SyncStatus["errors"],
): Promise<string | null> {
  const db = deps.db;
  if (gitHubUp && r.prNumber) {
    // The recorded merge must be GitHub's: a request moved on by a wrong event goes back where GitHub says.
    const pr = await deps.gitops.getPullRequest(r.prNumber);
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
      run = await findDeployRun(deps, r.mergeCommitSha, runs);
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
      // Incremental deployments leave removed elements in Azure: the repository no longer manages it.
      await transitionRequest(db, {
        requestId: r.id,
        to: "succeeded",
        actor: SYSTEM_ACTOR,
        event: "decommission_still_in_azure",
        message:
          `Merged, still in Azure: ${r.deploymentName} was removed from the parameter file, but the deploy workflow runs in Incremental mode, ` +
          `so Azure keeps the deployment (and its quota). A platform admin deletes it in Azure, or the pipeline deletes unmanaged deployments.`,
        data: runData,
      });
      return "succeeded";
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

async function fail(deps: SettleDeps, r: ActiveRequest, run: WorkflowRunSummary | null, found: AzureDeployment | null): Promise<string> {
  let detail: string | null = null;
  if (run && r.mergeCommitSha) {
    detail = await readDeployError(deps, r.mergeCommitSha, r.deploymentName).catch(() => null);
  }
  const azureSays = found?.provisioningState === "Failed" ? `Azure reports ${r.deploymentName} Failed.` : null;
  const text = detail ?? azureSays ?? `The deploy workflow ${run?.conclusion ?? "failed"}.`;
  await transitionRequest(deps.db, {
    requestId: r.id,
    to: "failed",
    actor: SYSTEM_ACTOR,
    event: "deploy_failed",
    message: text,
    data: run ? { runId: run.id, runUrl: run.url, conclusion: run.conclusion } : {},
    patch: { lastError: text },
  });
  return "failed";
}

