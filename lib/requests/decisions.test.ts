/**
 * Approval decisions and GitHub sync against the GitHub emulator (a real git repository behind GitHub's REST
 * API) and a fresh PGlite database: separation of duties, races, re-checks, webhooks and the conditional poll.
 */
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAST_TIMINGS, startGitHubEmulator, type GitHubEmulator, signWebhookBody } from "@/test/emulators";
import { createGitOpsClient, type GitOpsClient, type GitOpsRequestEvent } from "@/lib/gitops";
import { applyParamChange } from "@/lib/paramfile";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";
import type { AzureClient } from "@/lib/azure";
import { createJobHandlers, ensureGitHubPollScheduled, JobRunner } from "@/lib/jobs";
import { approveRequest } from "./approve-request";
import { rejectRequest, requestChanges } from "./decide-with-comment";
import { DEFAULT_SETTINGS, type DomainDeps } from "./deps";
import { ForbiddenError, RefusedError } from "./errors";
import { JOB_KINDS } from "./outbox";
import { pollGitHub } from "./poll-github";
import { receiveGitHubWebhook } from "./receive-github-webhook";
import { settleRequests } from "@/lib/sync";

const GITHUB_POLL_JOB = JOB_KINDS.githubPoll;
/** Decisions never talk to Azure. */
const noAzure = new Proxy({}, { get: () => () => Promise.reject(new Error("Azure must not be called by decisions")) }) as AzureClient;

const SECRET = "test-webhook-secret";
const REVIEWER_TOKEN = "reviewer-token";
const PARAM_FILE = "manage-ai-models/contoso-openai-aue.bicepparam";

