import type {
  AzureDeploymentState,
  FieldChange,
  LifecycleFinding,
  MergePlan,
  PlanChange,
  PlanConfirmation,
  PlanDeployment,
  PlanInput,
  PlanModel,
  PlanModelVersion,
  PlanQuotaPool,
  PlanSummary,
  PlanUsage,
  QuotaContribution,
} from "./types";

// How the repository's deploy applies a parameter file (the AVM module, `@batchSize(1)`): it writes every element
// of the file, one at a time in file order, each write checked by Azure on its own (quota, lifecycle), and stops at
// the first failure. Elements the file no longer has are left in Azure (incremental), or — with a deployment stack
// (`actionOnUnmanage: delete`) — deleted after the writes, but only those the stack managed (the file on main).

const lower = (s: string) => s.toLowerCase();
const sameText = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/** Azure's provisioning states in which a deployment holds no capacity it will keep. */
const GONE_STATES = new Set(["deleting"]);

/** What differs between what the file wants and what Azure has, field by field. */
export function compareDeployment(desired: PlanDeployment, actual: PlanDeployment): FieldChange[] {
  const out: FieldChange[] = [];
  if (!sameText(desired.model.name, actual.model.name)) out.push({ field: "model", from: actual.model.name, to: desired.model.name });
  if (desired.model.version !== actual.model.version) out.push({ field: "version", from: actual.model.version, to: desired.model.version });
  if (!sameText(desired.sku.name, actual.sku.name)) out.push({ field: "sku", from: actual.sku.name, to: desired.sku.name });
  if (desired.sku.capacity !== actual.sku.capacity) out.push({ field: "capacity", from: actual.sku.capacity, to: desired.sku.capacity });
  // Azure fills in defaults for what a file leaves out, so only settings the file names are compared.
  if (desired.versionUpgradeOption !== undefined && desired.versionUpgradeOption !== actual.versionUpgradeOption) {
    out.push({ field: "versionUpgradeOption", from: actual.versionUpgradeOption ?? null, to: desired.versionUpgradeOption });
  }
  if (desired.raiPolicyName !== undefined && desired.raiPolicyName !== actual.raiPolicyName) {
    out.push({ field: "raiPolicyName", from: actual.raiPolicyName ?? null, to: desired.raiPolicyName });
  }
  return out;
}

function byName<T extends { name: string }>(list: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of list) if (!map.has(lower(item.name))) map.set(lower(item.name), item);
  return map;
}

function shapeOf(d: PlanDeployment): PlanDeployment {
  return {
    name: d.name,
    model: { ...(d.model.format ? { format: d.model.format } : {}), name: d.model.name, version: d.model.version },
    sku: { name: d.sku.name, capacity: d.sku.capacity },
    ...(d.versionUpgradeOption !== undefined ? { versionUpgradeOption: d.versionUpgradeOption } : {}),
    ...(d.raiPolicyName !== undefined ? { raiPolicyName: d.raiPolicyName } : {}),
  };
}

function currentOf(a: AzureDeploymentState): PlanDeployment & { provisioningState: string } {
  return { ...shapeOf(a), provisioningState: a.provisioningState };
}

/** Looks a model version up in the models list (a model may be listed once per kind: prefer the file's format). */
function findModel(models: readonly PlanModel[], d: PlanDeployment): PlanModel | undefined {
  const named = models.filter((m) => sameText(m.name, d.model.name));
  return named.find((m) => !d.model.format || !m.format || sameText(m.format, d.model.format)) ?? named[0];
}

function findVersion(models: readonly PlanModel[], d: PlanDeployment): PlanModelVersion | undefined {
  return findModel(models, d)?.versions.find((v) => v.version === d.model.version);
}

/**
 * The quota pool (Azure's usage name) a deployment counts against, as the models list publishes it. Pools are per
 * model and SKU across versions, so a version no longer listed falls back to another version's name for the SKU.
 */
