import { describe, expect, it } from "vitest";
import { SEED_ACCOUNTS } from "../seed/world";
import {
  MODEL_CATALOGUE,
  QUOTA_OVERRIDES,
  REGIONS,
  SKU_NAMES,
  defaultQuotaLimit,
  findCatalogueModel,
  findCatalogueVersion,
  skusInRegion,
  usageNameFor,
} from "./catalogue";

const TODAY = Date.parse("2026-11-25T00:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

describe("model catalogue", () => {
  it("has exactly one default version per model, and consistent capacity bounds", () => {
    for (const model of MODEL_CATALOGUE) {
      expect(model.versions.filter((v) => v.isDefault), model.name).toHaveLength(1);
      for (const version of model.versions) {
        for (const [sku, regions] of Object.entries(version.skus)) {
          expect(SKU_NAMES, `${model.name} ${version.version}`).toContain(sku);
          for (const r of regions ?? []) expect(REGIONS).toContain(r);
          const bounds = model.capacity[sku as (typeof SKU_NAMES)[number]];
          expect(bounds, `${model.name} ${sku} bounds`).toBeDefined();
          expect(bounds!.default).toBeGreaterThanOrEqual(bounds!.minimum);
          expect(bounds!.default).toBeLessThanOrEqual(bounds!.maximum);
          expect((bounds!.default - bounds!.minimum) % bounds!.step).toBe(0);
        }
        if (version.replacement) {
          const target = findCatalogueModel("OpenAI", version.replacement.model);
          expect(target && findCatalogueVersion(target, version.replacement.version), `${model.name} ${version.version} replacement`).toBeTruthy();
        }
      }
    }
  });

  it("dates its lifecycle realistically relative to 2026-11-25: some retired, some retiring within 90 days, most fine", () => {
    const versions = MODEL_CATALOGUE.flatMap((m) => m.versions.map((v) => ({ name: `${m.name} ${v.version}`, ...v })));
    for (const v of versions) {
      const inference = Date.parse(v.deprecation.inference);
      if (v.lifecycleStatus === "Deprecated") expect(inference, v.name).toBeLessThan(TODAY);
      else if (v.lifecycleStatus === "Deprecating") {
        expect(inference, v.name).toBeGreaterThan(TODAY);
        expect(inference, v.name).toBeLessThanOrEqual(TODAY + 90 * DAY);
      } else expect(inference, v.name).toBeGreaterThan(TODAY + 90 * DAY);
    }
    const count = (s: string) => versions.filter((v) => v.lifecycleStatus === s).length;
    expect(count("Deprecated")).toBeGreaterThanOrEqual(2);
    expect(count("Deprecating")).toBeGreaterThanOrEqual(2);
    expect(count("GenerallyAvailable")).toBeGreaterThan(count("Deprecated") + count("Deprecating"));
  });

  it("offers every seeded deployment in its region, within bounds and quota", () => {
    const used = new Map<string, number>();
    for (const account of SEED_ACCOUNTS) {
      for (const d of account.deployments) {
        const model = findCatalogueModel(d.model.format, d.model.name);
        const version = model && findCatalogueVersion(model, d.model.version);
        expect(version, `${d.name}`).toBeTruthy();
        expect(skusInRegion(version!, account.location), d.name).toContain(d.sku.name);
        const bounds = model!.capacity[d.sku.name as (typeof SKU_NAMES)[number]]!;
        expect(d.sku.capacity).toBeGreaterThanOrEqual(bounds.minimum);
        expect((d.sku.capacity - bounds.minimum) % bounds.step).toBe(0);
        const key = `${account.location}|${usageNameFor(d.sku.name, d.model.name)}`;
        used.set(key, (used.get(key) ?? 0) + d.sku.capacity);
      }
    }
    for (const [key, current] of used) {
      const [region, usageName] = key.split("|");
      expect(current, key).toBeLessThanOrEqual(defaultQuotaLimit(region, usageName));
    }
  });

  it("overrides only quotas that exist", () => {
    for (const [region, overrides] of Object.entries(QUOTA_OVERRIDES)) {
      for (const usageName of Object.keys(overrides)) {
        const [, sku, ...rest] = usageName.split(".");
        const model = findCatalogueModel("OpenAI", rest.join("."));
        expect(model && model.versions.some((v) => skusInRegion(v, region).includes(sku as (typeof SKU_NAMES)[number])), `${region} ${usageName}`).toBe(true);
      }
    }
  });
});
