import { describe, expect, it } from "vitest";
import { branchNameFor, checkRequestRules, explainCapacity, explainNoQuota, formatCapacity, formDataToRequestInput, RequestInputSchema, suggestDeploymentName, type FormAccount } from "../client";

const account: FormAccount = {
  name: "acc",
  location: "australiaeast",
  resourceGroup: "rg",
  subscriptionId: "sub",
  paramFilePath: "manage-ai-models/acc.bicepparam",
  fileText: "using './ai-models.bicep'\n\nparam openaiDeployments = [\n]\n",
  deployments: [],
  takenNames: [{ name: "search-gpt-4o", where: "in the parameter file" }],
  models: [
    {
      format: "OpenAI",
      name: "gpt-4o",
      versions: [
        { version: "2024-11-20", isDefault: true, lifecycleStatus: "GenerallyAvailable", retiresOn: "2027-01-10T00:00:00Z", skus: [{ name: "GlobalStandard", usageName: "OpenAI.GlobalStandard.gpt-4o", unit: "thousand-tpm", min: 1, max: 30000, step: 1, default: 10 }] },
        { version: "2024-05-13", isDefault: false, lifecycleStatus: "Deprecated", retiresOn: "2026-06-30T00:00:00Z", skus: [{ name: "GlobalStandard", usageName: "OpenAI.GlobalStandard.gpt-4o", unit: "thousand-tpm", min: 1, max: 30000, step: 1, default: 10 }] },
      ],
    },
  ],
  raiPolicies: ["Microsoft.DefaultV2"],
  quota: { "OpenAI.GlobalStandard.gpt-4o": { usageName: "OpenAI.GlobalStandard.gpt-4o", limit: 160, usedInAzure: 150, heldByPending: 0, free: 10 } },
  problem: null,
};
const ctx = { today: "2026-11-25T00:00:00Z", retirementWindowDays: 90 };
const base = { action: "create" as const, account: "acc", teamName: "Search", deploymentName: "search-gpt-4o-2", modelName: "gpt-4o", modelVersion: "2024-11-20", skuName: "GlobalStandard", capacity: 10 };

describe("request form rules", () => {
  it("accepts a request within quota, warns about a version retiring within the window, and builds the add edit", () => {
    const v = checkRequestRules(account, base, ctx);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.plan.change).toMatchObject({ op: "add", comment: "team: Search · request #… (ModelGate)", deployment: { name: "search-gpt-4o-2", sku: { capacity: 10, name: "GlobalStandard" } } });
    expect(v.plan.warnings[0]).toMatch(/retires on 2027-01-10 \(in 46 days\)/);
  });

  it("refuses more than is free, taken names (ignoring case), retired versions and unknown content filters", () => {
    const errs = (o: object) => {
      const v = checkRequestRules(account, { ...base, ...o }, ctx);
      return v.ok ? {} : v.errors;
    };
    expect(errs({ capacity: 11 }).capacity).toMatch(/only 10,000 of 160,000 tokens per minute are free in australiaeast/);
    expect(errs({ deploymentName: "SEARCH-gpt-4o" }).deploymentName).toMatch(/already used on acc \(in the parameter file\)/);
    expect(errs({ modelVersion: "2024-05-13" }).modelVersion).toMatch(/retired on 2026-06-30/);
    expect(errs({ raiPolicyName: "Made.Up" }).raiPolicyName).toMatch(/doesn't exist/);
    expect(errs({ skuName: "Standard" }).skuName).toMatch(/not offered/);
  });

  it("says plainly when no quota is free, and spells capacities with their unit", () => {
    expect(explainNoQuota({ hold: 10, free: 0, limit: 160, usageName: "OpenAI.GlobalStandard.gpt-4o", unit: "thousand-tpm", location: "australiaeast" })).toBe(
      "No quota is free for this model in this region: OpenAI.GlobalStandard.gpt-4o in australiaeast has 0 of 160,000 tokens per minute free. Choose another deployment type or account, or ask the platform team for more quota.",
    );
    // Less than the type's minimum is as good as none.
    expect(explainNoQuota({ hold: 50, free: 25, limit: 100, usageName: "OpenAI.ProvisionedManaged", unit: "ptu", location: "eastus2", min: 50 })).toMatch(/^No quota is free/);
    expect(explainNoQuota({ hold: 100, free: 50, limit: 100, usageName: "OpenAI.ProvisionedManaged", unit: "ptu", location: "eastus2", min: 50 })).toMatch(/needs 100 PTUs .* only 50 of 100 PTUs are free in eastus2\. Ask for 50 PTUs or less/);
    expect(formatCapacity(1, "thousand-tpm")).toBe("1,000 tokens per minute");
    expect(formatCapacity(1, "ProvisionedManaged")).toBe("1 PTU");
    expect(formatCapacity(50, "ptu")).toBe("50 PTUs");
    expect(explainCapacity(Number.NaN, { name: "GlobalStandard", usageName: "x", unit: "thousand-tpm", min: 1, max: 10, step: 1, default: 1 })).toBe("Enter a capacity.");
  });

  it("checks capacity bounds and steps, suggests unique names, and names branches safely", () => {
    const ptu = { name: "ProvisionedManaged", usageName: "OpenAI.ProvisionedManaged", unit: "ptu" as const, min: 50, max: 2000, step: 50, default: 50 };
    expect(explainCapacity(75, ptu)).toMatch(/steps of 50/);
    expect(explainCapacity(25, ptu)).toBe("Capacity must be at least 50 (50 PTUs).");
    expect(explainCapacity(100, ptu)).toBeUndefined();
    expect(suggestDeploymentName("Search", "gpt-4.1", ["search-gpt-41"])).toBe("search-gpt-41-2");
    expect(branchNameFor(12, "Search.GPT_4o")).toBe("modelgate/12-search-gpt_4o");
  });

  it("passes every posted field to the strict schema, so a forged one is refused", () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ action: "create", account: "acc", teamId: "4c2f1b8e-6a0f-4d3e-9b1a-2f3c4d5e6f70", deploymentName: "x1", justification: "Because we need it.", submissionKey: "abcdefgh-1234", capacity: "", requesterId: "someone-else" })) form.append(k, v);
    form.append("$ACTION_ID_abc", "");
    const raw = formDataToRequestInput(form);
    expect(raw).not.toHaveProperty("capacity");
    expect(raw).not.toHaveProperty("$ACTION_ID_abc");
    const parsed = RequestInputSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain("requesterId");
  });
});
