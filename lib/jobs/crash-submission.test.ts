/**
 * The portal killed with SIGKILL while its job runner opens pull requests, then started again: the runner runs in
 * a process of its own against PostgreSQL and the emulators (test/crash-harness.ts kills it at an exact GitHub
 * call). A fresh process finishes the work: no duplicate pull request, no lost request. The approval's crash is
 * in crash-approval.test.ts, the reconciler's in crash-reconciler.test.ts.
 */
import { describe, expect, it } from "vitest";
import { callIs, crashHarnessPerFile, type CrashHarness, type PullJson } from "@/test/crash-harness";

let h: CrashHarness;
const skip = await crashHarnessPerFile("lib/jobs/crash-submission.test.ts", (harness) => (h = harness));

describe.skipIf(!!skip)("the portal killed with SIGKILL while opening pull requests", () => {
  it("killed after the branch but before the PR, then after the PR but before it was recorded: one PR per request, none lost", async () => {
    const ids = [await h.submit(), await h.submit()];
    const db = h.world.t.db.prisma;
    // A lease far shorter than production's minute: the restarted runner takes the dead one's job within seconds.
    const jobs = { kind: "jobs" as const, requestIds: ids, leaseMs: 1500 };

    // Killed while opening the first PR: its branch and commit are on GitHub, the PR is not.
    await h.killAt(callIs("POST", "/repos/{o}/{r}/pulls"), jobs);
    expect(h.proxy.calls.some((c) => c.method === "POST" && c.route === "/repos/{o}/{r}/git/refs" && c.status === 201)).toBe(true);
    expect(await h.gitHub<PullJson[]>("/pulls?state=all")).toHaveLength(0);
    expect((await db.request.findMany({ where: { id: { in: ids } } })).map((r) => r.status)).toEqual(["submitting", "submitting"]);

    // Restarted, and killed again right after GitHub opened a PR (while labelling it), before the database knew.
    await h.killAt(callIs("POST", "/repos/{o}/{r}/issues/{n}/labels"), jobs);
    expect(await h.gitHub<PullJson[]>("/pulls?state=all")).toHaveLength(1);
    expect(await db.request.count({ where: { id: { in: ids }, prNumber: { not: null } } })).toBe(0);

    // Restarted once more: both requests finish, each with exactly one PR.
    const done = await h.runToEnd<{ id: string; status: string }[]>(jobs);
    expect(done.map((r) => r.status)).toEqual(["awaiting_approval", "awaiting_approval"]);
    expect(await h.gitHub<PullJson[]>("/pulls?state=all")).toHaveLength(2);
    for (const id of ids) {
      const row = await h.request(id);
      const prs = await h.pullsOfBranch(row.branch!);
      expect(prs.map((p) => p.number)).toEqual([row.prNumber]);
      expect(prs[0].labels.map((l) => l.name)).toContain("modelgate");
      expect(await h.events(id, "pr_opened")).toBe(1);
      expect(await db.outboxJob.count({ where: { requestId: id, kind: "open-pr", status: { not: "done" } } })).toBe(0);
    }
  }, 110_000);
});
