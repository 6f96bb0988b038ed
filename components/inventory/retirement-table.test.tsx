import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { RetirementRow } from "@/lib/sync";
import { orderRetirements, RetirementTable } from "./retirement-table";

const row = (deployment: string, daysLeft: number, versionUpgradeOption?: string): RetirementRow => ({
  account: "contoso-openai-aue",
  location: "australiaeast",
  deployment,
  team: "Support",
  modelName: "gpt-35-turbo",
  modelVersion: "0125",
  retiresOn: "2027-02-01T00:00:00Z",
  daysLeft,
  replacement: { modelName: "gpt-4.1-mini", modelVersion: "2025-04-14" },
  ...(versionUpgradeOption ? { versionUpgradeOption } : {}),
});

describe("the retirement radar", () => {
  it("puts NoAutoUpgrade deployments first (they stop working on the day), then the soonest", () => {
    const rows = [row("a", 10), row("pinned-late", 80, "NoAutoUpgrade"), row("b", 5, "OnceCurrentVersionExpired"), row("pinned", 40, "NoAutoUpgrade")];
    expect(orderRetirements(rows).map((r) => r.deployment)).toEqual(["pinned", "pinned-late", "b", "a"]);
  });

  it("says the day a NoAutoUpgrade deployment stops working, next to its upgrade link", () => {
    const html = renderToStaticMarkup(<RetirementTable rows={[row("plain", 10), row("pinned", 40, "NoAutoUpgrade")]} canRequest={() => true} empty={null} />);
    expect(html.indexOf("pinned")).toBeLessThan(html.indexOf("plain"));
    expect(html).toContain("NoAutoUpgrade: stops working on 2027-02-01 unless upgraded");
    expect(html).toContain("/requests/new?account=contoso-openai-aue&amp;deployment=pinned&amp;action=upgrade&amp;version=2025-04-14&amp;model=gpt-4.1-mini");
  });
});
