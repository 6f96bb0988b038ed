import { describe, expect, it } from "vitest";
import { FORM_DATA } from "./form-data.fixture";
import { createInitialDraft, fittingCapacity, pickDefaultVersion, pickFittingModel, readDraft, reduceDraft, type DraftEvent, type RequestDraft } from "./request-draft";

const apply = (draft: RequestDraft, ...events: DraftEvent[]) => events.reduce((d, e) => reduceDraft(d, e, FORM_DATA), draft);
const fresh = (prefill = {}) => createInitialDraft(FORM_DATA, prefill);

describe("the request draft", () => {
  it("opens on the first account without a problem, the first team and gpt-4o's default version, everything else at its default", () => {
    const d = fresh();
    expect(d).toMatchObject({ action: "create", accountName: "acc-aue", teamId: FORM_DATA.teams[0].id, modelName: "gpt-4o", version: "2024-11-20", skuName: "", capacityText: null, nameTouched: false, deploymentName: "" });
    const withProblem = { ...FORM_DATA, accounts: [{ ...FORM_DATA.accounts[0], problem: "Azure could not be read." }, FORM_DATA.accounts[1]] };
    expect(createInitialDraft(withProblem, {}).accountName).toBe("acc-eus2");
    expect(createInitialDraft({ ...FORM_DATA, accounts: [] }, {}).accountName).toBe("");
  });

  it("takes a prefilled model and version for a new deployment, unless the version is retired or the model not offered", () => {
    expect(fresh({ action: "create", model: "gpt-4o-mini" })).toMatchObject({ modelName: "gpt-4o-mini", version: "2024-07-18" });
    expect(fresh({ action: "create", model: "gpt-4o", version: "2024-08-06" }).version).toBe("2024-08-06");
    expect(fresh({ action: "create", model: "gpt-4o", version: "2024-05-13" }).version).toBe("2024-11-20");
    expect(fresh({ action: "create", model: "gpt-5" }).modelName).toBe("gpt-4o");
    // Only a new deployment takes the model from the link.
    expect(fresh({ action: "change", model: "gpt-4o-mini" }).modelName).toBe("gpt-4o");
  });

  it("opens a change on the prefilled deployment (any case) with its version and capacity, or the link's version", () => {
    expect(fresh({ action: "change", account: "acc-aue", deployment: "SEARCH-gpt-4o" })).toMatchObject({ action: "change", deploymentName: "search-gpt-4o", changeVersion: "2024-08-06", changeCapacityText: null });
    expect(readDraft(fresh({ action: "change", account: "acc-aue", deployment: "search-gpt-4o" }), FORM_DATA)).toMatchObject({ capacity: 20, capacityText: "20" });
    expect(fresh({ action: "change", account: "acc-aue", deployment: "search-gpt-4o", version: "2024-11-20" }).changeVersion).toBe("2024-11-20");
    expect(fresh({ action: "change", account: "acc-aue", deployment: "nope" })).toMatchObject({ deploymentName: "", changeVersion: "", changeCapacityText: null });
  });

  it("picks a model's default version unless it is retired, then its first usable one", () => {
    const [gpt4o] = FORM_DATA.accounts[0].models;
    expect(pickDefaultVersion(gpt4o, FORM_DATA.today)).toBe("2024-11-20");
    expect(pickDefaultVersion(gpt4o, "2027-10-01T00:00:00Z")).toBe("");
    const noDefault = { ...gpt4o, versions: gpt4o.versions.map((v) => ({ ...v, isDefault: false })) };
    expect(pickDefaultVersion(noDefault, FORM_DATA.today)).toBe("2024-08-06");
    expect(pickDefaultVersion(undefined, FORM_DATA.today)).toBe("");
  });

  it("a new model resets version, deployment type and capacity", () => {
    const d = apply(fresh(), { type: "chooseVersion", value: "2024-08-06" }, { type: "chooseSku", value: "ProvisionedManaged" }, { type: "typeCapacity", value: "100" }, { type: "chooseModel", value: "gpt-4o-mini" });
    expect(d).toMatchObject({ modelName: "gpt-4o-mini", version: "2024-07-18", skuName: "", capacityText: null });
  });

  it("a new version resets the deployment type but keeps the typed capacity; a new type resets the capacity", () => {
    let d = apply(fresh(), { type: "chooseSku", value: "ProvisionedManaged" }, { type: "typeCapacity", value: "100" }, { type: "chooseVersion", value: "2024-08-06" });
    expect(d).toMatchObject({ version: "2024-08-06", skuName: "", capacityText: "100" });
    d = apply(d, { type: "chooseSku", value: "ProvisionedManaged" });
    expect(d).toMatchObject({ skuName: "ProvisionedManaged", capacityText: null });
  });

  it("a new account keeps the model when offered there, else takes its first, and drops the chosen deployment", () => {
    const start = fresh({ action: "change", account: "acc-aue", deployment: "search-gpt-4o" });
    const d = apply(start, { type: "chooseSku", value: "GlobalStandard" }, { type: "typeCapacity", value: "3" }, { type: "chooseAccount", value: "acc-eus2" });
    expect(d).toMatchObject({ accountName: "acc-eus2", modelName: "gpt-4o-mini", version: "2024-07-18", skuName: "", capacityText: null, deploymentName: "" });
    const mini = apply(fresh({ action: "create", model: "gpt-4o-mini" }), { type: "chooseAccount", value: "acc-eus2" });
    expect(mini.modelName).toBe("gpt-4o-mini");
    expect(apply(fresh(), { type: "chooseAccount", value: "gone" })).toMatchObject({ accountName: "gone", modelName: "", version: "" });
  });

  it("sends version and capacity edits to the mode shown, so each mode keeps its own", () => {
    let d = apply(fresh({ action: "change", account: "acc-aue", deployment: "search-gpt-4o" }), { type: "chooseVersion", value: "2024-11-20" }, { type: "typeCapacity", value: "25" });
    expect(d).toMatchObject({ changeVersion: "2024-11-20", changeCapacityText: "25", version: "2024-11-20", capacityText: null });
    d = apply(d, { type: "chooseAction", value: "create" }, { type: "typeCapacity", value: "7" }, { type: "chooseAction", value: "change" });
    expect(d).toMatchObject({ action: "change", capacityText: "7", changeCapacityText: "25" });
  });

  it("choosing a deployment takes its version and capacity; choosing none clears them", () => {
    let d = apply(fresh({ action: "change" }), { type: "chooseDeployment", value: "search-gpt-4o" });
    expect(d).toMatchObject({ deploymentName: "search-gpt-4o", changeVersion: "2024-08-06", changeCapacityText: null });
    d = apply(d, { type: "chooseDeployment", value: "" });
    expect(d).toMatchObject({ deploymentName: "", changeVersion: "", changeCapacityText: null });
  });

  it("keeps plain edits as typed", () => {
    const d = apply(
      fresh(),
      { type: "chooseTeam", value: FORM_DATA.teams[1].id },
      { type: "typeName", value: "my-name" },
      { type: "chooseUpgrade", value: "NoAutoUpgrade" },
      { type: "chooseContentFilter", value: "strict" },
      { type: "typeJustification", value: "Because." },
    );
    expect(d).toMatchObject({ teamId: FORM_DATA.teams[1].id, name: "my-name", nameTouched: true, upgrade: "NoAutoUpgrade", contentFilter: "strict", justification: "Because." });
  });
});

