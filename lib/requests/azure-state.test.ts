import { describe, expect, it } from "vitest";
import { fingerprintDeployments } from "./azure-state";

const d = (capacity: number, provisioningState: string) => ({ name: "search-gpt-41", model: { name: "gpt-4.1", version: "2025-04-14" }, sku: { name: "DataZoneStandard", capacity }, provisioningState });

describe("fingerprintDeployments", () => {
  it("changes with what a plan reads, not with a deployment settling or the order Azure lists them in", () => {
    const settled = fingerprintDeployments([d(100, "Succeeded")]);
    expect(fingerprintDeployments([d(100, "Accepted")])).toBe(settled);
    expect(fingerprintDeployments([d(100, "Creating")])).toBe(settled);
    expect(fingerprintDeployments([d(90, "Succeeded")])).not.toBe(settled);
    expect(fingerprintDeployments([d(100, "Failed")])).not.toBe(settled);
    const other = { ...d(1, "Succeeded"), name: "other" };
    expect(fingerprintDeployments([other, d(100, "Succeeded")])).toBe(fingerprintDeployments([d(100, "Succeeded"), other]));
  });
});