export function usageNameOf(models: readonly PlanModel[], d: PlanDeployment): string | null {
  const model = findModel(models, d);
  if (!model) return null;
  const exact = model.versions.find((v) => v.version === d.model.version)?.skus.find((s) => sameText(s.name, d.sku.name))?.usageName;
  if (exact) return exact;
  for (const v of model.versions) {
    const sku = v.skus.find((s) => sameText(s.name, d.sku.name));
    if (sku?.usageName) return sku.usageName;
  }
  return null;
}

function daysUntil(iso: string, now: Date): number {
  return Math.floor((Date.parse(iso) - now.getTime()) / 86_400_000);
}

/** Actions compared by the file alone, for when Azure has not been read yet. */
function planFromFileOnly(input: PlanInput, requested: Set<string>): PlanChange[] {
  const before = byName(input.before ?? []);
  const after = byName(input.after);
  const changes: PlanChange[] = [];
  for (const d of input.after) {
    const b = before.get(lower(d.name));
    const fields = b ? compareDeployment(d, b) : [];
    changes.push({
      name: d.name,
      action: !b ? "create" : fields.length ? "modify" : "no-change",
      requested: requested.has(lower(d.name)),
      unrelated: false,
      fields,
      desired: shapeOf(d),
      current: null,
    });
  }
  for (const b of input.before ?? []) {
    if (after.has(lower(b.name))) continue;
    changes.push({
      name: b.name,
      action: input.unmanaged === "delete" ? "delete" : "keep",
      requested: requested.has(lower(b.name)),
      unrelated: false,
      fields: [],
      desired: null,
      current: null,
      ...(input.unmanaged === "delete" ? {} : { keptBecause: "removed-incremental" as const }),
    });
  }
  return changes;
}

/** One deployment of the file against Azure: what the deploy's write does, and whether the request asked for it. */
function planElement(d: PlanDeployment, a: AzureDeploymentState | undefined, b: PlanDeployment | undefined, isRequested: boolean): PlanChange {
  const desired = shapeOf(d);
  if (!a || GONE_STATES.has(lower(a.provisioningState))) {
    // Added by the request, or by someone else's commit on the branch, or in main's file but missing in Azure.
    const reason = isRequested ? undefined : b ? "missing-in-azure" : "pull-request-edit";
    return { name: d.name, action: "create", requested: isRequested, unrelated: !isRequested, ...(reason ? { reason } : {}), fields: [], desired, current: null };
  }
  const fields = compareDeployment(d, a);
  const failed = lower(a.provisioningState) === "failed";
  const base = { name: d.name, requested: isRequested, desired, current: currentOf(a) };
  if (!fields.length && !failed) return { ...base, action: "no-change", unrelated: false, fields };
  if (isRequested) return { ...base, action: "modify", unrelated: false, fields };
  // Not the request's deployment: the PR changed it (a commit ModelGate didn't write), or Azure drifted from main.
  const prChanged = b ? compareDeployment(d, b).length > 0 : true;
  const reason = failed && !fields.length ? "failed-in-azure" : prChanged ? "pull-request-edit" : "drift";
  return {
    ...base,
    action: "modify",
    unrelated: true,
    reason,
    fields,
    ...(reason === "drift" && a.lastModifiedAt ? { changedInAzureAt: a.lastModifiedAt } : {}),
    ...(reason === "drift" && a.lastModifiedBy ? { changedInAzureBy: a.lastModifiedBy } : {}),
  };
}

interface PoolState {
  pool: PlanQuotaPool;
  running: number | null;
  requestedNeed: number;
}

/**
 * Quota for the whole file, simulated in the order the deploy writes: each write that adds capacity must fit what
 * is free at that moment; writes that lower capacity free it for the ones after them; deletions come last.
 */