describe("reading a draft", () => {
  it("fills in a new deployment's defaults: GlobalStandard, its default capacity, quota and a unique suggested name", () => {
    const v = readDraft(fresh(), FORM_DATA);
    expect(v.sku?.name).toBe("GlobalStandard");
    expect(v.skus.map((s) => s.name)).toEqual(["GlobalStandard", "ProvisionedManaged"]);
    // The box shows the suggested capacity (the default, which fits the 10 free).
    expect(v.capacityText).toBe("10");
    expect(v.capacity).toBe(10);
    expect(v.quota).toMatchObject({ free: 10, limit: 160 });
    expect(v.deploymentName).toBe("search-gpt-4o-2");
    expect(v.changeable.map((d) => d.name)).toEqual(["search-gpt-4o"]);
    expect(v.check).toEqual({
      action: "create",
      account: "acc-aue",
      teamName: "Search",
      deploymentName: "search-gpt-4o-2",
      modelName: "gpt-4o",
      modelVersion: "2024-11-20",
      skuName: "GlobalStandard",
      capacity: 10,
      versionUpgradeOption: undefined,
      raiPolicyName: undefined,
    });
  });

  it("follows the team in the suggested name until the user types one; typed text is the capacity, even when not a number", () => {
    let d = apply(fresh(), { type: "chooseTeam", value: FORM_DATA.teams[1].id });
    expect(readDraft(d, FORM_DATA).deploymentName).toBe("research-gpt-4o");
    d = apply(d, { type: "typeName", value: "" }, { type: "typeCapacity", value: "abc" }, { type: "chooseUpgrade", value: "NoAutoUpgrade" }, { type: "chooseContentFilter", value: "strict" });
    const v = readDraft(d, FORM_DATA);
    expect(v.deploymentName).toBe("");
    expect(v.capacity).toBeNaN();
    expect(v.check).toMatchObject({ deploymentName: "", versionUpgradeOption: "NoAutoUpgrade", raiPolicyName: "strict" });
  });

  it("reads a change against the deployment: its model's versions, its own type, its capacity", () => {
    const d = apply(fresh({ action: "change", account: "acc-aue", deployment: "search-gpt-4o" }), { type: "chooseVersion", value: "2024-11-20" });
    const v = readDraft(d, FORM_DATA);
    expect(v.existing?.name).toBe("search-gpt-4o");
    expect(v.effectiveModel?.name).toBe("gpt-4o");
    expect(v.sku?.name).toBe("GlobalStandard");
    expect(v.capacity).toBe(20);
    expect(v.check).toMatchObject({ action: "change", deploymentName: "search-gpt-4o", modelName: undefined, modelVersion: "2024-11-20", skuName: undefined, capacity: 20 });
    // An emptied capacity box stays empty (no snapping back); the rules then ask for a capacity.
    const cleared = readDraft(apply(d, { type: "typeCapacity", value: "" }), FORM_DATA);
    expect(cleared.capacityText).toBe("");
    expect(Number.isNaN(cleared.check?.capacity)).toBe(true);
  });

  it("asks nothing about capacity for a decommission, and nothing at all without an account", () => {
    const v = readDraft(fresh({ action: "decommission", account: "acc-aue", deployment: "search-gpt-4o" }), FORM_DATA);
    expect(v.check).toMatchObject({ action: "decommission", deploymentName: "search-gpt-4o", capacity: undefined });
    expect(readDraft(fresh({ action: "change" }), FORM_DATA)).toMatchObject({ existing: undefined, sku: undefined });
    expect(readDraft(apply(fresh(), { type: "chooseAccount", value: "gone" }), FORM_DATA)).toMatchObject({ account: undefined, check: null, deploymentName: "" });
  });
});

