import "server-only";
import { createHash } from "node:crypto";
import type { AzureModel } from "@/lib/azure";
import { Prisma } from "@/lib/db";
import { isGitOpsError, type GitOpsClient, type PullRequestStatus } from "@/lib/gitops";
import { unifiedDiff } from "@/lib/paramfile";
import { mergeFileDeployments, planMerge, summaryLine, type MergePlan, type PlanDeployment, type PlanModel } from "@/lib/plan";
import { readAccountDeployments, readRecordedUsages } from "./azure-state";
import type { DomainDeps } from "./deps";
import type { Db } from "./lifecycle";
import { enqueueJob, JOB_KINDS } from "./outbox";
import { planCommentMarker, renderPlanComment } from "./plan-comment";
import { readFileDeployments } from "./rules/param-files";
import { isStatusIn, OPEN_PR_STATUSES } from "./status";
import { syncRequestFromPullRequest } from "./sync-from-pull-request";
import { rememberFor } from "./ttl-cache";

/**
 * What an approver reviews, prepared by a job (never per page view): the pull request's real diff at its head,
 * the commits on the branch ModelGate didn't write, the first failed check, and the plan of the merge, which also
 * goes to the pull request as one ModelGate comment, edited in place.
 */

/** A commit on a request's branch that ModelGate didn't write. */
export interface ForeignCommit {
  sha: string;
  author: string;
  message: string;
  date: string | null;
}

/** The first failing check of a head, with what Actions (or the status) says about it. */
export interface FailedCheck {
  name: string;
  conclusion: string | null;
  url: string | null;
  /** The first annotation (or the status's description), as GitHub has it; null when there is none. */
  firstError: string | null;
  /** Where the annotation points (file:line), when it points into the repository's files. */
  where: string | null;
}

/** Why a review is prepared again: a new head or checks (read the PR), or Azure's state changed (reuse the head's parts). */
export type ReviewReason = "pull-request" | "azure";

/** Queues a review preparation unless one is already waiting; call inside the transaction that noticed the change. */
export async function enqueueReviewRefresh(tx: Db, requestId: string, reason: ReviewReason = "pull-request"): Promise<void> {
  const waiting = await tx.outboxJob.findFirst({ where: { kind: JOB_KINDS.prepareReview, requestId, status: "pending" }, select: { id: true, payload: true } });
  if (waiting) {
    // A waiting Azure-only refresh becomes a full one when the pull request changed too.
    if (reason === "pull-request" && (waiting.payload as { reason?: string } | null)?.reason === "azure") {
      await tx.outboxJob.update({ where: { id: waiting.id }, data: { payload: { reason } } });
    }
    return;
  }
  await enqueueJob(tx, { kind: JOB_KINDS.prepareReview, requestId, payload: { reason } });
}

/** Queues reviews for many requests at once (Azure changed under them): one query for those already waiting, one insert. */
export async function enqueueReviewRefreshes(db: Db, requestIds: readonly string[], reason: ReviewReason): Promise<number> {
  if (!requestIds.length) return 0;
  const waiting = await db.outboxJob.findMany({ where: { kind: JOB_KINDS.prepareReview, status: "pending", requestId: { in: [...requestIds] } }, select: { requestId: true } });
  const skip = new Set(waiting.map((w) => w.requestId));
  const todo = requestIds.filter((id) => !skip.has(id));
  if (todo.length) await db.outboxJob.createMany({ data: todo.map((requestId) => ({ kind: JOB_KINDS.prepareReview, requestId, payload: { reason } })) });
  return todo.length;
}

/** Another worker is preparing this request's review right now: the job tries again shortly. */
export class ReviewBusyError extends Error {
  constructor(requestId: string) {
    super(`the review of request ${requestId} is being prepared by another worker`);
    this.name = "ReviewBusyError";
  }
}

const LEASE_MS = 120_000;
const MODELS_TTL = 600_000;
const MAX_COMMITS = 20;
const FAILED = new Set(["failure", "timed_out", "cancelled", "action_required", "startup_failure", "stale"]);

async function claimLease(db: Db, requestId: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ request_id: string }[]>`
    INSERT INTO "request_reviews" ("request_id", "head_sha", "lease_until", "updated_at")
    VALUES (${requestId}::uuid, '', now() + (${LEASE_MS}::int * interval '1 millisecond'), now())
    ON CONFLICT ("request_id") DO UPDATE SET "lease_until" = EXCLUDED."lease_until"
    WHERE "request_reviews"."lease_until" IS NULL OR "request_reviews"."lease_until" < now()
    RETURNING "request_id"`;
  return rows.length > 0;
}

/**
 * Commits from the head back to the last one ModelGate wrote (or, if that isn't on the branch any more, to where
 * the branch left main): someone else's. Commits are read by sha, once each.
 */