function planQuota(changes: PlanChange[], models: readonly PlanModel[], usages: readonly PlanUsage[]): { pools: PlanQuotaPool[]; unknown: boolean; failsAt: string | null } {
  const usageByName = new Map(usages.map((u) => [lower(u.name), u]));
  const pools = new Map<string, PoolState>();
  let unknown = false;
  let failsAt: string | null = null;
  const poolFor = (usageName: string): PoolState => {
    const key = lower(usageName);
    let state = pools.get(key);
    if (!state) {
      const u = usageByName.get(key);
      state = {
        pool: {
          usageName: u?.name ?? usageName,
          ...(u?.unit ? { unit: u.unit } : {}),
          limit: u ? u.limit : null,
          usedNow: u ? u.current : null,
          needs: 0,
          frees: 0,
          free: u ? Math.max(0, u.limit - u.current) : null,
          usedAfter: u ? u.current : null,
          fits: u ? true : null,
          contributions: [],
        },
        running: u ? u.current : null,
        requestedNeed: 0,
      };
      pools.set(key, state);
    }
    return state;
  };
  /** Adds one write to its pool; true when Azure would refuse it for quota. */
  const add = (state: PoolState, c: QuotaContribution): boolean => {
    const p = state.pool;
    p.contributions.push(c);
    if (c.delta > 0) {
      p.needs += c.delta;
      if (c.requested) state.requestedNeed += c.delta;
    } else p.frees -= c.delta;
    if (p.usedAfter !== null) p.usedAfter += c.delta;
    if (state.running === null || p.limit === null) return false;
    if (c.delta > 0 && state.running + c.delta > p.limit) {
      p.fits = false;
      p.failsAt ??= c.name;
      // The write is refused: nothing of it is taken.
      return true;
    }
    state.running += c.delta;
    return false;
  };
  const deletions: { change: PlanChange; pool: string }[] = [];
  for (const change of changes) {
    const isWrite = change.action === "create" || change.action === "modify";
    if (change.action === "delete" && change.current) {
      const pool = usageNameOf(models, change.current);
      if (pool) deletions.push({ change, pool });
      continue;
    }
    if (!isWrite || !change.desired) continue;
    const poolAfter = usageNameOf(models, change.desired);
    const now = change.current && lower(change.current.provisioningState) !== "failed" ? change.current : null;
    const poolNow = now ? usageNameOf(models, now) : null;
    if (!poolAfter || (now && !poolNow)) {
      unknown = true;
      continue;
    }
    let refused = false;
    if (now && lower(poolNow!) === lower(poolAfter)) {
      const delta = change.desired.sku.capacity - now.sku.capacity;
      if (delta !== 0) refused = add(poolFor(poolAfter), { name: change.name, delta, requested: change.requested });
    } else {
      refused = add(poolFor(poolAfter), { name: change.name, delta: change.desired.sku.capacity, requested: change.requested });
      if (now && !refused) add(poolFor(poolNow!), { name: change.name, delta: -now.sku.capacity, requested: change.requested });
    }
    if (refused && failsAt === null) failsAt = change.name;
  }
  for (const { change, pool } of deletions) add(poolFor(pool), { name: change.name, delta: -change.current!.sku.capacity, requested: change.requested });

  const out: PlanQuotaPool[] = [];
  for (const state of pools.values()) {
    const p = state.pool;
    if (p.needs > 0 && p.limit === null) unknown = true;
    if (p.fits === false) {
      const failing = p.contributions.find((c) => c.name === p.failsAt);
      const requestAloneFits = p.usedNow !== null && p.limit !== null && p.usedNow + state.requestedNeed <= p.limit;
      const others = p.contributions.filter((c) => !c.requested && c.delta > 0).sort((x, y) => y.delta - x.delta);
      p.tippedBy = failing && !failing.requested ? failing.name : requestAloneFits && others.length ? others[0].name : p.failsAt;
    }
    out.push(p);
  }
  out.sort((a, b) => Number(a.fits !== false) - Number(b.fits !== false) || a.usageName.localeCompare(b.usageName));
  return { pools: out, unknown, failsAt };
}

