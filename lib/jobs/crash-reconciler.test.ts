/**
 * The reconciler and a crash: a pass SIGKILLed while it settles a deploy, and an approval SIGKILLed before its
 * merge that someone then merged on GitHub. Each runs in a process of its own against PostgreSQL and the emulators
 * (test/crash-harness.ts kills it at an exact GitHub call); a fresh process's pass settles the deploy once, and
 * records the merge made on GitHub instead of leaving the request Approved.
 */
import { describe, expect, it } from "vitest";
import { approveRequest } from "@/lib/requests";
import { callIs, crashHarnessPerFile, type CrashHarness } from "@/test/crash-harness";

let h: CrashHarness;
const skip = await crashHarnessPerFile("lib/jobs/crash-reconciler.test.ts", (harness) => (h = harness));

describe.skipIf(!!skip)("the reconciler and a process killed with SIGKILL", () => {
  it("killed during a pass: the next process's pass settles the deploy once and stores the inventory", async () => {
    const { id, input } = await h.readyToApprove();
    expect((await approveRequest(h.deps, h.world.t.users.alex, input)).outcome).toBe("merged");
    await h.world.github.idle();

    // Killed while settling: Azure read, the deploy run of the merge being looked up.
    await h.killAt(callIs("GET", "/repos/{o}/{r}/actions/runs"), { kind: "sync" });
    expect((await h.request(id)).status).toBe("deploying");

    const pass = await h.runToEnd<{ ok: boolean }>({ kind: "sync" });
    expect(pass.ok).toBe(true);
    const row = await h.request(id);
    expect(row.status).toBe("succeeded");
    expect(await h.events(id, "deploy_succeeded")).toBe(1);
    expect(await h.world.t.db.prisma.inventoryDeployment.count({ where: { deploymentName: row.deploymentName } })).toBe(1);
  }, 110_000);
  it("merged on GitHub after the crash (someone merged it there): the reconciler records the merge instead of a reason", async () => {
    const { id, prNumber, headSha, approval } = await h.readyToApprove();
    await h.killAt(callIs("PUT", "/repos/{o}/{r}/pulls/{n}/merge"), approval);
    await h.deps.gitops.mergePullRequest(prNumber, { method: "squash", sha: headSha });

    await h.runToEnd({ kind: "sync" }, 30 * 60_000);
    const row = await h.request(id);
    expect(["deploying", "succeeded"]).toContain(row.status);
    expect(row.lastError).toBeNull();
    expect(row.mergeCommitSha).not.toBeNull();
    expect(await h.events(id, "merge_failed")).toBe(0);
  }, 110_000);

});
