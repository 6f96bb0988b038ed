import { describe, expect, it } from "vitest";
import { classifyDeployment, daysUntil, describeDifferences } from "./inventory-model";

const want = { modelName: "gpt-4o", modelVersion: "2024-11-20", skuName: "GlobalStandard", capacity: 150 };
const have = (o: Partial<typeof want> & { provisioningState?: string } = {}) => ({ ...want, provisioningState: "Succeeded", ...o });

describe("classifyDeployment", () => {
  it("names each inventory status", () => {
    expect(classifyDeployment(want, have(), false)).toEqual({ status: "in_sync", differences: [] });
    expect(classifyDeployment(want, have({ capacity: 140, modelVersion: "2024-08-06", skuName: "Standard" }), false)).toEqual({
      status: "drift",
      differences: ["version 2024-11-20 → 2024-08-06", "SKU GlobalStandard → Standard", "capacity 150 → 140"],
    });
    expect(classifyDeployment(want, null, false).status).toBe("missing");
    expect(classifyDeployment(null, have(), false).status).toBe("unmanaged");
    expect(classifyDeployment(want, have({ provisioningState: "Creating" }), false).status).toBe("deploying");
    expect(classifyDeployment(want, null, true).status).toBe("deploying");
    expect(classifyDeployment(want, have({ provisioningState: "Failed" }), false).status).toBe("failed");
  });

  it("describes only what differs", () => {
    expect(describeDifferences(want, have())).toEqual([]);
    expect(describeDifferences(want, have({ modelName: "gpt-4.1" }))).toEqual(["model gpt-4o → gpt-4.1"]);
  });

  it("counts whole days to a retirement date", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    expect(daysUntil("2027-02-01T00:00:00Z", now)).toBe(67);
    expect(daysUntil("2026-11-20T00:00:00Z", now)).toBeLessThan(0);
  });
});