/** Retired, Deprecating and Legacy versions in the file, and NoAutoUpgrade deployments whose version retires soon. */
function planLifecycle(input: PlanInput, changes: PlanChange[], models: readonly PlanModel[]): LifecycleFinding[] {
  const out: LifecycleFinding[] = [];
  const azureModels = new Set((input.azure?.deployments ?? []).filter((d) => lower(d.provisioningState) !== "failed").map((d) => lower(d.model.name)));
  for (const change of changes) {
    const d = change.desired;
    if (!d) continue;
    const base = { name: change.name, modelName: d.model.name, modelVersion: d.model.version };
    const model = findModel(models, d);
    const version = findVersion(models, d);
    if (!model || !version) {
      out.push({ ...base, kind: "not-offered", blocking: change.action === "create" || change.fields.some((f) => f.field === "version" || f.field === "model") });
      continue;
    }
    const sku = version.skus.find((s) => sameText(s.name, d.sku.name));
    const retiresOn = sku?.deprecationDate ?? version.deprecation.inference;
    const daysLeft = retiresOn ? daysUntil(retiresOn, input.now) : undefined;
    const replacement = version.replacement?.modelVersion ? { modelName: version.replacement.modelName ?? d.model.name, modelVersion: version.replacement.modelVersion } : undefined;
    const dated = { ...(retiresOn ? { retiresOn } : {}), ...(daysLeft !== undefined ? { daysLeft } : {}), ...(replacement ? { replacement } : {}) };
    // Azure refuses a write that puts a deployment on a retired version (or SKU); an unchanged one keeps running until it stops.
    const versionWritten = change.action === "create" || change.fields.some((f) => f.field === "version" || f.field === "model" || f.field === "sku");
    const status = lower(version.lifecycleStatus ?? "");
    if ((retiresOn && Date.parse(retiresOn) <= input.now.getTime()) || status === "deprecated" || status === "retired") {
      out.push({ ...base, ...dated, kind: "retired", blocking: versionWritten });
      continue;
    }
    if (status === "deprecating") {
      const blocked = change.action === "create" && !azureModels.has(lower(d.model.name));
      out.push({ ...base, ...dated, kind: blocked ? "deprecating-blocked" : "deprecating", blocking: blocked });
    } else if (status === "legacy") {
      out.push({ ...base, ...dated, kind: "legacy", blocking: false });
    }
    const upgrade = d.versionUpgradeOption ?? change.current?.versionUpgradeOption;
    if (upgrade === "NoAutoUpgrade" && retiresOn && daysLeft !== undefined && daysLeft <= input.retirementWindowDays) {
      out.push({ ...base, ...dated, kind: "no-auto-upgrade", blocking: false });
    }
  }
  return out;
}

const ORDER: Record<string, number> = { unrelated: 0, requested: 1, delete: 2, keep: 3, "no-change": 4 };

function rank(c: PlanChange): number {
  if (c.unrelated) return ORDER.unrelated;
  if (c.requested) return ORDER.requested;
  if (c.action === "delete") return ORDER.delete;
  if (c.action === "keep") return ORDER.keep;
  return ORDER["no-change"];
}

function summarize(changes: PlanChange[], quota: PlanSummary["quota"], lifecycle: LifecycleFinding[]): PlanSummary {
  const mine = changes.filter((c) => c.requested && !c.unrelated);
  return {
    create: mine.filter((c) => c.action === "create").length,
    modify: mine.filter((c) => c.action === "modify").length,
    delete: mine.filter((c) => c.action === "delete").length,
    keep: mine.filter((c) => c.action === "keep").length,
    unrelated: changes.filter((c) => c.unrelated).length,
    noChange: changes.filter((c) => c.action === "no-change").length,
    untouched: changes.filter((c) => c.action === "keep" && !c.requested).length,
    quota,
    lifecycle: lifecycle.length,
  };
}

