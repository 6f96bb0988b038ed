import "server-only";
import type { ParamChange } from "@/lib/paramfile";
import { recordAuditEvent } from "@/lib/audit";
import type { Prisma, UserWithTeams } from "@/lib/db";
import { countSubmission } from "./count-submission";
import type { DomainDeps } from "./deps";
import { ForbiddenError, RefusedError } from "./errors";
import { ReviseInputSchema, type RequestFieldErrors, type ReviseInput } from "./form/schema";
import { transitionRequest, TransitionConflictError, type Db } from "./lifecycle";
import { discoverAccounts, loadAccountOptions } from "./load-account-options";
import { enqueueJob, JOB_KINDS } from "./outbox";
import { branchNameFor, ownerComment } from "./rules/naming";
import { describeQuota, loadHeldByPending } from "./rules/quota";
import { checkRequestRules, type RequestPlan } from "./rules/request-rules";
import { describeRevision, joinRevision, type RevisableFields } from "./rules/revision";
import { mayReviseRequest } from "./rules/visibility";
import { isStatusIn, PENDING_STATUSES, REVISABLE_STATUSES, STATUS_LABELS, type RequestStatus } from "./status";
import { retryDeploy } from "./retry-deploy";
import { forget } from "./ttl-cache";

/**
 * Where a revision goes, from the request's state:
 * - `push`: changes were requested on an open PR — the revised edit is pushed to the same PR.
 * - `reopen`: it failed before its PR was merged (e.g. the name was taken on main) — the PR is opened again.
 * - `follow-up`: its PR merged but the deploy failed — the element is on main already, so a new PR edits it.
 */
export type RevisionRoute = "push" | "reopen" | "follow-up";

/** The route a revision of this request takes, or null when it can't be revised in its state. */
export function revisionRouteOf(r: { status: string; mergeCommitSha: string | null; kind: string }): RevisionRoute | null {
  if (r.status === "changes_requested") return "push";
  if (r.status !== "failed") return null;
  if (!r.mergeCommitSha) return "reopen";
  // A removal that merged has nothing left to edit in the file; only a new deploy can help.
  return r.kind === "decommission" ? null : "follow-up";
}

type StoredRequest = NonNullable<Awaited<ReturnType<typeof loadForRevision>>>;

async function loadForRevision(db: Db, requestId: string) {
  return db.request.findUnique({ where: { id: requestId }, include: { team: { select: { id: true, name: true } } } });
}

