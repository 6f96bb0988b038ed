/**
 * Revising a request against the in-process GitHub and Azure emulators and PGlite: changes requested → revised
 * → pushed to the same PR → merged; who may revise; every rule checked again (leaving the request itself out);
 * a request that failed before its PR opened sent again; a merged request whose deploy failed revised by a
 * follow-up PR.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { runSyncPass } from "@/lib/sync";
import { requestChanges } from "./decide-with-comment";
import { ForbiddenError, RefusedError } from "./errors";
import { failWithUserError, loadRequest } from "./pull-request-steps";
import { loadHeldByPending } from "./rules/quota";
import { retryRequest, reviseRequest } from "./revise-request";
import { submitRequest } from "./submit-request";
import { recordMerge } from "./sync-from-pull-request";
import { SYSTEM_ACTOR } from "./lifecycle";

const AUE = "contoso-openai-aue";
const FILE = "manage-ai-models/contoso-openai-aue.bicepparam";

let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld();
}, 120_000);

afterAll(async () => world?.close());

const runner = () => new JobRunner(world.t.db.prisma, { handlers: createJobHandlers(async () => world.deps), backoff: () => 5, log: () => {} });

let seq = 0;
function createInput(overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    action: "create",
    account: AUE,
    teamId: world.t.users.priya.teams[0].id,
    deploymentName: `search-revise-${seq}`,
    modelName: "gpt-4o-mini",
    modelVersion: "2024-07-18",
    skuName: "GlobalStandard",
    capacity: 20,
    justification: "Needed for the search relevance experiments.",
    submissionKey: `revise-${seq}-${Math.random().toString(36).slice(2, 10)}`,
    ...overrides,
  };
}

async function openRequest(overrides: Record<string, unknown> = {}) {
  const { requestId } = await submitRequest(world.deps, world.t.users.priya, createInput(overrides));
  await runner().drain();
  return world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
}

async function pullsFor(branchPrefix: string) {
  const res = await fetch(`${world.github.url}/repos/${world.github.owner}/${world.github.repo}/pulls?state=all&per_page=100`, { headers: { authorization: `token ${world.github.token}` } });
  const all = (await res.json()) as { number: number; title: string; body: string; head: { ref: string; sha: string } }[];
  return all.filter((p) => p.head.ref.startsWith(branchPrefix));
}

/** The commits on a PR's branch that main doesn't have, oldest first (walked through the git commits API). */
async function commitsOf(branch: string) {
  const get = async (p: string) => (await fetch(`${world.github.url}/repos/${world.github.owner}/${world.github.repo}${p}`, { headers: { authorization: `token ${world.github.token}` } })).json();
  const mainSha = ((await get("/git/ref/heads/main")) as { object: { sha: string } }).object.sha;
  const seen: { sha: string; commit: { message: string } }[] = [];
  let sha = ((await get(`/git/ref/heads/${branch}`)) as { object: { sha: string } }).object.sha;
  while (sha && sha !== mainSha && seen.length < 10) {
    const c = (await get(`/git/commits/${sha}`)) as { sha: string; message: string; parents: { sha: string }[] };
    seen.unshift({ sha: c.sha, commit: { message: c.message } });
    sha = c.parents[0]?.sha;
  }
  return seen;
}

function reviseInput(r: { id: string; version: number; deploymentName: string; teamId: string }, overrides: Record<string, unknown> = {}) {
  return { ...createInput({ deploymentName: r.deploymentName, teamId: r.teamId }), requestId: r.id, expectedVersion: r.version, ...overrides };
}