async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// Every merge moves main, and every open PR is then rebuilt on it (the push webhook): later tests drain that too.
describe("approval decisions and GitHub sync", { timeout: 90_000 }, () => {
  let t: TestDatabase;
  let github: GitHubEmulator;
  let gitops: GitOpsClient;
  let deps: DomainDeps;
  let receiver: http.Server;
  let acceptWebhooks = false;
  let dir: string;
  const calls: GitOpsRequestEvent[] = [];
  let runner: JobRunner;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "queue-it-"));
    t = await openTestDatabase();
    // The portal's webhook endpoint, in-process: same intake as app/api/webhooks/github/route.ts.
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        if (!acceptWebhooks) return void res.writeHead(503).end();
        const result = await receiveGitHubWebhook(t.db.prisma, {
          secret: SECRET,
          body: Buffer.concat(chunks).toString("utf8"),
          signature: (req.headers["x-hub-signature-256"] as string) ?? null,
          event: (req.headers["x-github-event"] as string) ?? null,
          deliveryId: (req.headers["x-github-delivery"] as string) ?? null,
        });
        res.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify(result.body));
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    github = await startGitHubEmulator({
      port: 0,
      dataDir: path.join(dir, "github"),
      reset: true,
      extraTokens: { [REVIEWER_TOKEN]: "platform-approver" },
      timings: FAST_TIMINGS,
      webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/github`, secret: SECRET },
    });
    gitops = createGitOpsClient(
      { baseUrl: github.url, owner: github.owner, repo: github.repo, auth: { kind: "token", token: github.token }, reviewerAuth: { kind: "token", token: REVIEWER_TOKEN }, mergeMethod: "squash" },
      { writeIntervalMs: 0, retryBaseMs: 5, rateLimitWaitUnitMs: 5, timeoutMs: 10_000, onRequest: (e) => calls.push(e) },
    );
    deps = { db: t.db.prisma, gitops, azure: noAzure, settings: { ...DEFAULT_SETTINGS, mergeMethod: "squash", forbidSameTeam: true, pollIntervalSeconds: 30 } };
    runner = new JobRunner(t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 10 });
  }, 60_000);

  afterAll(async () => {
    await github?.close();
    await new Promise((r) => receiver?.close(r));
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A pending request with a real PR on the emulator (opened from main's current tip), checks finished. */
  async function requestWithPr(requester = "priya", options: { invalid?: boolean } = {}) {
    const name = `q-${Math.random().toString(36).slice(2, 8)}`;
    const r = await insertTestRequest(t, { requester, deploymentName: name });
    const baseSha = await gitops.getBranchSha();
    const file = await gitops.readFile(PARAM_FILE, baseSha);
    const element = { name: options.invalid ? "search-gpt-4o" : name, model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }, sku: { name: "GlobalStandard", capacity: 10 } };
    // An invalid PR (duplicate name) is written by hand: applyParamChange would refuse it, the check must fail it.
    const content = options.invalid
      ? file.content.replace(/\n\]/, `\n  {\n    name: 'search-gpt-4o'\n    model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }\n    sku: { name: 'GlobalStandard', capacity: 10 }\n  }\n]`)
      : applyParamChange(file.content, "bicepparam", { op: "add", deployment: element });
    const branch = `modelgate/${r.number}-${name}`;
    const opened = await gitops.openChangePullRequest({ branch, path: PARAM_FILE, content, expectedSha: file.sha, baseSha, commitMessage: `Add ${name}`, title: `Add ${name}`, body: "test" });
    const updated = await t.db.prisma.request.update({
      where: { id: r.id },
      data: { prNumber: opened.pullRequest.number, prUrl: opened.pullRequest.url, branch, headSha: opened.commitSha, baseSha: opened.baseSha, submittedAt: new Date(Date.now() - 1000) },
    });
    await pollUntil(() => gitops.getPullRequest(opened.pullRequest.number), (p) => p.checks === "success" || p.checks === "failure", "checks");
    await github.idle();
    await runner.drain();
    return t.db.prisma.request.findUniqueOrThrow({ where: { id: updated.id } });
  }

  it("approves and merges: the PR gets an approving review by the reviewer identity, the request moves to Deploying", async () => {
    acceptWebhooks = true;
    const r = await requestWithPr();
    const result = await approveRequest(deps, t.users.alex, { requestId: r.id, expectedVersion: r.version, expectedHeadSha: r.headSha });
    expect(result.outcome).toBe("merged");
    const after = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: { orderBy: { id: "asc" } } } });
    expect(after.status).toBe("deploying");
    expect(after.mergeCommitSha).toMatch(/^[0-9a-f]{40}$/);
    const approved = after.events.find((e) => e.type === "approved");
    expect(approved?.actorId).toBe(t.users.alex.id);
    expect(approved?.actorName).toBe("Alex Kim");
    const pr = await gitops.getPullRequest(r.prNumber!);
    expect(pr.merged).toBe(true);
    expect(pr.reviews.some((x) => x.state === "APPROVED" && x.user === "platform-approver")).toBe(true);
    // Our own review and merge come back as webhooks: handled, and nothing moves twice.
    await github.idle();
    await runner.drain();
    const final = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: true } });
    expect(final.status).toBe("deploying");
    expect(final.events.filter((e) => e.type === "merged")).toHaveLength(1);
  });

  it("refuses self-approval, same-team decisions and Requesters, and changes nothing", async () => {
    const own = await insertTestRequest(t, { requester: "sam", prNumber: 9999 });
    await expect(approveRequest(deps, t.users.sam, { requestId: own.id, expectedVersion: own.version })).rejects.toThrow(/You submitted this request/);
    const teammate = await insertTestRequest(t, { requester: "alex", prNumber: 9998 });
    await expect(approveRequest(deps, t.users.sam, { requestId: teammate.id, expectedVersion: teammate.version })).rejects.toThrow(/Your team submitted/);
    const other = await insertTestRequest(t, { requester: "marcus", prNumber: 9997 });
    const refusal = await approveRequest(deps, t.users.priya, { requestId: other.id, expectedVersion: other.version }).catch((e) => e);
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect(refusal.status).toBe(403);
    await expect(rejectRequest(deps, t.users.priya, { requestId: other.id, expectedVersion: other.version, comment: "no" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requestChanges(deps, t.users.sam, { requestId: own.id, expectedVersion: own.version, comment: "no" })).rejects.toBeInstanceOf(ForbiddenError);
    for (const id of [own.id, teammate.id, other.id]) {
      const r = await t.db.prisma.request.findUniqueOrThrow({ where: { id }, include: { events: true } });
      expect(r.status).toBe("awaiting_approval");
      expect(r.events).toHaveLength(0);
    }
    // With the same-team rule off, a teammate (not the requester) may decide.
    const relaxed = { ...deps, settings: { ...deps.settings, forbidSameTeam: false } };
    await expect(rejectRequest(relaxed, t.users.sam, { requestId: teammate.id, expectedVersion: teammate.version, comment: "Not needed" })).resolves.toBeUndefined();
    // These have made-up PR numbers: keep them out of the poll below.
    await t.db.prisma.request.updateMany({ where: { id: { in: [own.id, other.id] } }, data: { status: "cancelled" } });
  });

  it("two approvers at once: one merge, a clear message for the second", async () => {
    const r = await requestWithPr("marcus");
    const mainBefore = await gitops.getBranchSha();
    const results = await Promise.allSettled([
      approveRequest(deps, t.users.alex, { requestId: r.id, expectedVersion: r.version, expectedHeadSha: r.headSha }),
      approveRequest(deps, t.users.sam, { requestId: r.id, expectedVersion: r.version, expectedHeadSha: r.headSha }),
    ]);
    const won = results.filter((x) => x.status === "fulfilled");
    const lost = results.filter((x): x is PromiseRejectedResult => x.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(RefusedError);
    expect(lost[0].reason.message).toMatch(/Someone decided first/);
    const log = await gitops.readFile(PARAM_FILE);
    expect(log.content.match(new RegExp(`name: '${r.deploymentName}'`, "g"))).toHaveLength(1);
    expect(await gitops.getBranchSha()).not.toBe(mainBefore);
    const events = await t.db.prisma.requestEvent.findMany({ where: { requestId: r.id, type: { in: ["approved", "merged"] } } });
    expect(events.map((e) => e.type).sort()).toEqual(["approved", "merged"]);
  });

  it("re-checks the PR before merging: a push after the page loaded stops the merge", async () => {
    const r = await requestWithPr();
    const content = (await github.readFile(PARAM_FILE, r.branch!))!.replace("capacity: 10", "capacity: 12");
    await github.pushCommitAs("someone", { branch: r.branch!, path: PARAM_FILE, content, message: "tweak" });
    await expect(approveRequest(deps, t.users.alex, { requestId: r.id, expectedVersion: r.version, expectedHeadSha: r.headSha })).rejects.toThrow(/changed after you opened this page/);
    expect((await gitops.getPullRequest(r.prNumber!)).merged).toBe(false);
    expect((await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("awaiting_approval");
  });

  it("failed checks need an explicit, recorded override", async () => {
    const r = await requestWithPr("priya", { invalid: true });
    expect((await gitops.getPullRequest(r.prNumber!)).checks).toBe("failure");
    await expect(approveRequest(deps, t.users.alex, { requestId: r.id, expectedVersion: r.version, expectedHeadSha: r.headSha })).rejects.toThrow(/Checks failed/);
    await expect(approveRequest(deps, t.users.alex, { requestId: r.id, expectedVersion: r.version, overrideFailedChecks: true, overrideReason: " " })).rejects.toThrow(/Say why/);
    // Branch protection still wants a green check, so GitHub refuses the merge; the override itself is on record.
    await approveRequest(deps, t.users.alex, { requestId: r.id, expectedVersion: r.version, overrideFailedChecks: true, overrideReason: "Known false positive" }).catch(() => undefined);
    const approved = await t.db.prisma.requestEvent.findFirstOrThrow({ where: { requestId: r.id, type: "approved" } });
    expect(approved.data).toMatchObject({ overrideFailedChecks: true, overrideReason: "Known false positive" });
    expect(approved.actorId).toBe(t.users.alex.id);
  });

  it("request changes and reject post their comment to the PR (reject closes it)", async () => {
    const a = await requestWithPr();
    await expect(requestChanges(deps, t.users.alex, { requestId: a.id, expectedVersion: a.version, comment: "   " })).rejects.toThrow(/Say what should change/);
    await requestChanges(deps, t.users.alex, { requestId: a.id, expectedVersion: a.version, comment: "Use 20 capacity, <b>please</b>" });
    await runner.drain();
    const prA = await gitops.getPullRequest(a.prNumber!);
    expect(prA.reviews.some((x) => x.state === "CHANGES_REQUESTED" && x.body.includes("Use 20 capacity\\, \\<b\\>please\\<\\/b\\>") && x.body.includes("Alex Kim"))).toBe(true);
    expect((await t.db.prisma.request.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("changes_requested");

    const b = await requestWithPr("marcus");
    await rejectRequest(deps, t.users.alex, { requestId: b.id, expectedVersion: b.version, comment: "Use the shared deployment instead." });
    await runner.drain();
    const prB = await gitops.getPullRequest(b.prNumber!);
    expect(prB.state).toBe("closed");
    expect(prB.merged).toBe(false);
    await github.idle();
    await runner.drain();
    const after = await t.db.prisma.request.findUniqueOrThrow({ where: { id: b.id }, include: { events: true } });
    expect(after.status).toBe("rejected");
    expect(after.events.find((e) => e.type === "rejected")?.actorName).toBe("Alex Kim");
    // A stale page can't decide again.
    await expect(approveRequest(deps, t.users.sam, { requestId: b.id, expectedVersion: b.version })).rejects.toThrow(/now Rejected by Alex Kim/);
  });

  it("a forged webhook gets 401 and changes nothing; a redelivery is handled once", async () => {
    const body = JSON.stringify({ action: "closed", pull_request: { number: 1, merged: true, merge_commit_sha: "a".repeat(40), head: { sha: "b".repeat(40) } }, sender: { login: "mallory" } });
    const jobsBefore = await t.db.prisma.outboxJob.count();
    const deliveriesBefore = await t.db.prisma.webhookDelivery.count();
    for (const signature of [null, "sha256=" + "0".repeat(64), signWebhookBody("wrong-secret", body)]) {
      const res = await receiveGitHubWebhook(t.db.prisma, { secret: SECRET, body, signature, event: "pull_request", deliveryId: "forged-1" });
      expect(res.status).toBe(401);
    }
    expect(await t.db.prisma.outboxJob.count()).toBe(jobsBefore);
    expect(await t.db.prisma.webhookDelivery.count()).toBe(deliveriesBefore);

    const signature = signWebhookBody(SECRET, body);
    const first = await receiveGitHubWebhook(t.db.prisma, { secret: SECRET, body, signature, event: "pull_request", deliveryId: "delivery-twice" });
    const second = await receiveGitHubWebhook(t.db.prisma, { secret: SECRET, body, signature, event: "pull_request", deliveryId: "delivery-twice" });
    expect(first).toMatchObject({ status: 202, queued: true });
    expect(second).toMatchObject({ status: 200, queued: false });
    expect(await t.db.prisma.outboxJob.count({ where: { kind: "github-event" , dedupeKey: "webhook:delivery-twice" } })).toBe(1);
    await runner.drain();
    expect((await t.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { deliveryId: "delivery-twice" } })).processedAt).not.toBeNull();
  });

  it("a signed but false 'merged' event doesn't move a pending request: the merge is read back from GitHub", async () => {
    const r = await requestWithPr();
    const body = JSON.stringify({
      action: "closed",
      pull_request: { number: r.prNumber, merged: true, merge_commit_sha: "a".repeat(40), head: { sha: r.headSha } },
      sender: { login: "mallory" },
    });
    const res = await receiveGitHubWebhook(t.db.prisma, { secret: SECRET, body, signature: signWebhookBody(SECRET, body), event: "pull_request", deliveryId: `forged-merge-${r.id}` });
    expect(res.status).toBe(202);
    await runner.drain();
    const after = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(after.status).toBe("awaiting_approval");
    expect(after.mergeCommitSha).toBeNull();
  });

  it("a request recorded as merged whose pull request GitHub says is open goes back to awaiting approval (reconciler)", async () => {
    const r = await requestWithPr();
    // As a false event would have left it before merges were read back from GitHub.
    await t.db.prisma.request.update({ where: { id: r.id }, data: { status: "deploying", mergeCommitSha: "a".repeat(40) } });
    const moved = await settleRequests(deps, new Map([[r.accountName, []]]), true, []);
    expect(moved[r.id]).toBe("awaiting_approval");
    const after = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: true } });
    expect(after.status).toBe("awaiting_approval");
    expect(after.mergeCommitSha).toBeNull();
    expect(after.events.find((e) => e.type === "pr_state_corrected")?.message).toContain(`pull request #${r.prNumber} is still open`);
  });

  it("a review made directly on GitHub shows in ModelGate (webhook)", async () => {
    acceptWebhooks = true;
    const r = await requestWithPr();
    const res = await fetch(`${github.url}/_emulator/repos/${github.owner}/${github.repo}/pulls/${r.prNumber}/reviews`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "octo-lead", event: "REQUEST_CHANGES", body: "Please use a smaller capacity" }),
    });
    expect(res.ok).toBe(true);
    await github.idle();
    await runner.drain();
    const after = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: true } });
    expect(after.status).toBe("changes_requested");
    const event = after.events.find((e) => e.type === "changes_requested");
    expect(event?.actorName).toBe("octo-lead (on GitHub)");
    expect(event?.message).toBe("Please use a smaller capacity");
  });

  it("without webhooks the poll catches up (a merge on GitHub → Deploying), and a quiet poll costs no rate limit", async () => {
    acceptWebhooks = false;
    const r = await requestWithPr("marcus");
    await requestWithPr("marcus"); // stays open: the quiet poll below reads it
    let now = new Date(Date.now() + 1000);
    await pollGitHub({ db: t.db.prisma, gitops, now: () => now });
    await github.submitReviewAs("octo-lead", r.prNumber!, "APPROVE", "LGTM");
    await github.mergeAs("octo-lead", r.prNumber!, "squash");
    now = new Date(now.getTime() + 10 * 60_000);
    const result = await pollGitHub({ db: t.db.prisma, gitops, now: () => now });
    expect(result.changed).toBeGreaterThanOrEqual(1);
    const merged = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(merged.status).toBe("deploying");
    expect(merged.mergeCommitSha).toMatch(/^[0-9a-f]{40}$/);

    // Everything still open polled once more, then again with nothing changed: every read is a 304.
    now = new Date(now.getTime() + 10 * 60_000);
    await pollGitHub({ db: t.db.prisma, gitops, now: () => now });
    now = new Date(now.getTime() + 10 * 60_000);
    calls.length = 0;
    const quiet = await pollGitHub({ db: t.db.prisma, gitops, now: () => now });
    expect(quiet.polled).toBeGreaterThan(0);
    expect(quiet.changed).toBe(0);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => !c.notModified).map((c) => `${c.status} ${c.url}`)).toEqual([]);
    console.log(`quiet poll: ${quiet.polled} PRs, ${calls.length} conditional reads, ${calls.filter((c) => c.notModified).length} answered 304 (0 rate limit)`);
    // Two PRs with finished checks and four polls of every open PR: more than the default 30 s on a busy machine.
  }, 90_000);

  it("the poll runs as a self-rescheduling job: one waiting at a time, the next one due later", async () => {
    await ensureGitHubPollScheduled(t.db.prisma);
    await ensureGitHubPollScheduled(t.db.prisma);
    expect(await t.db.prisma.outboxJob.count({ where: { kind: GITHUB_POLL_JOB, status: "pending" } })).toBe(1);
    await runner.drain();
    const jobs = await t.db.prisma.outboxJob.findMany({ where: { kind: GITHUB_POLL_JOB } });
    const waiting = jobs.filter((j) => j.status === "pending");
    expect(waiting).toHaveLength(1);
    expect(waiting[0].runAt.getTime()).toBeGreaterThan(Date.now());
    expect(jobs.filter((j) => j.status === "dead")).toHaveLength(0);
  });
});