function fieldErrorsOf(issues: { path: PropertyKey[]; message: string; code: string }[]): RequestFieldErrors {
  const errors: RequestFieldErrors = {};
  for (const issue of issues) {
    const key = (issue.path[0] as keyof RequestFieldErrors | undefined) ?? "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

function fieldsOf(r: RevisableFields): RevisableFields {
  return {
    deploymentName: r.deploymentName,
    modelName: r.modelName,
    modelVersion: r.modelVersion,
    skuName: r.skuName,
    capacity: r.capacity,
    versionUpgradeOption: r.versionUpgradeOption,
    raiPolicyName: r.raiPolicyName,
    justification: r.justification,
  };
}

/** What Azure had before the request (its stored `previous` element), as a capacity; 0 for a new deployment. */
function capacityInAzureBefore(r: StoredRequest): number {
  if (r.kind === "create") return 0;
  const c = (r.previous as { sku?: { capacity?: unknown } } | null)?.sku?.capacity;
  return typeof c === "number" ? c : 0;
}

/**
 * Checks a revision of a request with every rule the first submission met, on options read now, leaving the
 * request itself out (its name, its hold, its pending mark). Returns the plan, the route and what changed.
 */
async function planRevision(deps: DomainDeps, user: UserWithTeams, r: StoredRequest, input: ReviseInput) {
  const route = revisionRouteOf(r);
  if (!route) throw new RefusedError(`This request is ${STATUS_LABELS[r.status as RequestStatus]}, so it can't be revised.`);
  if (input.account !== r.accountName) throw RefusedError.forFields({ account: `A revision stays on ${r.accountName}; start a new request for another account.` });
  // A follow-up edits the element the merged PR put on main: it is a change of that element, whatever the request was.
  const action = route === "follow-up" ? "change" : r.kind;
  if (input.action !== action) throw RefusedError.forFields({ form: "A revision keeps the kind of request; start a new request for something else." });
  if (action !== "create" && input.deploymentName.toLowerCase() !== r.deploymentName.toLowerCase()) {
    throw RefusedError.forFields({ deploymentName: `A revision stays on ${r.deploymentName}.` });
  }

  const files = await discoverAccounts(deps, true);
  const file = files.find((f) => f.account.name === r.accountName);
  if (!file) throw RefusedError.forFields({ account: `There is no account "${r.accountName}" in the platform repository any more.` });
  forget(deps.azure, `deployments:${file.account.resourceGroup}/${file.account.name}`);
  forget(deps.azure, `usages:${file.account.location}`);
  const account = await loadAccountOptions(deps, user, file, { excludeRequestId: r.id });
  const now = deps.now?.() ?? new Date();
  const verdict = checkRequestRules(account, { ...input, action, teamName: r.team.name }, { today: now.toISOString(), retirementWindowDays: deps.settings.retirementWindowDays });
  if (!verdict.ok) throw RefusedError.forFields(verdict.errors);
  let plan: RequestPlan = verdict.plan;
  if (route === "follow-up") {
    // Quota is taken relative to what Azure has (the merged values never deployed), not to the file on main.
    const hold = Math.max(0, plan.capacity - capacityInAzureBefore(r));
    const q = account.quota[plan.usageName];
    if (hold > (q?.free ?? 0)) {
      throw RefusedError.forFields({ capacity: `Not enough quota: this needs ${hold} of ${plan.usageName} but only ${q?.free ?? 0} are free in ${account.location}. Ask for less, or ask the platform team for more quota.` });
    }
    plan = { ...plan, kind: r.kind === "create" ? "create" : "change", hold };
  }
  const after: RevisableFields = { ...fieldsOf({ ...plan, justification: input.justification }) };
  const changes = describeRevision(fieldsOf(r), after);
  return { route, plan, account, changes, now };
}

/**
 * Revises a request after changes were requested (or after it failed) and sends it again: every rule is checked
 * again on the server; the request keeps its number and, while its PR is open, its PR (the revised edit is
 * pushed to the same branch by an outbox job). One transaction writes the new values, the timeline entry and
 * the job, so a revision yields exactly one push or PR however often the job runs.
 */
export async function reviseRequest(deps: DomainDeps, user: UserWithTeams, raw: unknown): Promise<{ requestId: string; number: number; changes: string[] }> {
  const parsed = ReviseInputSchema.safeParse(raw);
  if (!parsed.success) throw RefusedError.forFields(fieldErrorsOf(parsed.error.issues));
  const input = parsed.data;
  const r = await loadForRevision(deps.db, input.requestId);
  if (!r || !mayReviseRequest(user, r)) throw new ForbiddenError("Only the requester, their team or an admin can revise this request.");
  if (r.version !== input.expectedVersion) {
    throw new RefusedError(`This request changed since you opened the form (it is now ${STATUS_LABELS[r.status as RequestStatus]}). Nothing was saved; open it again.`);
  }
  const { route, plan, account, changes, now } = await planRevision(deps, user, r, input);
  if (route === "push" && changes.length === 0) {
    throw RefusedError.forFields({ form: "Nothing changed. Change what the reviewer asked for (or explain in the justification), then send it again." });
  }
  return sendRevision(deps, user, r, { route, plan, location: account.location, quota: account.quota[plan.usageName], changes, now, justification: input.justification });
}

/**
 * Sends a failed request again with the same values ("Try again", e.g. after quota was freed or main was
 * fixed): the same rules are checked again. A request whose PR merged but failed to deploy is re-deployed by
 * re-running the deploy of its merge (retryDeploy).
 */
export async function retryRequest(deps: DomainDeps, user: UserWithTeams, requestId: string, expectedVersion: number): Promise<{ requestId: string; number: number }> {
  const r = await loadForRevision(deps.db, requestId);
  if (!r || !mayReviseRequest(user, r)) throw new ForbiddenError("Only the requester, their team or an admin can try this request again.");
  if (r.version !== expectedVersion) throw new RefusedError(`This request changed since you loaded the page (it is now ${STATUS_LABELS[r.status as RequestStatus]}). Reload it.`);
  if (r.status !== "failed") throw new RefusedError("Only a failed request can be tried again.");
  // Merged already: the same values are on main; trying again means deploying the file again.
  if (r.mergeCommitSha) return retryDeploy(deps, user, requestId, expectedVersion);
  const input: ReviseInput = {
    requestId: r.id,
    expectedVersion,
    action: r.kind,
    account: r.accountName,
    teamId: r.teamId,
    deploymentName: r.deploymentName,
    ...(r.kind === "create" ? { modelName: r.modelName, skuName: r.skuName } : {}),
    ...(r.kind !== "decommission" ? { modelVersion: r.modelVersion, capacity: r.capacity } : {}),
    ...(r.versionUpgradeOption ? { versionUpgradeOption: r.versionUpgradeOption as ReviseInput["versionUpgradeOption"] } : {}),
    ...(r.raiPolicyName && r.kind === "create" ? { raiPolicyName: r.raiPolicyName } : {}),
    justification: r.justification,
    submissionKey: `retry-${r.id}`,
  };
  const { route, plan, account, now } = await planRevision(deps, user, r, input);
  const written = await sendRevision(deps, user, r, { route, plan, location: account.location, quota: account.quota[plan.usageName], changes: [], now, justification: r.justification, retry: true });
  return { requestId: written.requestId, number: written.number };
}

async function sendRevision(
  deps: DomainDeps,
  user: UserWithTeams,
  r: StoredRequest,
  s: { route: RevisionRoute; plan: RequestPlan; location: string; quota: { limit: number; usedInAzure: number } | undefined; changes: string[]; now: Date; justification: string; retry?: boolean },
): Promise<{ requestId: string; number: number; changes: string[] }> {
  const { plan, route } = s;
  const revision = r.revision + 1;
  const change: ParamChange = plan.change.op === "add" ? { ...plan.change, comment: ownerComment(r.team.name, r.number) } : plan.change;
  const summary = joinRevision(s.changes, "same values");
  const message = s.retry
    ? `${user.name} tried again with the same values.`
    : `${user.name} revised the request: ${summary}.`;
  try {
    await deps.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`modelgate:submit:${s.location}`}))`;
      await recheckInTransaction(tx, r, plan, s.location, s.quota);
      // Sending a request again counts as a submission (it pushes to GitHub again): past the limit, nothing is written.
      await countSubmission(tx, user.id, deps.settings.submissionsPerHour, s.now);
      await recordAuditEvent(tx, {
        actor: { id: user.id, name: user.name, role: user.role },
        action: s.retry ? "request.retry" : "request.revise",
        target: { type: "request", id: r.id },
        summary: s.retry ? `Tried request #${r.number} again with the same values` : `Revised request #${r.number}: ${summary}`,
        data: { revision, route, changes: s.changes },
        origin: deps.auditOrigin,
      });
      const to = route === "push" ? "awaiting_approval" : "submitting";
      // A follow-up opens a new PR on a branch of its own; the merged PR stays in the timeline.
      const followUp = route === "follow-up";
      await transitionRequest(tx, {
        requestId: r.id,
        to,
        actor: { id: user.id, name: user.name },
        event: s.retry ? "retried" : "revised",
        message,
        expectedVersion: r.version,
        data: { revision, changes: s.changes, route, ...(followUp ? { previousPr: { number: r.prNumber, url: r.prUrl, mergeCommitSha: r.mergeCommitSha } } : {}) },
        patch: {
          deploymentName: plan.deploymentName,
          modelFormat: plan.modelFormat,
          modelName: plan.modelName,
          modelVersion: plan.modelVersion,
          skuName: plan.skuName,
          capacity: plan.capacity,
          usageName: plan.usageName,
          quotaHold: plan.hold,
          versionUpgradeOption: plan.versionUpgradeOption,
          raiPolicyName: plan.raiPolicyName,
          change: change as unknown as Prisma.InputJsonValue,
          justification: s.justification,
          revision,
          revisedAt: s.now,
          lastError: null,
          completedAt: null,
          ...(followUp
            ? { branch: `${branchNameFor(r.number, plan.deploymentName)}-${revision}`, prNumber: null, prUrl: null, headSha: null, baseSha: null, mergeCommitSha: null, checkStatus: null }
            : route === "reopen" && r.kind === "create" && plan.deploymentName !== r.deploymentName
              ? { branch: `${branchNameFor(r.number, plan.deploymentName)}-${revision}` }
              : {}),
        },
      });
      if (route === "push") {
        await enqueueJob(tx, { kind: JOB_KINDS.pushRevision, requestId: r.id, payload: { revision, changes: s.changes }, dedupeKey: `${JOB_KINDS.pushRevision}:${r.id}:${revision}` });
      } else {
        await enqueueJob(tx, { kind: JOB_KINDS.openPr, requestId: r.id, dedupeKey: `${JOB_KINDS.openPr}:${r.id}:${revision}` });
      }
    });
  } catch (e) {
    if (e instanceof TransitionConflictError) throw new RefusedError("Someone else changed this request a moment ago. Nothing was saved; reload it.");
    throw e;
  }
  return { requestId: r.id, number: r.number, changes: s.changes };
}

