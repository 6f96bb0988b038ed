import { describe, expect, it } from "vitest";
import { readFileDeployments, resolveAccountFile } from "./param-files";

const file = (content: string, path = "manage-ai-models/x.bicepparam") => ({ path, sha: "a".repeat(40), commitSha: "b".repeat(40), content });

describe("resolveAccountFile", () => {
  it("reads the target account from the file's literal params", () => {
    const text = "using './ai-models.bicep'\nparam location = 'australiaeast' // region\nparam openaiResourceGroupName = 'rg-1'\nparam openaiName = 'it\\'s-here'\nparam openaiDeployments = []\n";
    expect(resolveAccountFile(file(text)).account).toEqual({ name: "it's-here", resourceGroup: "rg-1", location: "australiaeast" });
  });

  it("explains params that are expressions, and takes configured overrides for them", () => {
    const text = "using './ai-models.bicep'\nparam location = 'eastus2'\nparam openaiResourceGroupName = 'rg-${env}'\nparam openaiName = 'acct'\n";
    const r = resolveAccountFile(file(text));
    expect(r.account).toBeNull();
    expect(r.unresolved).toEqual([{ param: "openaiResourceGroupName", reason: expect.stringContaining("expression") }]);
    const o = resolveAccountFile(file(text), { "manage-ai-models/x.bicepparam": { resourceGroup: "rg-1", subscriptionId: "sub" } });
    expect(o.account).toEqual({ name: "acct", resourceGroup: "rg-1", location: "eastus2", subscriptionId: "sub" });
  });

  it("reads ARM JSON parameter files, and says when a param is missing", () => {
    const json = JSON.stringify({ parameters: { openaiName: { value: "acct" }, location: { value: "swedencentral" } } });
    const r = resolveAccountFile(file(json, "x.json"));
    expect(r.account).toBeNull();
    expect(r.unresolved).toEqual([{ param: "openaiResourceGroupName", reason: expect.stringContaining("not set in the file") }]);
  });
});

describe("readFileDeployments", () => {
  it("reads the deployments and the team comment above each", () => {
    const text = "param openaiDeployments = [\n  // team: Search\n  { name: 'aa', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { capacity: 1, name: 'Standard' } }\n]\n";
    const { elements, owners } = readFileDeployments(file(text), "openaiDeployments");
    expect(elements.map((e) => e.name)).toEqual(["aa"]);
    expect(owners.get("aa")).toBe("Search");
  });
});