describe("the form on arrival", () => {
  it("suggests a capacity that fits: the type's default within the free quota, in its steps", () => {
    expect(fittingCapacity({ min: 1, max: 1000, step: 1, default: 10 }, 4)).toBe(4);
    expect(fittingCapacity({ min: 1, max: 1000, step: 1, default: 10 }, 400)).toBe(10);
    expect(fittingCapacity({ min: 50, max: 2000, step: 50, default: 50 }, 120)).toBe(50);
    expect(fittingCapacity({ min: 50, max: 2000, step: 50, default: 100 }, 120)).toBe(100);
    expect(fittingCapacity({ min: 50, max: 2000, step: 50, default: 50 }, 49)).toBeNull();
    expect(fittingCapacity({ min: 1, max: 1000, step: 1, default: 10 }, 0)).toBeNull();
  });

  it("preselects a model whose quota has room, and a capacity within it", () => {
    const full = { ...FORM_DATA, accounts: FORM_DATA.accounts.map((a, i) => (i === 0 ? { ...a, quota: { ...a.quota, "OpenAI.GlobalStandard.gpt-4o": { ...a.quota["OpenAI.GlobalStandard.gpt-4o"], free: 0 } } } : a)) };
    expect(pickFittingModel(full.accounts[0], FORM_DATA.today)).toBe("gpt-4o-mini");
    expect(pickFittingModel(FORM_DATA.accounts[0], FORM_DATA.today)).toBe("gpt-4o");
    const view = readDraft(createInitialDraft(full, {}), full);
    expect(view.model?.name).toBe("gpt-4o-mini");
    expect(view.capacity).toBe(10);
  });

  it("keeps the slider's range while typing, and leaves a cleared box empty", () => {
    const start = fresh();
    const before = readDraft(start, FORM_DATA).range;
    expect(before).toEqual({ min: 1, max: 10, step: 1 });
    const typed = readDraft(apply(start, { type: "typeCapacity", value: "9000" }), FORM_DATA);
    expect(typed.range).toEqual(before);
    const cleared = readDraft(apply(start, { type: "typeCapacity", value: "" }), FORM_DATA);
    expect(cleared.capacityText).toBe("");
    expect(Number.isNaN(cleared.capacity)).toBe(true);
    expect(cleared.check?.capacity).toBeUndefined();
  });

  it("takes a whole prefilled new deployment (a revision, or an upgrade to another model keeping the settings)", () => {
    const d = fresh({ action: "create", account: "acc-aue", model: "gpt-4o", version: "2024-11-20", sku: "ProvisionedManaged", capacity: 50, name: "search-ptu", upgrade: "NoAutoUpgrade", justification: "Same as before.", teamId: FORM_DATA.teams[1].id });
    expect(d).toMatchObject({ skuName: "ProvisionedManaged", capacityText: "50", name: "search-ptu", nameTouched: true, upgrade: "NoAutoUpgrade", justification: "Same as before.", teamId: FORM_DATA.teams[1].id });
    const view = readDraft(d, FORM_DATA);
    expect(view.sku?.name).toBe("ProvisionedManaged");
    expect(view.capacity).toBe(50);
  });
});
