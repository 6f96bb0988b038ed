import { describe, expect, it } from "vitest";
import { branchNameFor, checkRequestRules, explainCapacity, explainNoQuota, formatCapacity, formDataToRequestInput, parseCapacity, RequestInputSchema, retirementOf, suggestDeploymentName, type FormAccount } from "../client";

const account: FormAccount = {
  name: "acc",
  location: "australiaeast",
  resourceGroup: "rg",
  subscriptionId: "sub",
  paramFilePath: "manage-ai-models/acc.bicepparam",
  fileText: "using './ai-models.bicep'\n\nparam openaiDeployments = [\n]\n",
  deployments: [],
  takenNames: [{ name: "search-gpt-4o", where: "in the parameter file" }],
  runningModels: ["gpt-4o"],
  models: [
    {
      format: "OpenAI",
      name: "gpt-4o",
      versions: [
        { version: "2024-11-20", isDefault: true, lifecycleStatus: "GenerallyAvailable", retiresOn: "2027-01-10T00:00:00Z", skus: [{ name: "GlobalStandard", usageName: "OpenAI.GlobalStandard.gpt-4o", unit: "thousand-tpm", min: 1, max: 30000, step: 1, default: 10, retiresOn: null }] },
        { version: "2024-05-13", isDefault: false, lifecycleStatus: "Deprecated", retiresOn: "2026-06-30T00:00:00Z", skus: [{ name: "GlobalStandard", usageName: "OpenAI.GlobalStandard.gpt-4o", unit: "thousand-tpm", min: 1, max: 30000, step: 1, default: 10, retiresOn: null }] },
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
    expect(explainCapacity(Number.NaN, { name: "GlobalStandard", usageName: "x", unit: "thousand-tpm", min: 1, max: 10, step: 1, default: 1, retiresOn: null })).toBe("Enter a capacity.");
  });

  it("refuses a Deprecating version on an account that doesn't run the model, before submission and on the server alike", () => {
    const gpt41mini = {
      format: "OpenAI",
      name: "gpt-35-turbo",
      versions: [
        { version: "0125", isDefault: true, lifecycleStatus: "Deprecating", retiresOn: "2027-02-01T00:00:00Z", skus: [{ name: "Standard", usageName: "OpenAI.Standard.gpt-35-turbo", unit: "thousand-tpm" as const, min: 1, max: 1000, step: 1, default: 10, retiresOn: null }] },
      ],
    };
    const withTurbo: FormAccount = { ...account, models: [...account.models, gpt41mini], quota: { ...account.quota, "OpenAI.Standard.gpt-35-turbo": { usageName: "OpenAI.Standard.gpt-35-turbo", limit: 300, usedInAzure: 0, heldByPending: 0, free: 300 } } };
    const turbo = { ...base, deploymentName: "x-turbo", modelName: "gpt-35-turbo", modelVersion: "0125", skuName: "Standard" };
    const refused = checkRequestRules(withTurbo, turbo, ctx);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.modelVersion).toMatch(/^gpt-35-turbo 0125 is being retired \(Deprecating\): Azure accepts new deployments of it only on accounts that already run gpt-35-turbo, and acc doesn't\./);
    expect(checkRequestRules({ ...withTurbo, runningModels: ["gpt-4o", "gpt-35-turbo"] }, turbo, ctx).ok).toBe(true);
  });

  it("uses a deployment type's own retirement date when it comes before the version's", () => {
    const early = { ...account.models[0].versions[0], skus: [{ ...account.models[0].versions[0].skus[0], retiresOn: "2026-12-05T00:00:00Z" }] };
    const soon: FormAccount = { ...account, models: [{ ...account.models[0], versions: [early] }] };
    const v = checkRequestRules(soon, base, ctx);
    expect(v.ok && v.plan.warnings.join(" ")).toMatch(/as GlobalStandard retires on 2026-12-05 \(in 10 days\), before the version itself/);
    const gone = checkRequestRules(soon, base, { ...ctx, today: "2026-12-06T00:00:00Z" });
    expect(!gone.ok && gone.errors.skuName).toMatch(/as GlobalStandard was retired on 2026-12-05/);
    expect(retirementOf(early, early.skus[0])).toBe("2026-12-05T00:00:00Z");
  });

  it("checks capacity bounds and steps, suggests unique names, and names branches safely", () => {
    const ptu = { name: "ProvisionedManaged", usageName: "OpenAI.ProvisionedManaged", unit: "ptu" as const, min: 50, max: 2000, step: 50, default: 50, retiresOn: null };
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

describe("capacity as a person writes it", () => {
  it("takes decimal digits only, and names what is wrong otherwise", () => {
    expect(parseCapacity("16")).toEqual({ ok: true, value: 16 });
    expect(parseCapacity(" 20 ")).toEqual({ ok: true, value: 20 });
    expect(parseCapacity(10)).toEqual({ ok: true, value: 10 });
    expect(parseCapacity("0x10")).toEqual({ ok: false, message: "Write the capacity in decimal digits (0–9), not as 0x10." });
    expect(parseCapacity("-1")).toEqual({ ok: false, message: "Capacity can't be negative." });
    expect(parseCapacity("1e9")).toEqual({ ok: false, message: "Write the capacity out in digits, not in exponent notation (1e9)." });
    expect(parseCapacity("1000001")).toEqual({ ok: false, message: "Capacity can be at most 1,000,000." });
    expect(parseCapacity("2.5")).toEqual({ ok: false, message: "Capacity must be a whole number (no fractions)." });
    expect(parseCapacity("1,000")).toEqual({ ok: false, message: "Write the capacity without thousands separators." });
    expect(parseCapacity("+5")).toEqual({ ok: false, message: "Write the capacity without a + sign." });
    expect(parseCapacity("ten")).toEqual({ ok: false, message: "Enter the capacity as a whole number, e.g. 10." });
    expect(parseCapacity(Number.NaN)).toMatchObject({ ok: false });
  });

  it("the form's schema uses it: 0x10 is refused, not read as 16", () => {
    const base = { action: "create", account: "a", teamId: "6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f", deploymentName: "d", justification: "because we need it", submissionKey: "abcdefgh12" };
    const hex = RequestInputSchema.safeParse({ ...base, capacity: "0x10" });
    expect(hex.success).toBe(false);
    expect(hex.error?.issues[0]).toMatchObject({ path: ["capacity"], message: "Write the capacity in decimal digits (0–9), not as 0x10." });
    expect(RequestInputSchema.parse({ ...base, capacity: "16" }).capacity).toBe(16);
  });
});