/** Inside the transaction, under the region's lock: no other pending request took the name or the quota meanwhile. */
async function recheckInTransaction(tx: Prisma.TransactionClient, r: StoredRequest, plan: RequestPlan, location: string, quota: { limit: number; usedInAzure: number } | undefined) {
  const pendingSame = await tx.request.findFirst({
    where: { id: { not: r.id }, accountName: r.accountName, deploymentName: { equals: plan.deploymentName, mode: "insensitive" }, status: { in: [...PENDING_STATUSES] } },
    select: { number: true },
  });
  if (pendingSame) {
    throw RefusedError.forFields({ deploymentName: `${plan.deploymentName} is taken by request #${pendingSame.number} on ${r.accountName}. Choose another name, or wait for it.` });
  }
  if (plan.hold > 0) {
    const held = await loadHeldByPending(tx, { locations: [location], excludeRequestId: r.id });
    const { free } = describeQuota(location, plan.usageName, quota && { current: quota.usedInAzure, limit: quota.limit }, held.get(location, plan.usageName));
    if (plan.hold > free) {
      throw RefusedError.forFields({ capacity: `Not enough quota: this needs ${plan.hold} of ${plan.usageName} but only ${free} are free in ${location} now (another request just took some). Ask for ${free} or less.` });
    }
  }
}

/** Whether the user may revise (or try again) this request now, and which way it would go. */
export function revisionOptionsFor(user: UserWithTeams, r: { requesterId: string; teamId: string; status: string; mergeCommitSha: string | null; kind: string }): { route: RevisionRoute; sameValues: boolean } | null {
  if (!isStatusIn(REVISABLE_STATUSES, r.status) || !mayReviseRequest(user, r)) return null;
  const route = revisionRouteOf(r);
  // "Try again" exists for every failure: reopen the PR, or deploy the merged file again.
  return route ? { route, sameValues: route !== "push" } : r.status === "failed" && r.mergeCommitSha ? { route: "follow-up", sameValues: true } : null;
}
