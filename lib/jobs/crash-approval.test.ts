/**
 * The portal killed with SIGKILL in the middle of an approval, claimed in ModelGate: after the approving review
 * (killed at the merge call), or before it (killed at the review call) — test/crash-harness.ts holds that call
 * and kills the approving process, so the merge never happens. After a restart the
 * request must not sit Approved for ever without a word: the reconciler notices an approval that didn't merge and
 * says so on the request (and in the queue), and approving again merges it — the approval recorded once.
 */
import { describe, expect, it } from "vitest";
import { approveRequest } from "@/lib/requests";
import { runSyncPass } from "@/lib/sync";
import { callIs, crashHarnessPerFile, type CrashHarness, type PullJson } from "@/test/crash-harness";

let h: CrashHarness;
const skip = await crashHarnessPerFile("lib/jobs/crash-approval.test.ts", (harness) => (h = harness));

describe.skipIf(!!skip)("the portal killed with SIGKILL during an approval", () => {
  it("reviewed, not merged: after the restart the request says why it waits, and approving again merges once", async () => {
    const { id, prNumber, approval: approve } = await h.readyToApprove();
    const approvals = async () => (await h.gitHub<{ state: string }[]>(`/pulls/${prNumber}/reviews`)).filter((r) => r.state === "APPROVED");

    await h.killAt(callIs("PUT", "/repos/{o}/{r}/pulls/{n}/merge"), approve);
    expect(await approvals()).toHaveLength(1);
    expect((await h.gitHub<PullJson>(`/pulls/${prNumber}`)).merged_at).toBeNull();
    expect((await h.request(id)).status).toBe("approved");

    // A pass while an approval could still be merging leaves the request alone.
    await runSyncPass(h.deps);
    expect((await h.request(id)).lastError).toBeNull();
    // A fresh process long after the crash: its reconciler pass puts the reason on the request.
    await h.runToEnd({ kind: "sync" }, 30 * 60_000);
    const waiting = await h.request(id);
    expect(waiting.status).toBe("approved");
    expect(waiting.lastError).toMatch(/not merged.*Approve again/i);
    expect(await h.events(id, "merge_failed")).toBe(1);

    // The approver approves again: merged once, the approval on GitHub and in the timeline once.
    expect((await approveRequest(h.deps, h.world.t.users.alex, { ...approve.input, expectedVersion: waiting.version })).outcome).toBe("merged");
    const merged = await h.request(id);
    expect(merged.status).toBe("deploying");
    expect(merged.lastError).toBeNull();
    expect((await h.gitHub<PullJson>(`/pulls/${prNumber}`)).merged_at).not.toBeNull();
    expect((await h.pullsOfBranch(merged.branch!)).map((p) => p.number)).toEqual([prNumber]);
    expect(await approvals()).toHaveLength(1);
    expect(await h.events(id, "approved")).toBe(1);
    expect(await h.events(id, "merged")).toBe(1);
  }, 110_000);

  it("claimed, not yet reviewed: the same reason after the restart, and approving again reviews and merges once", async () => {
    const { id, prNumber, headSha, approval } = await h.readyToApprove();
    await h.killAt(callIs("POST", "/repos/{o}/{r}/pulls/{n}/reviews"), approval);
    const approvals = async () => (await h.gitHub<{ state: string }[]>(`/pulls/${prNumber}/reviews`)).filter((r) => r.state === "APPROVED");
    expect(await approvals()).toHaveLength(0);
    expect((await h.request(id)).status).toBe("approved");

    await h.runToEnd({ kind: "sync" }, 30 * 60_000);
    const waiting = await h.request(id);
    expect(waiting.lastError).toMatch(/not merged.*Approve again/i);

    expect((await approveRequest(h.deps, h.world.t.users.alex, { requestId: id, expectedVersion: waiting.version, expectedHeadSha: headSha })).outcome).toBe("merged");
    expect(await approvals()).toHaveLength(1);
    expect((await h.gitHub<PullJson>(`/pulls/${prNumber}`)).merged_at).not.toBeNull();
    expect(await h.events(id, "approved")).toBe(1);
    expect((await h.request(id)).lastError).toBeNull();
  }, 110_000);
});