export async function findForeignCommits(gitops: GitOpsClient, headSha: string, authoredSha: string | null, baseSha: string | null): Promise<ForeignCommit[]> {
  if (!authoredSha || headSha === authoredSha) return [];
  const out: ForeignCommit[] = [];
  let sha: string | undefined = headSha;
  while (sha && sha !== authoredSha && sha !== baseSha && out.length < MAX_COMMITS) {
    const c = await gitops.getCommit(sha);
    out.push({ sha: c.sha, author: c.author.name || c.author.email, message: c.message.split("\n")[0], date: c.author.date });
    sha = c.parents[0];
  }
  return out;
}

/** The first failing check run (or commit status) of a head, with its first annotation. */
export async function readFailedCheck(gitops: GitOpsClient, pr: PullRequestStatus): Promise<FailedCheck | null> {
  const run = pr.checkRuns.filter((c) => c.status === "completed" && FAILED.has(c.conclusion ?? "")).sort((a, b) => (a.completedAt ?? "").localeCompare(b.completedAt ?? ""))[0];
  if (run) {
    const notes = run.annotationsCount > 0 ? await gitops.listCheckRunAnnotations(run.id) : [];
    const first = notes.find((a) => a.level === "failure") ?? notes[0];
    const text = first ? [first.title, first.message].filter((x): x is string => !!x && x.trim() !== "").join(": ") : "";
    const where = first && first.path && first.path !== ".github" ? `${first.path}:${first.startLine}` : null;
    return { name: run.name, conclusion: run.conclusion, url: run.detailsUrl, firstError: text || null, where };
  }
  const status = pr.combinedStatus.statuses.find((s) => s.state === "failure" || s.state === "error");
  return status ? { name: status.context, conclusion: status.state, url: status.targetUrl, firstError: status.description, where: null } : null;
}

function toPlanDeployment(el: Record<string, unknown>): PlanDeployment | null {
  const model = (el.model ?? {}) as Record<string, unknown>;
  const sku = (el.sku ?? {}) as Record<string, unknown>;
  if (typeof el.name !== "string" || !el.name) return null;
  return {
    name: el.name,
    model: { ...(typeof model.format === "string" ? { format: model.format } : {}), name: String(model.name ?? ""), version: String(model.version ?? "") },
    // What the AVM module sends when the element leaves them out.
    sku: { name: typeof sku.name === "string" ? sku.name : "Standard", capacity: typeof sku.capacity === "number" ? sku.capacity : 1 },
    ...(typeof el.versionUpgradeOption === "string" ? { versionUpgradeOption: el.versionUpgradeOption } : {}),
    ...(typeof el.raiPolicyName === "string" ? { raiPolicyName: el.raiPolicyName } : {}),
  };
}

function deploymentsOf(path: string, content: string | null, param: string): PlanDeployment[] | null {
  if (content === null) return null;
  return readFileDeployments({ path, content }, param)
    .elements.map(toPlanDeployment)
    .filter((d): d is PlanDeployment => d !== null);
}

/** Azure's models of a region for plans (one read per region every 10 minutes), or null when Azure doesn't answer. */
function readModels(deps: Pick<DomainDeps, "azure">, location: string): Promise<PlanModel[] | null> {
  return rememberFor(deps.azure, `plan-models:${location}`, MODELS_TTL, () => deps.azure.listModels(location))
    .then((models: AzureModel[]) => models as PlanModel[])
    .catch(() => null);
}

type StoredReview = NonNullable<Awaited<ReturnType<DomainDeps["db"]["requestReview"]["findUnique"]>>>;

/** Creates or edits ModelGate's one plan comment on the PR, found by its marker when its id isn't known; returns its id. */
async function upsertPlanComment(gitops: GitOpsClient, prNumber: number, requestId: string, body: string, knownId: bigint | null): Promise<number> {
  if (knownId !== null) {
    try {
      return (await gitops.updateIssueComment(Number(knownId), body)).id;
    } catch (e) {
      if (!(isGitOpsError(e) && e.kind === "not-found")) throw e;
    }
  }
  // A retried job (or one whose id was lost) finds the comment it wrote by the hidden marker.
  const marker = planCommentMarker(requestId);
  const existing = (await gitops.listIssueComments(prNumber)).find((c) => c.body.startsWith(marker));
  if (existing) return existing.body === body ? existing.id : (await gitops.updateIssueComment(existing.id, body)).id;
  return (await gitops.createIssueComment(prNumber, body)).id;
}

/**
 * Prepares (or refreshes) the review of a request's pull request and its plan comment. Idempotent and safe to
 * retry: the diff and commits are read once per head sha, an unchanged plan costs no GitHub write, and a retried
 * job edits the same comment. One preparation per request runs at a time (a lease); a busy one retries.
 */
export async function prepareRequestReview(deps: DomainDeps, requestId: string, options: { reason?: ReviewReason } = {}): Promise<"prepared" | "skipped"> {
  const { db } = deps;
  const r = await db.request.findUnique({ where: { id: requestId }, include: { review: true } });
  if (!r || !r.prNumber || !isStatusIn(OPEN_PR_STATUSES, r.status)) return "skipped";
  if (!(await claimLease(db, r.id))) throw new ReviewBusyError(r.id);
  try {
    return await prepare(deps, r, r.review, options.reason ?? "pull-request");
  } finally {
    await db.requestReview.updateMany({ where: { requestId: r.id }, data: { leaseUntil: null } });
  }
}