/**
 * The plan of merging a pull request: for every deployment in the file after the merge, compared with Azure now,
 * what the deploy does (create, modify field by field, no change), what happens to deployments only Azure has,
 * which changes the request doesn't ask for (called out first), quota per pool for the whole file with the
 * deployment that tips it over, and model lifecycle problems. Pure: the caller reads GitHub and Azure.
 */
export function planMerge(input: PlanInput): MergePlan {
  const requested = new Set(input.requested.map(lower));
  const base = { version: 1 as const, account: input.account, location: input.location, unmanaged: input.unmanaged, computedAt: input.now.toISOString() };
  if (!input.azure) {
    const changes = planFromFileOnly(input, requested);
    const summary = summarize(changes, "unknown", []);
    return { ...base, azureReadAt: null, changes, quota: [], lifecycle: [], deployFailsAt: null, summary, needsConfirmation: [] };
  }
  const azure = byName(input.azure.deployments);
  const before = byName(input.before ?? []);
  const inFile = new Set(input.after.map((d) => lower(d.name)));
  const changes: PlanChange[] = input.after.map((d) => planElement(d, azure.get(lower(d.name)), before.get(lower(d.name)), requested.has(lower(d.name))));
  for (const a of input.azure.deployments) {
    const key = lower(a.name);
    if (inFile.has(key) || GONE_STATES.has(lower(a.provisioningState))) continue;
    const managed = before.has(key);
    const isRequested = requested.has(key);
    const current = currentOf(a);
    if (input.unmanaged === "delete" && managed) {
      changes.push({ name: a.name, action: "delete", requested: isRequested, unrelated: !isRequested, ...(isRequested ? {} : { reason: "removed-from-file" as const }), fields: [], desired: null, current });
    } else {
      changes.push({ name: a.name, action: "keep", requested: isRequested, unrelated: false, fields: [], desired: null, current, keptBecause: managed ? "removed-incremental" : "not-in-file" });
    }
  }

  const models = input.models ?? [];
  const quota = input.models && input.usages ? planQuota(changes, models, input.usages) : null;
  const writesCapacity = changes.some((c) => (c.action === "create" || c.action === "modify") && (c.action === "create" || c.fields.some((f) => ["capacity", "sku", "model"].includes(f.field))));
  const quotaVerdict: PlanSummary["quota"] = !quota
    ? writesCapacity
      ? "unknown"
      : "fits"
    : quota.pools.some((p) => p.fits === false)
      ? "won't fit"
      : quota.unknown
        ? "unknown"
        : "fits";
  const lifecycle = input.models ? planLifecycle(input, changes, models) : [];

  // The deploy stops at the first element it can't write, in file order.
  const order = new Map(input.after.map((d, i) => [lower(d.name), i]));
  const blockers = [quota?.failsAt ?? null, ...lifecycle.filter((l) => l.blocking).map((l) => l.name)].filter((n): n is string => n !== null);
  const deployFailsAt = blockers.sort((x, y) => (order.get(lower(x)) ?? 1e9) - (order.get(lower(y)) ?? 1e9))[0] ?? null;

  const sorted = changes.map((c, i) => ({ c, i })).sort((x, y) => rank(x.c) - rank(y.c) || x.i - y.i).map((x) => x.c);
  const summary = summarize(sorted, quotaVerdict, lifecycle);
  const needsConfirmation: PlanConfirmation[] = [];
  if (summary.unrelated > 0) needsConfirmation.push("unrelated-changes");
  if (quotaVerdict === "won't fit") needsConfirmation.push("quota");
  return {
    ...base,
    azureReadAt: input.azure.readAt,
    changes: sorted,
    quota: quota?.pools ?? [],
    lifecycle,
    deployFailsAt,
    summary,
    needsConfirmation,
  };
}
