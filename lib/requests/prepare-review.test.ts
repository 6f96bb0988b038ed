/**
 * What an approver reviews, end to end against both emulators and PGlite: the plan of a merge from the file and
 * Azure's state (drift, quota through another element), the one PR comment edited in place and found again by its
 * marker, no GitHub write (and nothing charged) when nothing changed, a hand-pushed commit in the diff that
 * ModelGate doesn't rewrite, and approvals that need the recorded confirmations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import type { GitOpsRequestEvent } from "@/lib/gitops";
import type { MergePlan } from "@/lib/plan";
import { runSyncPass } from "@/lib/sync";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { approveRequest } from "./approve-request";
import type { FailedCheck, ForeignCommit } from "./prepare-review";
import { planCommentMarker } from "./plan-comment";
import { prepareRequestReview } from "./prepare-review";
import { refreshRequestPullRequest } from "./refresh-pull-request";
import { submitRequest } from "./submit-request";

let world: TestWorld;
const calls: GitOpsRequestEvent[] = [];
let runner: JobRunner;

beforeAll(async () => {
  world = await startTestWorld({ gitops: { onRequest: (e) => calls.push(e) }, settings: { prLabels: [] }, reviewer: true });
  runner = new JobRunner(world.t.db.prisma, { handlers: createJobHandlers(async () => world.deps), backoff: () => 5, log: () => {} });
}, 120_000);
afterAll(async () => world?.close());

async function admin(path: string, body: unknown) {
  const res = await fetch(`${world.azure.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
}

async function comments(prNumber: number): Promise<{ id: number; body: string; updated_at: string }[]> {
  const res = await fetch(`${world.github.url}/repos/${world.github.owner}/${world.github.repo}/issues/${prNumber}/comments?per_page=100`, { headers: { authorization: `token ${world.github.token}` } });
  return res.json();
}

async function review(requestId: string) {
  const r = await world.t.db.prisma.requestReview.findUniqueOrThrow({ where: { requestId } });
  return { ...r, plan: r.plan as unknown as MergePlan, foreignCommits: r.foreignCommits as unknown as ForeignCommit[], failedCheck: r.failedCheck as unknown as FailedCheck | null };
}

let seq = 0;
async function submit(account: string, model: { name: string; version: string; sku: string; capacity: number }, name: string) {
  const t = world.t;
  const { requestId } = await submitRequest(world.deps, t.users.priya, {
    action: "create",
    account,
    teamId: t.users.priya.teams[0].id,
    deploymentName: name,
    modelName: model.name,
    modelVersion: model.version,
    skuName: model.sku,
    capacity: model.capacity,
    justification: "Plan test.",
    submissionKey: `plan-${++seq}-${Math.random().toString(36).slice(2)}`,
  });
  await runner.drain();
  await world.github.idle();
  return t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
}

describe("the plan of a merge, on the pull request and for the approver", { timeout: 240_000 }, () => {
  it("a capacity changed by hand: the plan calls it out, one comment names it, edited in place as Azure changes, nothing charged when nothing changed", async () => {
    await admin("/_emulator/accounts/contoso-openai-swc/deployments/search-gpt-41", { capacity: 90 });
    await runSyncPass(world.deps);
    await runner.drain();
    const r = await submit("contoso-openai-swc", { name: "gpt-4.1", version: "2025-04-14", sku: "DataZoneStandard", capacity: 10 }, "search-41-plan");
    expect(r.status).toBe("awaiting_approval");
    expect(r.authoredSha).toBe(r.headSha);

    const first = await review(r.id);
    expect(first.headSha).toBe(r.headSha);
    expect(first.planSummary).toBe("1 create, 1 unrelated change, quota fits");
    expect(first.plan.changes[0]).toMatchObject({ name: "search-gpt-41", unrelated: true, reason: "drift", changedInAzureBy: "portal-user@contoso.com", fields: [{ field: "capacity", from: 90, to: 100 }] });
    expect(first.plan.needsConfirmation).toEqual(["unrelated-changes"]);
    expect(first.diff).toContain("+    name: 'search-41-plan'");
    expect(first.foreignCommits).toEqual([]);

    let list = await comments(r.prNumber!);
    expect(list).toHaveLength(1);
    expect(list[0].body.startsWith(planCommentMarker(r.id))).toBe(true);
    // Text in the comment is escaped for GitHub (every ASCII punctuation backslash-escaped, as CommonMark allows).
    expect(list[0].body).toContain("**1 create\\, 1 unrelated change\\, quota fits**");
    expect(list[0].body).toContain("set search\\-gpt\\-41\\'s capacity back from 90 to 100 \\(changed by hand in Azure on");
    expect(list[0].body).toMatch(/as read at \d{4}-\d\d-\d\d \d\d:\d\d UTC — not Azure's what-if/);

    // Nothing changed: preparing again reads conditionally (all 304) and writes nothing.
    calls.length = 0;
    await prepareRequestReview(world.deps, r.id, { reason: "pull-request" });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => !c.notModified).map((c) => `${c.method} ${c.status} ${c.url}`)).toEqual([]);
    calls.length = 0;
    await prepareRequestReview(world.deps, r.id, { reason: "azure" });
    expect(calls.filter((c) => !c.notModified)).toEqual([]);
    expect((await comments(r.prNumber!))[0].updated_at).toBe(list[0].updated_at);

    // Azure changes again: the reconciler's pass queues the plan, and the same comment is edited.
    await admin("/_emulator/accounts/contoso-openai-swc/deployments/search-gpt-41", { capacity: 80 });
    await runSyncPass(world.deps);
    expect(await world.t.db.prisma.outboxJob.count({ where: { kind: "prepare-review", requestId: r.id, status: "pending" } })).toBe(1);
    await runner.drain();
    list = await comments(r.prNumber!);
    expect(list).toHaveLength(1);
    expect(list[0].body).toContain("from 80 to 100");

    // A job that lost track of its comment (a crash after creating it) finds it by the marker: still one.
    await world.t.db.prisma.requestReview.update({ where: { requestId: r.id }, data: { commentId: null, commentHash: null } });
    await prepareRequestReview(world.deps, r.id);
    expect(await comments(r.prNumber!)).toHaveLength(1);

    // The approval needs the recorded confirmation; with it, the merge sets the drift back.
    await expect(approveRequest(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: r.version, expectedHeadSha: r.headSha })).rejects.toThrow(/confirm first.*doesn't ask for/);
    const done = await approveRequest(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: r.version, expectedHeadSha: r.headSha, confirmations: ["unrelated-changes"], overrideReason: "Back to the file's 100 is intended." });
    expect(done.outcome).toBe("merged");
    const approved = await world.t.db.prisma.requestEvent.findFirstOrThrow({ where: { requestId: r.id, type: "approved" } });
    expect(approved.data).toMatchObject({ confirmations: ["unrelated-changes"], overrideReason: "Back to the file's 100 is intended." });
    expect(approved.message).toBe("Approved despite changes the request doesn't ask for: Back to the file's 100 is intended.");
    await world.github.idle();
    for (let i = 0; i < 20; i++) {
      const pass = await runSyncPass(world.deps);
      if (pass.moved[r.id] === "succeeded") break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const inventory = (await runSyncPass(world.deps)).inventory;
    expect(inventory.rows.find((x) => x.name === "search-gpt-41")).toMatchObject({ status: "in_sync", actual: expect.objectContaining({ capacity: 100 }) });
  });

  it("a commit someone else pushed: in the diff, named, never rewritten when main moves, and approving needs a confirmation", async () => {
    const r = await submit("contoso-openai-aue", { name: "gpt-4o-mini", version: "2024-07-18", sku: "GlobalStandard", capacity: 2 }, "search-mini-foreign");
    const file = r.paramFilePath;
    const text = (await world.github.readFile(file, r.branch!))!;
    const pushed = await world.github.pushCommitAs("octo-dev", { branch: r.branch!, path: file, content: text.replace(/(name: 'search-mini-foreign'\n    sku: \{\n      capacity: )2/, "$13"), message: "Bump to 3" });
    await world.github.idle();
    await prepareRequestReview(world.deps, r.id);
    const rv = await review(r.id);
    expect(rv.headSha).toBe(pushed);
    expect(rv.foreignCommits).toEqual([expect.objectContaining({ sha: pushed, message: "Bump to 3" })]);
    expect(rv.diff).toContain("+      capacity: 3");

    // main moves: ModelGate leaves the branch alone and says so once.
    const main = (await world.github.readFile(file, "main"))!;
    await world.github.pushCommitAs("octo-admin", { path: file, content: main.replace("// team: Support", "// team: Support (owners)"), message: "Reword an owner comment" });
    await refreshRequestPullRequest(world.deps, r.id);
    await refreshRequestPullRequest(world.deps, r.id);
    const branchHead = (await world.deps.gitops.getPullRequest(r.prNumber!)).headSha;
    expect(branchHead).toBe(pushed);
    expect(await world.t.db.prisma.requestEvent.count({ where: { requestId: r.id, type: "branch_not_updated" } })).toBe(1);

    const fresh = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    await runner.drain();
    await expect(approveRequest(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: fresh.version, expectedHeadSha: pushed })).rejects.toThrow(/commits ModelGate didn't write/);
  });

  it("quota that won't fit through another element: said before the merge, and the deploy indeed fails", async () => {
    // Someone lowered search-embedding-small from 350 to 100 in Azure, and the pool's limit is 200: a new 50
    // fits on its own (the queue says so), but the merge also sets search-embedding-small back to 350.
    await admin("/_emulator/accounts/contoso-openai-eus2/deployments/search-embedding-small", { capacity: 100 });
    await admin("/_emulator/quota", { location: "eastus2", usageName: "OpenAI.GlobalStandard.text-embedding-3-small", limit: 200 });
    await runSyncPass(world.deps);
    await runner.drain();
    const r = await submit("contoso-openai-eus2", { name: "text-embedding-3-small", version: "1", sku: "GlobalStandard", capacity: 50 }, "search-embed-plan");
    const rv = await review(r.id);
    // (support-gpt-4o-ptu in the same file runs gpt-4o 2024-08-06, which is Deprecating: a lifecycle warning.)
    expect(rv.planSummary).toBe("1 create, 1 unrelated change, quota won't fit, 1 lifecycle warning");
    expect(rv.plan.quota.find((p) => p.fits === false)).toMatchObject({ usageName: "OpenAI.GlobalStandard.text-embedding-3-small", tippedBy: "search-embedding-small" });
    expect((await comments(r.prNumber!))[0].body).toContain("quota won't fit");

    await expect(approveRequest(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: r.version, expectedHeadSha: r.headSha, confirmations: ["unrelated-changes"], overrideReason: "x" })).rejects.toThrow(/quota doesn't fit/);
    await approveRequest(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: r.version, expectedHeadSha: r.headSha, confirmations: ["unrelated-changes", "quota"], overrideReason: "Testing the failure." });
    await world.github.idle();
    let status = "";
    for (let i = 0; i < 20 && status !== "failed"; i++) {
      await runSyncPass(world.deps);
      status = (await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } })).status;
    }
    expect(status).toBe("failed");
  });
});