describe("changes requested → revise → same PR", () => {
  it("pushes the revised edit to the same pull request, back to Awaiting approval, and merges as one PR", async () => {
    const r = await openRequest();
    expect(r.status).toBe("awaiting_approval");
    await world.github.idle();
    await requestChanges(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: r.version, comment: "20 is more than the experiment needs; ask for 10." });
    await runner().drain();
    const asked = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(asked.status).toBe("changes_requested");

    const result = await reviseRequest(world.deps, world.t.users.priya, reviseInput(asked, { capacity: 10, justification: "Needed for the search relevance experiments (10 is enough)." }));
    expect(result.changes).toEqual(["capacity 20,000 → 10,000 tokens per minute", "justification rewritten"]);
    const revised = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(revised).toMatchObject({ status: "awaiting_approval", capacity: 10, quotaHold: 10, revision: 1, prNumber: r.prNumber, usageName: "OpenAI.GlobalStandard.gpt-4o-mini" });

    await runner().drain();
    await world.github.idle();
    const after = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: { orderBy: { id: "asc" } } } });
    expect(after.events.map((e) => e.type)).toEqual(expect.arrayContaining(["submitted", "pr_opened", "changes_requested", "revised", "revision_pushed"]));
    expect(after.events.find((e) => e.type === "revised")?.message).toBe("Priya Shah revised the request: capacity 20,000 → 10,000 tokens per minute; justification rewritten.");
    // One PR for the request; its branch now holds capacity 10 and two commits; its text says what changed.
    const prs = await pullsFor(r.branch!);
    expect(prs).toHaveLength(1);
    expect(prs[0].number).toBe(r.prNumber);
    expect(prs[0].title).toContain(`GlobalStandard 10) [ModelGate #${r.number}]`);
    expect(prs[0].body).toContain("Revised");
    const commits = await commitsOf(r.branch!);
    expect(commits).toHaveLength(2);
    expect(commits[1].commit.message).toContain("capacity 20,000 → 10,000 tokens per minute");
    const file = (await world.github.readFile(FILE, r.branch!))!;
    expect(file).toContain(`name: '${r.deploymentName}'`);
    expect(file).toMatch(new RegExp(`name: '${r.deploymentName}'\\n    sku: \\{\\n      capacity: 10\\n`));
    expect(after.headSha).toBe(commits[1].sha);

    // A retry of the push job (the job ran twice) doesn't push again.
    const { pushRequestRevision } = await import("./push-revision");
    await pushRequestRevision(world.deps, r.id, { revision: 1, changes: result.changes });
    expect(await commitsOf(r.branch!)).toHaveLength(2);

    // The reviewer's earlier "changes requested" review on GitHub doesn't pull it back.
    const { pollGitHub } = await import("./poll-github");
    await pollGitHub(world.deps).catch(() => undefined);
    expect((await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("awaiting_approval");

    // Approve and merge on GitHub: the same PR merges, and the deploy applies capacity 10.
    await world.github.submitReviewAs("alex-kim", r.prNumber!, "APPROVE");
    const sha = await world.github.mergeAs("alex-kim", r.prNumber!);
    await recordMerge(world.t.db.prisma, { requestId: r.id, mergeCommitSha: sha, actor: SYSTEM_ACTOR });
    await world.github.idle();
    for (let i = 0; i < 50; i++) {
      await runSyncPass(world.deps);
      if ((await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } })).status === "succeeded") break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const done = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(done.status).toBe("succeeded");
    const inAzure = (await world.deps.azure.listDeployments({ resourceGroup: "contoso-openai-rg", name: AUE })).find((d) => d.name === r.deploymentName);
    expect(inAzure?.sku.capacity).toBe(10);
    expect(await pullsFor(r.branch!)).toHaveLength(1);
  }, 120_000);

  it("lets only the requester, their team or an admin revise, and only what it was asked for", async () => {
    const r = await openRequest();
    await requestChanges(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: r.version, comment: "Please lower it." });
    const asked = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    await expect(reviseRequest(world.deps, world.t.users.marcus, reviseInput(asked, { capacity: 10 }))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reviseRequest(world.deps, world.t.users.alex, reviseInput(asked, { capacity: 10 }))).rejects.toBeInstanceOf(ForbiddenError);
    // Nothing changed: refused, nothing written.
    const same = await reviseRequest(world.deps, world.t.users.priya, reviseInput(asked)).catch((e) => e);
    expect(same).toBeInstanceOf(RefusedError);
    expect((same as RefusedError).fieldErrors.form).toMatch(/Nothing changed/);
    // A stale form (someone moved the request since) is refused.
    const stale = await reviseRequest(world.deps, world.t.users.priya, reviseInput({ ...asked, version: asked.version - 1 }, { capacity: 10 })).catch((e) => e);
    expect(stale).toBeInstanceOf(RefusedError);
    expect((stale as RefusedError).message).toMatch(/changed since you opened the form/);
    // Another kind or another account is a new request, not a revision.
    const kind = await reviseRequest(world.deps, world.t.users.priya, reviseInput(asked, { action: "decommission" })).catch((e) => e);
    expect((kind as RefusedError).fieldErrors.form).toMatch(/keeps the kind/);
    // The admin may; the rules are checked again (a capacity over the SKU's maximum is refused).
    const tooBig = await reviseRequest(world.deps, world.t.users.sam, reviseInput(asked, { capacity: 999_999 })).catch((e) => e);
    expect((tooBig as RefusedError).fieldErrors.capacity).toMatch(/at most/);
    expect((await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("changes_requested");
  }, 60_000);

  it("re-checks quota without counting the request's own hold, and stores the new hold and usage name", async () => {
    // gpt-4o in australiaeast: 160 limit, 150 used → 10 free. The request holds all 10.
    const r = await openRequest({ modelName: "gpt-4o", modelVersion: "2024-11-20", capacity: 10 });
    await requestChanges(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: r.version, comment: "Use gpt-4o-mini instead." });
    const asked = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    // Still 10 of gpt-4o: allowed (its own hold is left out), though nothing else is free.
    const again = await reviseRequest(world.deps, world.t.users.priya, reviseInput(asked, { modelName: "gpt-4o", modelVersion: "2024-11-20", capacity: 10, justification: "Still gpt-4o: the evaluation set needs it." }));
    expect(again.changes).toEqual(["justification rewritten"]);
    await runner().drain();
    await requestChanges(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: (await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } })).version, comment: "Really, use gpt-4o-mini." });
    const asked2 = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    // 11 of gpt-4o would not fit.
    const over = await reviseRequest(world.deps, world.t.users.priya, reviseInput(asked2, { modelName: "gpt-4o", modelVersion: "2024-11-20", capacity: 11 })).catch((e) => e);
    expect((over as RefusedError).fieldErrors.capacity).toMatch(/only 10,000 of 160,000 tokens per minute are free/);
    // Moving to gpt-4o-mini moves the hold to that quota.
    await reviseRequest(world.deps, world.t.users.priya, reviseInput(asked2, { modelName: "gpt-4o-mini", modelVersion: "2024-07-18", capacity: 5 }));
    const moved = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(moved).toMatchObject({ usageName: "OpenAI.GlobalStandard.gpt-4o-mini", quotaHold: 5, modelName: "gpt-4o-mini" });
    const held = await loadHeldByPending(world.t.db.prisma, { locations: ["australiaeast"] });
    expect(held.get("australiaeast", "OpenAI.GlobalStandard.gpt-4o")).toBe(0);
  }, 60_000);
});

