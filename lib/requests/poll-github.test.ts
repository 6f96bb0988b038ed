/**
 * The GitHub poll against the GitHub emulator: what it costs in rate limit. Counts every HTTP request the
 * portal's client makes and which GitHub charged (anything but a 304): an idle poll over many open PRs is
 * charged nothing, a change costs a few calls for that PR only, one pull_request or check event a call or two,
 * and the poll stops reading when the rate limit is nearly spent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import type { GitOpsRequestEvent } from "@/lib/gitops";
import { pollUntil } from "@/test/emulators";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { applyGitHubEvent } from "./apply-github-event";
import { pollGitHub, readPollPace } from "./poll-github";
import { submitRequest } from "./submit-request";

const OPEN_PRS = 6;
const calls: GitOpsRequestEvent[] = [];
const charged = () => calls.filter((c) => c.status !== 304);
let world: TestWorld;
let seq = 0;

async function openRequest(name: string) {
  const { requestId } = await submitRequest(world.deps, world.t.users.priya, {
    action: "create",
    account: "contoso-openai-aue",
    teamId: world.t.users.priya.teams[0].id,
    deploymentName: name,
    modelName: "gpt-4o-mini",
    modelVersion: "2024-07-18",
    skuName: "GlobalStandard",
    capacity: 1,
    justification: "Needed for the search relevance experiments.",
    submissionKey: `poll-${++seq}-${Math.random().toString(36).slice(2, 10)}`,
  });
  await new JobRunner(world.t.db.prisma, { handlers: createJobHandlers(async () => world.deps), backoff: () => 5, log: () => {} }).drain();
  return world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
}

async function setRemaining(remaining: number) {
  const res = await fetch(`${world.github.url}/_emulator/rate-limit`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ remaining }) });
  expect(res.ok).toBe(true);
}

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

beforeAll(async () => {
  world = await startTestWorld({ gitops: { onRequest: (e) => void calls.push(e) } });
}, 120_000);
afterAll(() => world?.close());

describe("pollGitHub", () => {
  it("over many open PRs: the first pass reads each once, then an idle poll is charged nothing; a change costs a few calls for that PR", async () => {
    const requests = [];
    for (let i = 0; i < OPEN_PRS; i++) requests.push(await openRequest(`search-poll-${i}`));
    await world.github.idle(); // every PR's checks have finished
    const db = world.t.db.prisma;
    // ModelGate's own later writes (the plan comment) move a PR's updated_at on GitHub, possibly into a second
    // after the request row's last update: "nothing changed since ModelGate last saw it" is stated explicitly.
    await db.request.updateMany({ where: { id: { in: requests.map((r) => r.id) } }, data: { updatedAt: new Date(Date.now() + 1000) } });

    calls.length = 0;
    await pollGitHub({ db, gitops: world.deps.gitops, now: () => minutes(0) });
    // First pass: the list, then each PR's checks (two reads each); nothing changed on GitHub since ModelGate
    // opened them, so no PR is read in full.
    expect(calls.filter((c) => /\/pulls\/\d+$/.test(new URL(c.url).pathname))).toHaveLength(0);
    expect(charged().length).toBeLessThanOrEqual(1 + 2 * OPEN_PRS);
    for (const r of requests) expect((await db.request.findUniqueOrThrow({ where: { id: r.id } })).checkStatus).toBe("success");

    // Idle: everything due (11 minutes later), every read conditional, every answer a 304.
    calls.length = 0;
    const idle = await pollGitHub({ db, gitops: world.deps.gitops, now: () => minutes(11) });
    expect(idle.polled).toBe(1 + OPEN_PRS);
    expect(calls.length).toBe(1 + 2 * OPEN_PRS);
    expect(charged()).toEqual([]);

    // Someone approves one PR on GitHub: the list changes, that PR alone is read.
    const target = requests[2];
    await world.github.submitReviewAs("platform-approver", target.prNumber!, "APPROVE", "Looks right.");
    calls.length = 0;
    const after = await pollGitHub({ db, gitops: world.deps.gitops, now: () => minutes(12) });
    expect(after.changed).toBeGreaterThanOrEqual(1);
    expect((await db.request.findUniqueOrThrow({ where: { id: target.id } })).status).toBe("approved");
    // Read in full: the approved PR (and at most the one updated in the same second the last list ended on).
    const pullReads = new Set(charged().flatMap((c) => new URL(c.url).pathname.match(/\/pulls\/(\d+)/)?.[1] ?? []).map(Number));
    expect(pullReads.has(target.prNumber!)).toBe(true);
    expect(pullReads.size).toBeLessThanOrEqual(2);
    expect(charged().length).toBeLessThanOrEqual(1 + 4 * 2);

    // And quiet again.
    calls.length = 0;
    await pollGitHub({ db, gitops: world.deps.gitops, now: () => minutes(25) });
    expect(charged()).toEqual([]);
  }, 300_000);

  it("one pull_request event costs at most 2 calls; a check event on a known head 2 reads, once for all its PRs", async () => {
    const r = await openRequest("search-poll-events");
    await world.github.idle();
    await world.github.pushCommitAs("someone-else", { branch: r.branch!, path: "docs/notes.md", content: "edited on GitHub\n" });
    calls.length = 0;
    await applyGitHubEvent(world.deps, { kind: "pull_request", action: "synchronize", number: r.prNumber!, merged: false, mergeCommitSha: null, headSha: "f".repeat(40), sender: "someone-else" });
    expect(calls).toHaveLength(0);

    await world.github.submitReviewAs("platform-approver", r.prNumber!, "APPROVE");
    await world.github.idle(); // the new head's checks
    await world.github.mergeAs("platform-lead", r.prNumber!);
    calls.length = 0;
    await applyGitHubEvent(world.deps, { kind: "pull_request", action: "closed", number: r.prNumber!, merged: true, mergeCommitSha: null, headSha: "", sender: "platform-lead" });
    expect(calls.length).toBeLessThanOrEqual(2);
    expect((await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } })).status).toMatch(/^(merged|deploying)$/);

    const other = await openRequest("search-poll-checks");
    await world.github.idle();
    calls.length = 0;
    await applyGitHubEvent(world.deps, { kind: "checks", headSha: other.headSha!, numbers: [other.prNumber!] });
    expect(calls.length).toBeLessThanOrEqual(2);
    expect((await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: other.id } })).checkStatus).toBe("success");
  }, 300_000);

  it("reads nothing while the rate limit is nearly spent, and says so for /api/health", async () => {
    const db = world.t.db.prisma;
    await setRemaining(100);
    // Any answer tells the client what is left.
    await world.deps.gitops.getBranchSha();
    await pollUntil(async () => world.deps.gitops.rateLimit, (l) => !!l && l.remaining <= 100, "the rate limit seen");
    calls.length = 0;
    const result = await pollGitHub({ db, gitops: world.deps.gitops, now: () => new Date() });
    expect(calls).toHaveLength(0);
    expect(result.pace.factor).toBe(Infinity);
    expect(result.nextPollAt!.getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(await readPollPace(db)).toMatchObject({ factor: null, reason: expect.stringContaining("polling paused until the reset") });

    await setRemaining(1000);
    await world.deps.gitops.getBranchSha();
    const slower = await pollGitHub({ db, gitops: world.deps.gitops, now: () => new Date() });
    expect(slower.pace).toMatchObject({ factor: 4, reason: expect.stringContaining("polling 4× slower") });
  }, 120_000);
});
