import { describe, expect, it } from "vitest";
import { SEED_ACCOUNTS } from "../seed/world";
import {
  MODEL_CATALOGUE,
  QUOTA_OVERRIDES,
  REGIONS,
  USAGES,
  defaultQuotaLimit,
  effectiveBounds,
  findCatalogueModel,
  findCatalogueVersion,
  findSku,
  usageNameOf,
} from "./catalogue";

const TODAY = Date.parse("2026-11-25T00:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const all = MODEL_CATALOGUE.flatMap((m) => m.versions.map((v) => ({ model: m, version: v, label: `${m.name} ${v.version}` })));

describe("model catalogue", () => {
  it("has one default version per model, consistent capacity bounds and replacements that exist", () => {
    for (const model of MODEL_CATALOGUE) {
      expect(model.versions.filter((v) => v.isDefault), model.name).toHaveLength(1);
      expect(model.kinds.length, model.name).toBeGreaterThan(0);
    }
    for (const { version, label } of all) {
      for (const sku of version.skus) {
        for (const r of sku.regions) expect(REGIONS).toContain(r);
        const b = effectiveBounds(sku.capacity);
        expect(b.default, `${label} ${sku.name}`).toBeGreaterThanOrEqual(b.minimum);
        expect(b.default, `${label} ${sku.name}`).toBeLessThanOrEqual(b.maximum);
        expect((b.default - b.minimum) % b.step, `${label} ${sku.name}`).toBe(0);
      }
      if (version.replacement) {
        const target = findCatalogueModel("OpenAI", version.replacement.model);
        expect(target && findCatalogueVersion(target, version.replacement.version), `${label} replacement`).toBeTruthy();
      }
    }
  });

  it("publishes a usage name for every SKU, defined once, shared by every version of a model", () => {
    for (const { model, version, label } of all) {
      for (const sku of version.skus) {
        expect(USAGES[sku.usageName], `${label} ${sku.name} → ${sku.usageName}`).toBeDefined();
        // One quota covers all versions of a model: every version names the same pool for a SKU.
        expect(usageNameOf(model.format, model.name, sku.name), `${label} ${sku.name}`).toBe(sku.usageName);
      }
    }
  });

  it("is as untidy as Azure's list: usage names unlike the model name, both kinds, partner formats, SKUs without minimum/step", () => {
    const usageNames = all.flatMap(({ version }) => version.skus.map((s) => s.usageName));
    for (const name of ["OpenAI.Standard.GPT4o", "OpenAI.Provisioned.GPT4o", "OpenAI.Provisioned.Class1", "AIServices.GlobalStandard.MaaS", "OpenAI.GlobalStandard.gpt4.1", "OpenAI.GlobalStandard.gpt4.1-mini"]) {
      expect(usageNames).toContain(name);
    }
    expect(all.some(({ model, version }) => version.skus.some((s) => s.usageName !== `OpenAI.${s.name}.${model.name}` && !s.usageName.endsWith("ProvisionedManaged")))).toBe(true);
    expect(MODEL_CATALOGUE.filter((m) => m.kinds.includes("OpenAI") && m.kinds.includes("AIServices")).length).toBeGreaterThan(5);
    expect(MODEL_CATALOGUE.filter((m) => m.format !== "OpenAI").map((m) => m.format)).toEqual(expect.arrayContaining(["Meta"]));
    expect(all.some(({ version }) => version.skus.some((s) => s.capacity.minimum === undefined && s.capacity.step === undefined))).toBe(true);
  });

  it("dates its lifecycle realistically relative to 2026-11-25, with per-SKU dates of their own", () => {
    for (const { version, label } of all) {
      const inference = Date.parse(version.deprecation.inference);
      if (version.lifecycleStatus === "Deprecated") expect(inference, label).toBeLessThan(TODAY);
      else if (version.lifecycleStatus === "Deprecating") {
        expect(inference, label).toBeGreaterThan(TODAY);
        expect(inference, label).toBeLessThanOrEqual(TODAY + 90 * DAY);
      }
    }
    const count = (s: string) => all.filter(({ version }) => version.lifecycleStatus === s).length;
    expect(count("Deprecated")).toBeGreaterThanOrEqual(2);
    expect(count("Deprecating")).toBeGreaterThanOrEqual(2);
    expect(count("Legacy")).toBeGreaterThanOrEqual(1);
    expect(all.some(({ version }) => version.lifecycleStatus === "Legacy" && version.replacement)).toBe(true);
    // At least one SKU retires before its version does.
    expect(all.some(({ version }) => version.skus.some((s) => s.deprecationDate && Date.parse(s.deprecationDate) < Date.parse(version.deprecation.inference)))).toBe(true);
  });

  it("offers every seeded deployment in its region, within bounds and quota", () => {
    const used = new Map<string, number>();
    for (const account of SEED_ACCOUNTS) {
      for (const d of account.deployments) {
        const model = findCatalogueModel(d.model.format, d.model.name);
        const version = model && findCatalogueVersion(model, d.model.version);
        const sku = version && findSku(version, account.location, d.sku.name);
        expect(sku, d.name).toBeTruthy();
        const b = effectiveBounds(sku!.capacity);
        expect(d.sku.capacity).toBeGreaterThanOrEqual(b.minimum);
        expect((d.sku.capacity - b.minimum) % b.step).toBe(0);
        const key = `${account.location}|${sku!.usageName}`;
        used.set(key, (used.get(key) ?? 0) + d.sku.capacity);
      }
    }
    for (const [key, current] of used) {
      const [region, usageName] = key.split("|");
      expect(current, key).toBeLessThanOrEqual(defaultQuotaLimit(region, usageName));
    }
  });

  it("overrides only quotas the region offers", () => {
    for (const [region, overrides] of Object.entries(QUOTA_OVERRIDES)) {
      for (const usageName of Object.keys(overrides)) {
        expect(all.some(({ version }) => version.skus.some((s) => s.usageName === usageName && s.regions.some((r) => r === region))), `${region} ${usageName}`).toBe(true);
      }
    }
  });
});