describe("failed requests", () => {
  it("a request that failed before its PR opened is sent again with the same values (Try again)", async () => {
    const { requestId } = await submitRequest(world.deps, world.t.users.priya, createInput({ capacity: 3 }));
    const loaded = (await loadRequest(world.t.db.prisma, requestId))!;
    await failWithUserError(world.deps, loaded, "ModelGate could not prepare the pull request: the file was broken on main.");
    const failed = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(failed.status).toBe("failed");
    await expect(retryRequest(world.deps, world.t.users.marcus, requestId, failed.version)).rejects.toBeInstanceOf(ForbiddenError);
    await retryRequest(world.deps, world.t.users.priya, requestId, failed.version);
    const back = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId }, include: { events: { orderBy: { id: "asc" } } } });
    expect(back).toMatchObject({ status: "submitting", lastError: null, revision: 1, quotaHold: 3 });
    expect(back.events.at(-1)).toMatchObject({ type: "retried", message: "Priya Shah tried again with the same values." });
    await runner().drain();
    const opened = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(opened.status).toBe("awaiting_approval");
    expect(await pullsFor(opened.branch!)).toHaveLength(1);
  }, 60_000);

  it("a merged request whose deploy failed is changed by a follow-up PR on the same request", async () => {
    const r = await openRequest({ capacity: 4 });
    await world.github.idle();
    await world.github.submitReviewAs("alex-kim", r.prNumber!, "APPROVE");
    const sha = await world.github.mergeAs("alex-kim", r.prNumber!);
    await recordMerge(world.t.db.prisma, { requestId: r.id, mergeCommitSha: sha, actor: SYSTEM_ACTOR });
    // The deploy failed (whatever the reason): the request is Failed with the merge recorded.
    await world.t.db.prisma.request.update({ where: { id: r.id }, data: { status: "failed", lastError: "InsufficientQuota" } });
    const failed = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    // Change and try again: a change of the element on main, as a new PR of the same request.
    const result = await reviseRequest(world.deps, world.t.users.priya, { ...reviseInput(failed, { action: "change", capacity: 2 }), modelName: undefined, skuName: undefined });
    expect(result.changes).toEqual(["capacity 4,000 → 2,000 tokens per minute"]);
    const back = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    // Azure has nothing of it yet: it holds all 2.
    expect(back).toMatchObject({ status: "submitting", kind: "create", capacity: 2, quotaHold: 2, prNumber: null, mergeCommitSha: null, branch: `${r.branch}-1` });
    expect(back.change).toEqual({ op: "update", name: r.deploymentName, set: { sku: { capacity: 2 } } });
    await runner().drain();
    const opened = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(opened.status).toBe("awaiting_approval");
    expect(opened.prNumber).not.toBe(r.prNumber);
    const file = (await world.github.readFile(FILE, opened.branch!))!;
    expect(file).toMatch(new RegExp(`name: '${r.deploymentName}'\\n    sku: \\{\\n      capacity: 2\\n`));
  }, 90_000);

  it("Try again after a failed deploy re-runs the merge's deploy run on GitHub, and the request follows it to Succeeded", async () => {
    const name = `search-revise-${seq + 1}`;
    world.azure.failNextDeployment({ deployment: name, code: "InsufficientQuota", message: "This operation require 3 new capacity in quota Tokens Per Minute (thousands) - gpt-4o-mini, which is bigger than the current available capacity 0." });
    const r = await openRequest({ capacity: 3 });
    await world.github.idle();
    await world.github.submitReviewAs("alex-kim", r.prNumber!, "APPROVE");
    const sha = await world.github.mergeAs("alex-kim", r.prNumber!);
    await recordMerge(world.t.db.prisma, { requestId: r.id, mergeCommitSha: sha, actor: SYSTEM_ACTOR });
    await world.github.idle();
    await runSyncPass(world.deps);
    const failed = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(failed.status).toBe("failed");
    // Marcus is in another team: he may not re-run it.
    await expect(retryRequest(world.deps, world.t.users.marcus, r.id, failed.version)).rejects.toBeInstanceOf(ForbiddenError);

    await retryRequest(world.deps, world.t.users.priya, r.id, failed.version);
    const deploying = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: { orderBy: { id: "desc" }, take: 1 } } });
    expect(deploying).toMatchObject({ status: "deploying", lastError: null, mergeCommitSha: sha });
    expect(deploying.events[0]).toMatchObject({ type: "retried", actorName: "Priya Shah" });
    expect(deploying.events[0].message).toMatch(/re-ran the deploy of the merge/);
    expect(await world.t.db.prisma.auditEvent.count({ where: { action: "request.retry", targetId: r.id } })).toBe(1);
    // A second click while it runs again is refused, not a second re-run.
    await expect(retryRequest(world.deps, world.t.users.priya, r.id, deploying.version)).rejects.toBeInstanceOf(RefusedError);

    await world.github.idle();
    await runSyncPass(world.deps);
    expect((await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("succeeded");
  }, 120_000);
});
