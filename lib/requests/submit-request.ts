import "server-only";
import { hasCapability } from "@/lib/auth/client";
import type { Prisma, UserWithTeams } from "@/lib/db";
import type { DomainDeps } from "./deps";
import { ForbiddenError, RefusedError } from "./errors";
import { RequestInputSchema, type RequestFieldErrors, type RequestInput } from "./form/schema";
import { markRefusalsTrimmed, recordQuotaRefusal } from "./record-quota-refusal";
import { discoverAccounts, loadAccountOptions } from "./load-account-options";
import { enqueueJob, JOB_KINDS } from "./outbox";
import { branchNameFor, ownerComment } from "./rules/naming";
import { describeQuota, loadHeldByPending } from "./rules/quota";
import { checkRequestRules, type RequestPlan } from "./rules/request-rules";
import { PENDING_STATUSES } from "./status";
import { forget } from "./ttl-cache";
import { recordAuditEvent } from "@/lib/audit";
import { countSubmission } from "./count-submission";

class DuplicateSubmission extends Error {}

/** The pool had room when the form was checked, but not in the submission's transaction. */
class QuotaTakenMeanwhile extends RefusedError {
  constructor(
    readonly available: number,
    errors: Record<string, string>,
  ) {
    super(Object.values(errors).join(" "), errors);
  }
}

function refusalOf(user: UserWithTeams, teamId: string, account: { subscriptionId: string; location: string; name: string }, deploymentName: string) {
  return { subscriptionId: account.subscriptionId, location: account.location, userId: user.id, teamId, accountName: account.name, deploymentName };
}

/**
 * Validates a request again on the server (schema, role, team, and every rule over freshly read options), then
 * writes the request, its "submitted" event and its open-PR job in one transaction. The same submission key
 * returns the request already written (a double click or a retried post).
 */
export async function submitRequest(deps: DomainDeps, user: UserWithTeams, raw: unknown): Promise<{ requestId: string; number: number; created: boolean; warnings: string[] }> {
  if (!hasCapability(user.role, "request:create")) throw new ForbiddenError("Your role can't submit requests; ask a Requester on the team.");
  const parsed = RequestInputSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: RequestFieldErrors = {};
    for (const issue of parsed.error.issues) {
      const key = (issue.path[0] as keyof RequestFieldErrors | undefined) ?? "form";
      if (issue.code === "unrecognized_keys") errors.form = `Unexpected field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`;
      else errors[key] ??= issue.message;
    }
    throw RefusedError.forFields(errors);
  }
  const input = parsed.data;
  const dedupeKey = `${JOB_KINDS.openPr}:${input.submissionKey}`;
  const earlier = await findSubmission(deps, user, dedupeKey);
  if (earlier) return { ...earlier, created: false, warnings: [] };
  try {
    return await createSubmission(deps, user, input, dedupeKey);
  } catch (e) {
    // Identical posts racing each other (a double click, a retried request): whichever lost sees the winner's
    // request as "name already used". The same submission key means the same request: answer with it.
    if (e instanceof RefusedError || e instanceof DuplicateSubmission) {
      const again = await findSubmission(deps, user, dedupeKey);
      if (again) return { ...again, created: false, warnings: [] };
    }
    throw e;
  }
}

