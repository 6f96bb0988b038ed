import { describe, expect, it } from "vitest";
import { DEMO_WORLD_PLAN } from "./demo-world-plan";

describe("the demo world's plan", () => {
  const { past, queue } = DEMO_WORLD_PLAN;

  it("runs the past oldest first over about 90 days, with every outcome the dashboards count", () => {
    const days = past.map((p) => p.daysAgo);
    expect([...days].sort((a, b) => b - a)).toEqual(days);
    expect(days[0]).toBeGreaterThanOrEqual(80);
    expect(days[0]).toBeLessThanOrEqual(90);
    expect(new Set(past.map((p) => p.outcome))).toEqual(new Set(["succeeded", "failed", "rejected", "cancelled"]));
    expect(new Set([...past, ...queue].map((p) => p.team))).toEqual(new Set(["search", "support", "platform"]));
    expect(past.filter((p) => p.outcome === "failed").every((p) => p.azureError?.code && p.azureError.message)).toBe(true);
  });

  it("ends the past with the failed deploy, so no later deploy run of the past applies its element again", () => {
    const deploys = past.filter((p) => p.outcome === "succeeded" || p.outcome === "failed");
    expect(deploys.at(-1)!.outcome).toBe("failed");
  });

  it("leaves Platform's requests undecided (the one Approver is on Platform) and one queued request with failing checks", () => {
    expect(past.filter((p) => p.team === "platform").every((p) => p.outcome === "cancelled")).toBe(true);
    expect(queue.filter((p) => p.brokenCommit)).toHaveLength(1);
    expect(queue.every((p) => p.outcome === undefined)).toBe(true);
  });

  it("keeps clear of the quota the browser tests use (australiaeast's gpt-4o and gpt-4o-mini) and of what they drift", () => {
    const all = [...past, ...queue];
    expect(all.filter((p) => p.account === "contoso-openai-aue" && /^gpt-4o/.test(p.model?.name ?? ""))).toEqual([]);
    expect(all.map((p) => p.deploymentName)).not.toContain("search-gpt-41");
    expect(DEMO_WORLD_PLAN.drift.deployment).not.toBe("search-gpt-41");
  });

  it("changes only deployments an earlier request of the plan created", () => {
    const created = new Set<string>();
    for (const p of past) {
      if (p.action === "change") expect(created, p.deploymentName).toContain(`${p.account}/${p.deploymentName}`);
      if (p.action === "create" && p.outcome === "succeeded") created.add(`${p.account}/${p.deploymentName}`);
    }
  });
});
