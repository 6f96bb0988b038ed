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
  transitionRequest,
  TransitionConflictError,
  type DeployFailure,
  type DomainDeps,
} from "@/lib/requests";
import type { SyncStatus } from "./inventory-model";
import type { ActualByAccount } from "./read-actual";
import { errorMessage } from "./read-desired";

type SettleDeps = Pick<DomainDeps, "db" | "gitops" | "azure" | "settings">;

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
  const text = failure
    ? describeDeployFailure(failure)
    : accepted
      ? `The deploy workflow ${run?.conclusion ?? "failed"}, but Azure accepts the merged file and holds no failed deployment of it: the run failed before it reached Azure. Next step: re-run the deploy workflow (see the run's log).`
      : (azureSays ?? `The deploy workflow ${run?.conclusion ?? "failed"}; Azure holds no record of why. Next step: check the run's log, then re-run it.`);
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
