import { describe, expect, it } from "vitest";
import { prBody, prTitle } from "./pr-text";

const request = {
  number: 12,
  kind: "create" as const,
  accountName: "contoso-openai-aue",
  location: "australiaeast",
  deploymentName: "search-gpt-4o-2",
  modelName: "gpt-4o",
  modelVersion: "2024-11-20",
  skuName: "GlobalStandard",
  capacity: 10,
  justification: "Ping @platform-team\n<script>alert(1)</script> [click](https://evil.example) **now** # heading\n| a | b |",
};

describe("PR text", () => {
  it("has a title a reviewer can scan", () => {
    expect(prTitle(request)).toBe("ai-models(contoso-openai-aue): add search-gpt-4o-2 (gpt-4o 2024-11-20, GlobalStandard 10) [ModelGate #12]");
    expect(prTitle({ ...request, kind: "change", capacity: 20, previous: { model: { version: "2024-11-20" }, sku: { capacity: 10 } } })).toContain("change search-gpt-4o-2 (capacity 10 → 20)");
    expect(prTitle({ ...request, kind: "decommission" })).toContain("remove search-gpt-4o-2");
  });

  it("escapes user text: no HTML, links, formatting, tables or @mentions", () => {
    const body = prBody(request, { requester: "Mallory @admin", team: "Search", requestUrl: "https://modelgate.test/requests/x", quota: null });
    expect(body).not.toContain("<script>");
    expect(body).toContain("\\<script\\>");
    expect(body).not.toMatch(/@platform-team/);
    expect(body).not.toMatch(/@admin/);
    expect(body).not.toContain("[click](https");
    expect(body).not.toContain("**now**");
    expect(body).toContain("> Ping \\@\u200bplatform\\-team");
    // Every justification line stays inside the quote block, table pipes escaped.
    expect(body).toContain("> \\| a \\| b \\|");
  });

  it("shows the quota impact and links back to the request", () => {
    const body = prBody(request, {
      requester: "Priya Shah",
      team: "Search",
      requestUrl: "https://modelgate.test/requests/abc",
      quota: { usageName: "OpenAI.GlobalStandard.gpt-4o", limit: 160, usedInAzure: 150, heldByPending: 0, requested: 10, beforePercent: 93.8, afterPercent: 100, fits: true },
    });
    expect(body).toContain("| 160 | 150 | 0 | 10 | 93.8% | 100% | yes |");
    expect(body).toContain("https://modelgate.test/requests/abc");
  });
});