async function createSubmission(
  deps: DomainDeps,
  user: UserWithTeams,
  input: RequestInput,
  dedupeKey: string,
): Promise<{ requestId: string; number: number; created: boolean; warnings: string[] }> {
  const team = user.role === "admin" ? await deps.db.team.findUnique({ where: { id: input.teamId } }) : user.teams.find((t) => t.id === input.teamId);
  if (!team) throw new ForbiddenError("You can only request for a team you belong to.");

  const files = await discoverAccounts(deps, true);
  const file = files.find((f) => f.account.name === input.account);
  if (!file) throw RefusedError.forFields({ account: `There is no account "${input.account}" in the platform repository.` });
  // Decide on fresh Azure answers: names and quota may have changed since the form was loaded.
  forget(deps.azure, `deployments:${file.account.resourceGroup}/${file.account.name}`);
  forget(deps.azure, `usages:${file.account.location}`);
  const account = await loadAccountOptions(deps, user, file);
  const now = deps.now?.() ?? new Date();
  const verdict = checkRequestRules(account, { ...input, teamName: team.name }, { today: now.toISOString(), retirementWindowDays: deps.settings.retirementWindowDays });
  if (!verdict.ok) {
    // Refused for quota alone: the quota increase list counts it.
    if (verdict.quotaShortfall && Object.keys(verdict.errors).every((k) => k === "capacity")) {
      await recordQuotaRefusal(deps.db, { ...refusalOf(user, team.id, account, input.deploymentName), ...verdict.quotaShortfall }, now);
    }
    throw RefusedError.forFields(verdict.errors);
  }
  const plan = verdict.plan;

  try {
    const written = await deps.db.$transaction(async (tx) => {
      // One submission at a time per region: the name and quota checks below can't race another request.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`modelgate:submit:${account.location}`}))`;
      // Under the lock: an identical post that got here first has committed its request and job.
      if ((await tx.outboxJob.count({ where: { dedupeKey } })) > 0) throw new DuplicateSubmission();
      await recheckInTransaction(tx, plan, account.name, account.location, account.quota[plan.usageName]);
      const row = await tx.request.create({
        data: {
          kind: plan.kind,
          status: "submitting",
          requesterId: user.id,
          teamId: team.id,
          subscriptionId: account.subscriptionId,
          resourceGroup: account.resourceGroup,
          accountName: account.name,
          location: account.location,
          paramFilePath: account.paramFilePath,
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
          previous: plan.previous ? (previousElement(plan) as Prisma.InputJsonValue) : undefined,
          change: {},
          justification: input.justification,
          submittedAt: now,
        },
      });
      // Counted only when a request is really created (a replayed submission key counts nothing), inside
      // the transaction: past the limit, nothing is written.
      await countSubmission(tx, user.id, deps.settings.submissionsPerHour, now);
      await recordAuditEvent(tx, {
        actor: { id: user.id, name: user.name, role: user.role },
        action: "request.submit",
        target: { type: "request", id: row.id },
        summary: `Submitted request #${row.number}: ${plan.kind} ${plan.deploymentName} on ${account.name}`,
        data: { kind: plan.kind, account: account.name, deployment: plan.deploymentName, capacity: plan.capacity },
        origin: deps.auditOrigin,
      });
      const change = plan.change.op === "add" ? { ...plan.change, comment: ownerComment(team.name, row.number) } : plan.change;
      await tx.request.update({ where: { id: row.id }, data: { change: change as Prisma.InputJsonValue, branch: branchNameFor(row.number, plan.deploymentName) } });
      if (plan.hold > 0) {
        await markRefusalsTrimmed(tx, { requestId: row.id, userId: user.id, accountName: account.name, deploymentName: plan.deploymentName, usageName: plan.usageName, hold: plan.hold }, now);
      }
      await tx.requestEvent.create({
        data: {
          requestId: row.id,
          type: "submitted",
          toStatus: "submitting",
          actorId: user.id,
          actorName: user.name,
          message: `${user.name} asked to ${plan.kind === "create" ? "add" : plan.kind === "change" ? "change" : "remove"} ${plan.deploymentName} on ${account.name}.`,
          data: plan.warnings.length ? { warnings: plan.warnings } : undefined,
        },
      });
      const before = await tx.outboxJob.count({ where: { dedupeKey } });
      if (before > 0) throw new DuplicateSubmission();
      await enqueueJob(tx, { kind: JOB_KINDS.openPr, requestId: row.id, dedupeKey });
      if ((await tx.outboxJob.count({ where: { dedupeKey, requestId: row.id } })) !== 1) throw new DuplicateSubmission();
      return { requestId: row.id, number: row.number };
    });
    return { ...written, created: true, warnings: plan.warnings };
  } catch (e) {
    if (e instanceof QuotaTakenMeanwhile) {
      await recordQuotaRefusal(deps.db, { ...refusalOf(user, team.id, account, plan.deploymentName), usageName: plan.usageName, requested: plan.hold, available: e.available }, now);
    }
    if (e instanceof DuplicateSubmission) {
      const again = await findSubmission(deps, user, dedupeKey);
      if (again) return { ...again, created: false, warnings: [] };
    }
    throw e;
  }
}

function previousElement(plan: RequestPlan) {
  const p = plan.previous!;
  return {
    name: p.name,
    model: { format: p.modelFormat, name: p.modelName, version: p.modelVersion },
    sku: { name: p.skuName, capacity: p.capacity },
    ...(p.raiPolicyName ? { raiPolicyName: p.raiPolicyName } : {}),
    ...(p.versionUpgradeOption ? { versionUpgradeOption: p.versionUpgradeOption } : {}),
    team: p.team,
  };
}

async function findSubmission(deps: DomainDeps, user: UserWithTeams, dedupeKey: string) {
  const job = await deps.db.outboxJob.findUnique({ where: { dedupeKey }, select: { request: { select: { id: true, number: true, requesterId: true } } } });
  if (!job?.request) return null;
  if (job.request.requesterId !== user.id) throw RefusedError.forFields({ form: "This form was already used by someone else. Reload it and try again." });
  return { requestId: job.request.id, number: job.request.number };
}

async function recheckInTransaction(
  tx: Prisma.TransactionClient,
  plan: RequestPlan,
  accountName: string,
  location: string,
  quota: { limit: number; usedInAzure: number } | undefined,
): Promise<void> {
  const pendingSame = await tx.request.findFirst({
    where: { accountName, deploymentName: { equals: plan.deploymentName, mode: "insensitive" }, status: { in: [...PENDING_STATUSES] } },
    select: { number: true },
  });
  if (pendingSame) {
    throw RefusedError.forFields({
      deploymentName:
        plan.kind === "create"
          ? `The name "${plan.deploymentName}" is already used on ${accountName} (requested in #${pendingSame.number}). Choose another name.`
          : `${plan.deploymentName} already has request #${pendingSame.number} in flight; wait for it or cancel it first.`,
    });
  }
  if (plan.hold > 0) {
    const held = await loadHeldByPending(tx, { locations: [location] });
    const { free } = describeQuota(location, plan.usageName, quota && { current: quota.usedInAzure, limit: quota.limit }, held.get(location, plan.usageName));
    if (plan.hold > free) {
      throw new QuotaTakenMeanwhile(free, { capacity: `Not enough quota: this needs ${plan.hold} of ${plan.usageName} but only ${free} are free in ${location} now (another request just took some). Ask for ${free} or less.` });
    }
  }
}
