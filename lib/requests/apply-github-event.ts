import "server-only";
import type { PrismaClient } from "@/lib/db";
import type { DomainDeps } from "./deps";
import { recordRequestEvent, SYSTEM_ACTOR } from "./lifecycle";
import { enqueuePrRefresh } from "./refresh-pull-request";
import { isStatusIn, OPEN_PR_STATUSES } from "./status";
import { githubActor, recordClosed, recordMerge, recordReview, syncRequestFromPullRequest } from "./sync-from-pull-request";

/** The few fields of a GitHub webhook ModelGate acts on (kept small in the outbox). */
export type GitHubEventSummary =
  | { kind: "pull_request"; action: string; number: number; merged: boolean; mergeCommitSha: string | null; headSha: string; sender: string }
  | { kind: "review"; action: string; number: number; state: string; user: string; body: string | null }
  | { kind: "checks"; headSha: string; numbers: number[] }
  | { kind: "workflow_run"; action: string; event: string; headSha: string; conclusion: string | null; url: string | null; name: string | null; numbers: number[] }
  | { kind: "push"; ref: string; after: string };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const numbersOf = (v: unknown): number[] => (Array.isArray(v) ? v.map((p) => obj(p).number).filter((n): n is number => typeof n === "number") : []);

/** Reduces a webhook payload to what ModelGate needs, or null for events it ignores. */
export function summarizeGitHubEvent(event: string, body: unknown): GitHubEventSummary | null {
  const p = obj(body);
  const action = str(p.action) ?? "";
  if (event === "pull_request") {
    const pr = obj(p.pull_request);
    if (typeof pr.number !== "number") return null;
    return {
      kind: "pull_request",
      action,
      number: pr.number,
      merged: pr.merged === true,
      mergeCommitSha: str(pr.merge_commit_sha),
      headSha: str(obj(pr.head).sha) ?? "",
      sender: str(obj(p.sender).login) ?? "someone",
    };
  }
  if (event === "pull_request_review") {
    const pr = obj(p.pull_request);
    const review = obj(p.review);
    if (typeof pr.number !== "number") return null;
    return { kind: "review", action, number: pr.number, state: str(review.state) ?? "", user: str(obj(review.user).login) ?? "someone", body: str(review.body) };
  }
  if (event === "check_run" || event === "check_suite") {
    const c = obj(event === "check_run" ? p.check_run : p.check_suite);
    const headSha = str(c.head_sha);
    return headSha ? { kind: "checks", headSha, numbers: numbersOf(c.pull_requests) } : null;
  }
  if (event === "push") {
    const ref = str(p.ref);
    const after = str(p.after);
    // Branch deletions (after = zeros) change nothing a request depends on.
    return ref && after && !/^0+$/.test(after) ? { kind: "push", ref, after } : null;
  }
  if (event === "workflow_run") {
    const run = obj(p.workflow_run);
    const headSha = str(run.head_sha);
    if (!headSha) return null;
    return { kind: "workflow_run", action, event: str(run.event) ?? "", headSha, conclusion: str(run.conclusion), url: str(run.html_url), name: str(run.name), numbers: numbersOf(run.pull_requests) };
  }
  return null;
}

async function findByPullNumber(db: PrismaClient, number: number) {
  return db.request.findFirst({ where: { prNumber: number }, orderBy: { createdAt: "desc" } });
}

/**
 * Applies one GitHub event to ModelGate, exactly as if the decision had been made here: merges, closes and
 * reviews move the request; check and PR workflow events refresh the head's check verdict (one conditional read);
 * a push to main re-applies the open requests' changes on top of it.
 */
export async function applyGitHubEvent(deps: Pick<DomainDeps, "db" | "gitops" | "wakeReconciler">, event: GitHubEventSummary): Promise<void> {
  const { db } = deps;
  if (event.kind === "push") {
    // main moved: every open PR based on an older main gets its change re-applied on the new one.
    if (event.ref !== `refs/heads/${deps.gitops.baseBranch}`) return;
    const behind = await db.request.findMany({ where: { status: { in: [...OPEN_PR_STATUSES] }, prNumber: { not: null }, baseSha: { not: event.after } }, select: { id: true } });
    for (const r of behind) await db.$transaction((tx) => enqueuePrRefresh(tx, r.id));
    return;
  }
  if (event.kind === "pull_request") {
    const r = await findByPullNumber(db, event.number);
    if (!r) return;
    const actor = githubActor(event.sender);
    if (event.action === "closed") {
      // A signed event is only as trustworthy as the secret: merges and closes are taken from GitHub's API,
      // never from the payload, so a forged "merged" can't move a pending request on.
      const pr = await deps.gitops.getPullRequest(event.number);
      if (pr.merged && pr.mergeCommitSha) {
        await recordMerge(db, { requestId: r.id, mergeCommitSha: pr.mergeCommitSha, actor, message: `Pull request #${event.number} merged by ${event.sender}.` });
        deps.wakeReconciler?.();
      } else if (pr.state === "closed") {
        await recordClosed(db, r.id, actor, event.number);
      }
    } else if ((event.action === "synchronize" || event.action === "opened" || event.action === "reopened") && event.headSha) {
      await db.request.updateMany({
        where: { id: r.id, status: { in: [...OPEN_PR_STATUSES] }, NOT: { headSha: event.headSha } },
        data: { headSha: event.headSha, checkStatus: "pending" },
      });
    }
    return;
  }
  if (event.kind === "review") {
    if (event.action !== "submitted") return;
    const r = await findByPullNumber(db, event.number);
    if (r) await recordReview(db, r.id, { state: event.state, user: event.user, body: event.body });
    return;
  }
  if (event.kind === "workflow_run" && event.event === "push") {
    // A deploy run of a merge commit: the reconciler decides succeeded/failed from Azure; note the run here.
    if (event.action !== "completed") return;
    const r = await db.request.findFirst({ where: { mergeCommitSha: event.headSha } });
    if (r) {
      deps.wakeReconciler?.();
      await recordRequestEvent(db, {
        requestId: r.id,
        actor: SYSTEM_ACTOR,
        event: "deploy_run",
        message: `Deploy workflow ${event.conclusion ?? "finished"}${event.url ? `: ${event.url}` : ""}.`,
        data: { headSha: event.headSha, conclusion: event.conclusion, url: event.url },
      });
    }
    return;
  }
  // check_run / check_suite / PR workflow runs: re-read the PR once (ETag-conditional) and take its verdict.
  const numbers = new Set(event.numbers);
  const byHead = await db.request.findMany({ where: { headSha: event.headSha, status: { in: [...OPEN_PR_STATUSES] } }, select: { prNumber: true } });
  byHead.forEach((r) => r.prNumber && numbers.add(r.prNumber));
  for (const n of numbers) {
    const r = await findByPullNumber(db, n);
    if (!r || !isStatusIn(OPEN_PR_STATUSES, r.status)) continue;
    await syncRequestFromPullRequest(db, r.id, await deps.gitops.getPullRequest(n));
  }
}