async function prepare(deps: DomainDeps, r: NonNullable<Awaited<ReturnType<DomainDeps["db"]["request"]["findUnique"]>>>, stored: StoredReview | null, reason: ReviewReason): Promise<"prepared" | "skipped"> {
  const { db, gitops, settings } = deps;
  const prNumber = r.prNumber!;
  let headSha = r.headSha;
  let pr: PullRequestStatus | null = null;
  // Azure moved only: the head (kept current by webhooks and the poll) and its checks are known.
  if (reason === "pull-request" || !stored?.headSha || stored.headSha !== r.headSha || !headSha) {
    pr = await gitops.getPullRequest(prNumber);
    await syncRequestFromPullRequest(db, r.id, pr);
    if (pr.state !== "open") return "skipped";
    headSha = pr.headSha;
  }
  if (!headSha) return "skipped";
  const sameHead = stored?.headSha === headSha && stored.diff !== null;
  const baseSha = (sameHead ? stored!.baseSha : null) ?? r.baseSha ?? pr?.baseSha ?? null;

  let diff: string | null = sameHead ? stored!.diff : null;
  let foreignCommits = (sameHead ? stored!.foreignCommits : []) as unknown as ForeignCommit[];
  if (!sameHead) {
    foreignCommits = await findForeignCommits(gitops, headSha, r.authoredSha, baseSha);
    diff = baseSha
      ? (await gitops.diffCommits(baseSha, headSha))
          .map((f) => unifiedDiff(f.path, f.before ?? "", f.after ?? ""))
          .filter(Boolean)
          .join("")
      : null;
  }
  const failedCheck = pr ? (pr.checks === "failure" ? await readFailedCheck(gitops, pr) : null) : ((stored?.failedCheck ?? null) as FailedCheck | null);

  // The plan: main's file, the branch's base and head (all read by commit sha, once each), against Azure as the
  // reconciler last read it.
  let plan: MergePlan | null = null;
  let planError: string | null = null;
  try {
    const mainSha = await gitops.getBranchSha();
    const param = settings.deploymentsParam;
    const [mainText, baseText, headText] = await Promise.all([
      gitops.readFileAtCommit(r.paramFilePath, mainSha),
      baseSha && baseSha !== mainSha ? gitops.readFileAtCommit(r.paramFilePath, baseSha) : null,
      gitops.readFileAtCommit(r.paramFilePath, headSha),
    ]);
    if (headText === null) throw new Error(`${r.paramFilePath} is not on the pull request's head`);
    const main = deploymentsOf(r.paramFilePath, mainText, param);
    const head = deploymentsOf(r.paramFilePath, headText, param)!;
    const base = baseSha && baseSha !== mainSha ? deploymentsOf(r.paramFilePath, baseText, param) : main;
    const [azure, usages, models] = await Promise.all([
      readAccountDeployments(db, r.accountName),
      readRecordedUsages(db, r.location, r.subscriptionId),
      readModels(deps, r.location),
    ]);
    plan = planMerge({
      account: r.accountName,
      location: r.location,
      requested: [r.deploymentName],
      before: main,
      after: mergeFileDeployments(base, main, head),
      azure: azure ? { readAt: azure.readAt, deployments: azure.deployments } : null,
      usages: usages.length ? usages : null,
      models,
      unmanaged: settings.deployRemovedDeployments,
      retirementWindowDays: settings.retirementWindowDays,
      now: deps.now?.() ?? new Date(),
    });
  } catch (e) {
    if (isGitOpsError(e)) throw e; // GitHub's trouble: the job retries
    planError = `the parameter file at the pull request's head can't be read: ${e instanceof Error ? e.message : String(e)}`;
  }

  await db.requestReview.update({
    where: { requestId: r.id },
    data: {
      headSha,
      baseSha,
      diff,
      foreignCommits: foreignCommits as unknown as Prisma.InputJsonValue,
      failedCheck: failedCheck ? (failedCheck as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
      plan: plan ? (plan as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
      planSummary: plan ? summaryLine(plan) : null,
      planError,
      azureReadAt: plan?.azureReadAt ? new Date(plan.azureReadAt) : null,
      preparedAt: new Date(),
    },
  });

  const body = renderPlanComment(plan, { requestId: r.id, requestNumber: r.number, requestUrl: `${settings.publicUrl}/requests/${r.id}`, headSha, account: r.accountName, location: r.location }, planError);
  const hash = createHash("sha256").update(body).digest("hex");
  if (hash !== stored?.commentHash || stored?.commentId == null) {
    const commentId = await upsertPlanComment(gitops, prNumber, r.id, body, stored?.commentId ?? null);
    await db.requestReview.update({ where: { requestId: r.id }, data: { commentId: BigInt(commentId), commentHash: hash } });
  }
  return "prepared";
}
