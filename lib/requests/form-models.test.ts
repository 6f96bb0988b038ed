import { describe, expect, it } from "vitest";
import type { AzureModel, AzureUsage } from "@/lib/azure";
import { toFormModels } from "./load-account-options";

const sku = (name: string, usageName: string | undefined, capacity: AzureModel["versions"][number]["skus"][number]["capacity"], deprecationDate?: string) => ({
  name,
  ...(usageName ? { usageName } : {}),
  capacity,
  unit: /provisioned/i.test(name) ? ("ptu" as const) : ("thousand-tpm" as const),
  ...(deprecationDate ? { deprecationDate } : {}),
});
const version = (v: string, skus: ReturnType<typeof sku>[], extra: Partial<AzureModel["versions"][number]> = {}) => ({
  version: v,
  isDefault: true,
  lifecycleStatus: "GenerallyAvailable",
  deprecation: { inference: "2027-10-14T00:00:00Z" },
  fineTunable: false,
  capabilities: {},
  skus,
  ...extra,
});
const usage = (name: string, limit: number): AzureUsage => ({ name, displayName: name, current: 0, limit, unit: "Count" });

const models: AzureModel[] = [
  { format: "OpenAI", name: "gpt-4.1", kinds: ["OpenAI", "AIServices"], versions: [version("2025-04-14", [sku("GlobalStandard", "OpenAI.GlobalStandard.gpt4.1", { minimum: 1, maximum: 30000, step: 1, default: 10 })])] },
  { format: "OpenAI", name: "dall-e-3", kinds: ["AIServices"], versions: [version("3.0", [sku("Standard", "OpenAI.Standard.dall-e-3", { maximum: 2, default: 1 })])] },
  { format: "OpenAI", name: "ada", kinds: ["OpenAI"], versions: [version("1", [sku("provisioned", "OpenAI.Provisioned.Class1", { minimum: 100, maximum: 1000, step: 100, default: 100 })])] },
  { format: "Meta", name: "Llama-3.2-90B-Vision-Instruct", kinds: ["AIServices"], versions: [version("2", [sku("GlobalStandard", "AIServices.GlobalStandard.MaaS", { maximum: 1, default: 1 })])] },
  {
    format: "OpenAI",
    name: "gpt-4o",
    kinds: ["OpenAI", "AIServices"],
    versions: [
      version("2024-08-06", [
        sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-4o", { minimum: 1, maximum: 30000, step: 1, default: 10 }, "2027-02-15T00:00:00Z"),
        // No usage name published: its quota can't be read, so it is not offered.
        sku("Standard", undefined, { minimum: 1, maximum: 1000, step: 1, default: 10 }),
        // Published, but the region's usages don't carry it.
        sku("DataZoneStandard", "OpenAI.DataZoneStandard.gpt-4o", { minimum: 1, maximum: 10000, step: 1, default: 10 }),
      ]),
    ],
  },
  { format: "OpenAI", name: "text-embedding-3-small", kinds: ["OpenAI", "AIServices"], versions: [version("1", [sku("Standard", "OpenAI.Standard.text-embedding-3-small", { maximum: 1000, default: 120 })])] },
];
const usages = [usage("OpenAI.GlobalStandard.gpt4.1", 1000), usage("OpenAI.Standard.dall-e-3", 2), usage("OpenAI.Provisioned.Class1", 0), usage("AIServices.GlobalStandard.MaaS", 10), usage("OpenAI.GlobalStandard.gpt-4o", 450), usage("OpenAI.Standard.text-embedding-3-small", 350)];

describe("what the form offers an account", () => {
  it("offers Azure OpenAI models its kind lists, each SKU under the usage name Azure publishes", () => {
    const offered = toFormModels(models, { kind: "AIServices", usages });
    expect(offered.map((m) => m.name)).toEqual(["dall-e-3", "gpt-4.1", "gpt-4o", "text-embedding-3-small"]);
    expect(offered.find((m) => m.name === "gpt-4.1")!.versions[0].skus[0].usageName).toBe("OpenAI.GlobalStandard.gpt4.1");
    expect(toFormModels(models, { kind: "OpenAI", usages }).map((m) => m.name)).toEqual(["ada", "gpt-4.1", "gpt-4o", "text-embedding-3-small"]);
  });

  it("never offers a SKU whose quota can't be read, and keeps each SKU's own retirement date", () => {
    const gpt4o = toFormModels(models, { kind: "AIServices", usages }).find((m) => m.name === "gpt-4o")!;
    expect(gpt4o.versions[0].skus.map((s) => [s.name, s.retiresOn])).toEqual([["GlobalStandard", "2027-02-15T00:00:00Z"]]);
    expect(toFormModels(models, { kind: "AIServices", usages: [] })).toEqual([]);
  });

  it("reads missing capacity bounds as Azure means them: minimum and step 1, at most the quota's limit", () => {
    const small = toFormModels(models, { kind: "AIServices", usages }).find((m) => m.name === "text-embedding-3-small")!.versions[0].skus[0];
    expect(small).toMatchObject({ min: 1, step: 1, max: 1000, default: 120 });
    const dalle = toFormModels(models, { kind: "AIServices", usages }).find((m) => m.name === "dall-e-3")!.versions[0].skus[0];
    expect(dalle).toMatchObject({ min: 1, step: 1, max: 2, default: 1 });
  });
});
