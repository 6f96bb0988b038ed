import "server-only";
import type { AzureDeployment, AzureModel, AzureUsage } from "@/lib/azure";
import type { Prisma, PrismaClient } from "@/lib/db";
import type { DiscoveredParamFile, WorkflowRunSummary } from "@/lib/gitops";
import { detectParamFileKind, readDeploymentElements } from "@/lib/paramfile";
import type { RequestDeps } from "@/lib/requests/deps";
import { recordRequestEvent, SYSTEM_ACTOR, transitionRequest, TransitionConflictError } from "@/lib/requests/lifecycle";
import { readOwningTeams } from "@/lib/requests/owners";
import {
  classifyDeployment,
  daysUntil,
  type ActualDeployment,
  type DeploymentShape,
  type InventoryAccount,
  type InventoryRow,
  type InventoryState,
  type RetirementRow,
  type SyncStatus,
} from "./inventory-model";

export const INVENTORY_KEY = "sync:inventory";
export const STATUS_KEY = "sync:status";
/** Last snapshotted quota values, so unchanged usage writes no row. */
const QUOTA_MEMORY_KEY = "sync:quota-memory";

/** What a pass needs: the request deps (database, Azure, GitHub, settings). */
export type SyncDeps = Pick<RequestDeps, "db" | "azure" | "gitops" | "now"> & { settings: { retirementWindowDays: number; subscriptionId: string } };

export interface SyncPassResult {
  status: SyncStatus;
  inventory: InventoryState;
  /** Requests moved in this pass: id → new status. */
  moved: Record<string, string>;
  snapshotsWritten: number;
  quotaSnapshotsWritten: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface AccountPlan {
  name: string;
  resourceGroup: string;
  location: string;
  subscriptionId?: string;
  paramFile: string | null;
  desired: Map<string, DeploymentShape & { team: string | null }> | null;
}

function toShape(el: Record<string, unknown>): DeploymentShape {
  const model = (el.model ?? {}) as Record<string, unknown>;
  const sku = (el.sku ?? {}) as Record<string, unknown>;
  return {
    modelFormat: typeof model.format === "string" ? model.format : undefined,
    modelName: String(model.name ?? ""),
    modelVersion: String(model.version ?? ""),
    skuName: String(sku.name ?? "Standard"),
    capacity: typeof sku.capacity === "number" ? sku.capacity : 1,
    ...(typeof el.versionUpgradeOption === "string" ? { versionUpgradeOption: el.versionUpgradeOption } : {}),
    ...(typeof el.raiPolicyName === "string" ? { raiPolicyName: el.raiPolicyName } : {}),
  };
}

function toActual(d: AzureDeployment): ActualDeployment {
  return {
    modelFormat: d.model.format,
    modelName: d.model.name,
    modelVersion: d.model.version,
    skuName: d.sku.name,
    capacity: d.sku.capacity,
    provisioningState: d.provisioningState,
    ...(d.versionUpgradeOption ? { versionUpgradeOption: d.versionUpgradeOption } : {}),
    ...(d.raiPolicyName ? { raiPolicyName: d.raiPolicyName } : {}),
    ...(d.lastModifiedAt ? { lastModifiedAt: d.lastModifiedAt } : {}),
  };
}

function planFromFile(file: DiscoveredParamFile): AccountPlan | null {
  if (!file.account) return null;
  let desired: AccountPlan["desired"];
  try {
    const kind = detectParamFileKind(file.path);
    const owners = kind === "bicepparam" ? readOwningTeams(file.content) : new Map<string, string>();
    desired = new Map();
    for (const el of readDeploymentElements(file.content, kind)) {
      const name = String(el.name ?? "");
      if (name) desired.set(name, { ...toShape(el), team: owners.get(name.toLowerCase()) ?? null });
    }
  } catch {
    // A file that doesn't evaluate on main is the validation check's business; keep the last desired state.
    desired = null;
  }
  return { ...file.account, paramFile: file.path, desired };
}

async function readState<T>(db: PrismaClient, key: string): Promise<T | null> {
  const row = await db.syncState.findUnique({ where: { key } });
  return (row?.value as T | undefined) ?? null;
}

async function writeState(db: PrismaClient, key: string, value: unknown): Promise<void> {
  const json = value as Prisma.InputJsonValue;
  await db.syncState.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
}

/** The stored inventory of the last pass, or null before the first one. */
export async function readInventory(db: PrismaClient): Promise<InventoryState | null> {
  return readState<InventoryState>(db, INVENTORY_KEY);
}

/** The stored outcome of the last pass, or null before the first one. */
export async function readSyncStatus(db: PrismaClient): Promise<SyncStatus | null> {
  return readState<SyncStatus>(db, STATUS_KEY);
}

/**
 * One reconciler pass: reads the parameter files on main and each account's deployments (one ARM list per
 * account), moves merged/deploying requests on, snapshots what changed, and stores the inventory. Fails soft:
 * GitHub or Azure being down is recorded (status, per account) and the last known state is kept.
 */
export async function runSyncPass(deps: SyncDeps, options: { worker?: string } = {}): Promise<SyncPassResult> {
  const started = Date.now();
  const now = deps.now?.() ?? new Date();
  const db = deps.db;
  const errors: SyncStatus["errors"] = [];
  const previous = await readInventory(db);
  const previousStatus = await readSyncStatus(db);

  // Desired state: parameter files on main.
  let plans: AccountPlan[];
  let desiredAsOf = previous?.desiredAsOf ?? null;
  try {
    const files = await deps.gitops.discoverParamFiles();
    plans = files.map(planFromFile).filter((p): p is AccountPlan => p !== null);
    desiredAsOf = now.toISOString();
  } catch (e) {
    errors.push({ source: "github", message: `GitHub could not be read: ${message(e)}` });
    plans = (previous?.accounts ?? []).map((a) => ({ name: a.name, resourceGroup: a.resourceGroup, location: a.location, paramFile: a.paramFile, desired: null }));
  }
  // Keep the last known desired elements for a file that didn't evaluate (or when GitHub is down).
  const previousRows = previous?.rows ?? [];
  for (const plan of plans) {
    if (plan.desired) continue;
    plan.desired = new Map(previousRows.filter((r) => r.account === plan.name && r.desired).map((r) => [r.name, { ...r.desired!, team: r.team }]));
  }

  // Actual state: one ARM list per account.
  const actualByAccount = new Map<string, AzureDeployment[] | null>();
  const accounts: InventoryAccount[] = [];
  await Promise.all(
    plans.map(async (plan) => {
      try {
        actualByAccount.set(plan.name, await deps.azure.listDeployments({ resourceGroup: plan.resourceGroup, name: plan.name }));
        accounts.push({ name: plan.name, location: plan.location, resourceGroup: plan.resourceGroup, paramFile: plan.paramFile, actualAsOf: now.toISOString() });
      } catch (e) {
        actualByAccount.set(plan.name, null);
        const msg = `Azure could not be read for ${plan.name}: ${message(e)}`;
        errors.push({ source: "azure", account: plan.name, message: msg });
        const before = previous?.accounts.find((a) => a.name === plan.name);
        accounts.push({ name: plan.name, location: plan.location, resourceGroup: plan.resourceGroup, paramFile: plan.paramFile, actualAsOf: before?.actualAsOf ?? null, error: msg });
      }
    }),
  );
  accounts.sort((a, b) => a.name.localeCompare(b.name));

  // Requests the deploy is still settling for.
  const moved: Record<string, string> = {};
  const active = await db.request.findMany({ where: { status: { in: ["merged", "deploying"] } }, orderBy: { createdAt: "asc" } });
  const gitHubUp = !errors.some((e) => e.source === "github");
  const runsBySha = new Map<string, WorkflowRunSummary | null>();
  for (const r of active) {
    const list = actualByAccount.get(r.accountName);
    // Azure unreadable for this account (or the account unknown this pass): decide nothing now, catch up later.
    if (!list) continue;
    try {
      const to = await settleRequest(deps, r, list, gitHubUp, runsBySha, errors);
      if (to) moved[r.id] = to;
    } catch (e) {
      if (e instanceof TransitionConflictError) continue; // someone else moved it first
      errors.push({ source: "github", message: `Request #${r.number}: ${message(e)}` });
    }
  }

  // Rows: desired ∪ actual per account.
  const inFlight = await db.request.findMany({
    where: { status: { in: ["submitting", "awaiting_approval", "changes_requested", "approved", "merged", "deploying"] } },
    select: { id: true, number: true, status: true, accountName: true, deploymentName: true },
    orderBy: { createdAt: "desc" },
  });
  const pendingFor = (account: string, name: string) => inFlight.find((r) => r.accountName === account && r.deploymentName.toLowerCase() === name.toLowerCase()) ?? null;
  const historyTeams = await teamsFromHistory(db);
  const rows: InventoryRow[] = [];
  for (const plan of plans) {
    const live = actualByAccount.get(plan.name);
    const actual = new Map<string, ActualDeployment>();
    if (live) live.forEach((d) => actual.set(d.name, toActual(d)));
    else previousRows.filter((r) => r.account === plan.name && r.actual).forEach((r) => actual.set(r.name, r.actual!));
    const names = new Set([...plan.desired!.keys(), ...actual.keys()]);
    for (const name of names) {
      const d = plan.desired!.get(name) ?? null;
      const a = actual.get(name) ?? null;
      const pending = pendingFor(plan.name, name);
      const deployingNow = pending !== null && (pending.status === "merged" || pending.status === "deploying") && !moved[pending.id]?.match(/succeeded|failed/);
      const { status, differences } = classifyDeployment(d ? stripTeam(d) : null, a, deployingNow);
      rows.push({
        account: plan.name,
        location: plan.location,
        resourceGroup: plan.resourceGroup,
        paramFile: plan.paramFile,
        name,
        team: d?.team ?? historyTeams.get(`${plan.name}/${name.toLowerCase()}`) ?? null,
        desired: d ? stripTeam(d) : null,
        actual: a,
        status,
        differences,
        pendingRequest: pending ? { id: pending.id, number: pending.number, status: moved[pending.id] ?? pending.status } : null,
      });
    }
  }
  rows.sort((a, b) => a.account.localeCompare(b.account) || a.name.localeCompare(b.name));

  const snapshotsWritten = await writeDeploymentSnapshots(db, deps.settings.subscriptionId, plans, actualByAccount, rows, previousRows, now);
  const locations = [...new Set(plans.filter((p) => actualByAccount.get(p.name)).map((p) => p.location))];
  const { written: quotaSnapshotsWritten } = await writeQuotaSnapshots(deps, locations, now, errors);
  const retirement = await findRetirements(deps, rows, locations, now, errors);

  const okAzure = accounts.every((a) => !a.error);
  const actualTimes = accounts.map((a) => a.actualAsOf).filter((t): t is string => !!t);
  const inventory: InventoryState = {
    desiredAsOf,
    actualAsOf: okAzure ? now.toISOString() : actualTimes.length ? actualTimes.sort()[0] : null,
    accounts,
    rows,
    retirements: retirement ?? previous?.retirements ?? [],
    retirementWindowDays: deps.settings.retirementWindowDays,
    retirementsAsOf: retirement ? now.toISOString() : (previous?.retirementsAsOf ?? null),
  };
  const ok = errors.length === 0;
  const status: SyncStatus = {
    lastAttemptAt: now.toISOString(),
    lastSuccessAt: ok ? now.toISOString() : (previousStatus?.lastSuccessAt ?? null),
    ok,
    durationMs: Date.now() - started,
    errors,
    ...(options.worker ? { worker: options.worker } : {}),
  };
  await writeState(db, INVENTORY_KEY, inventory);
  await writeState(db, STATUS_KEY, status);
  return { status, inventory, moved, snapshotsWritten, quotaSnapshotsWritten };
}

function stripTeam(d: DeploymentShape & { team: string | null }): DeploymentShape {
  const { team: _team, ...shape } = d;
  void _team;
  return shape;
}

/** Owning team of deployments created through ModelGate, newest request first (fallback to the comment). */
async function teamsFromHistory(db: PrismaClient): Promise<Map<string, string>> {
  const rows = await db.request.findMany({
    where: { status: "succeeded", kind: { not: "decommission" } },
    select: { accountName: true, deploymentName: true, team: { select: { name: true } } },
    orderBy: { completedAt: "desc" },
    take: 5000,
  });
  const out = new Map<string, string>();
  for (const r of rows) {
    const key = `${r.accountName}/${r.deploymentName.toLowerCase()}`;
    if (!out.has(key)) out.set(key, r.team.name);
  }
  return out;
}

type ActiveRequest = Awaited<ReturnType<PrismaClient["request"]["findMany"]>>[number];

function matchesRequest(r: ActiveRequest, d: AzureDeployment): boolean {
  return d.model.name === r.modelName && d.model.version === r.modelVersion && d.sku.name === r.skuName && d.sku.capacity === r.capacity;
}

/** The deploy run of a merge commit: the push-triggered run on main (newest first). */
async function findDeployRun(deps: SyncDeps, sha: string, cache: Map<string, WorkflowRunSummary | null>): Promise<WorkflowRunSummary | null> {
  if (cache.has(sha)) return cache.get(sha)!;
  const runs = await deps.gitops.listWorkflowRuns({ headSha: sha });
  const run = runs.filter((r) => r.headSha === sha && r.event === "push").sort((a, b) => b.runNumber - a.runNumber)[0] ?? null;
  cache.set(sha, run);
  return run;
}

/** Azure's error for this deployment from the deploy job's annotations (the run log carries the ARM error). */
async function readDeployError(deps: SyncDeps, sha: string, deployment: string): Promise<string | null> {
  const checks = await deps.gitops.listCheckRuns(sha);
  const failing = checks.filter((c) => c.conclusion === "failure" || c.conclusion === "cancelled" || c.conclusion === "timed_out");
  const job = failing.find((c) => /deploy/i.test(c.name)) ?? failing[0];
  if (!job) return null;
  const notes = job.annotationsCount > 0 ? await deps.gitops.listCheckRunAnnotations(job.id) : [];
  const mine = notes.filter((a) => `${a.title ?? ""} ${a.message ?? ""}`.includes(deployment));
  const picked = (mine.length ? mine : notes).map((a) => [a.title, a.message].filter(Boolean).join(" — "));
  if (picked.length) return picked.join("; ");
  return job.summary || job.title || null;
}

/** Moves one merged/deploying request on when GitHub or Azure have the answer; returns its new status. */
async function settleRequest(
  deps: SyncDeps,
  r: ActiveRequest,
  deployments: AzureDeployment[],
  gitHubUp: boolean,
  runs: Map<string, WorkflowRunSummary | null>,
  errors: SyncStatus["errors"],
): Promise<string | null> {
  const db = deps.db;
  if (r.status === "merged") {
    await transitionRequest(db, { requestId: r.id, to: "deploying", actor: SYSTEM_ACTOR, event: "deploying", message: "The deploy workflow is applying the parameter file." });
  }
  const found = deployments.find((d) => d.name.toLowerCase() === r.deploymentName.toLowerCase()) ?? null;
  let run: WorkflowRunSummary | null = null;
  if (gitHubUp && r.mergeCommitSha) {
    try {
      run = await findDeployRun(deps, r.mergeCommitSha, runs);
    } catch (e) {
      errors.push({ source: "github", message: `Deploy run of request #${r.number}: ${message(e)}` });
    }
  }
  const runDone = run?.status === "completed";
  const runFailed = runDone && run!.conclusion !== "success" && run!.conclusion !== "skipped" && run!.conclusion !== "neutral";
  const runData = run ? { runId: run.id, runUrl: run.url, conclusion: run.conclusion } : {};

  if (r.kind === "decommission") {
    if (!found) {
      await transitionRequest(db, { requestId: r.id, to: "succeeded", actor: SYSTEM_ACTOR, event: "deploy_succeeded", message: `Deployment ${r.deploymentName} is gone from ${r.accountName}.`, data: runData });
      return "succeeded";
    }
    if (runFailed) return fail(deps, r, run!, found);
    if (runDone) {
      // Incremental deployments leave removed elements in Azure: the repository no longer manages it.
      await transitionRequest(db, {
        requestId: r.id,
        to: "succeeded",
        actor: SYSTEM_ACTOR,
        event: "decommission_still_in_azure",
        message:
          `Merged, still in Azure: ${r.deploymentName} was removed from the parameter file, but the deploy workflow runs in Incremental mode, ` +
          `so Azure keeps the deployment (and its quota). A platform admin deletes it in Azure, or the pipeline deletes unmanaged deployments.`,
        data: runData,
      });
      return "succeeded";
    }
    return null;
  }

  if (found && found.provisioningState === "Succeeded" && matchesRequest(r, found)) {
    await transitionRequest(db, {
      requestId: r.id,
      to: "succeeded",
      actor: SYSTEM_ACTOR,
      event: "deploy_succeeded",
      message: `Azure reports ${r.deploymentName} Succeeded: ${found.model.name} ${found.model.version}, ${found.sku.name} × ${found.sku.capacity}.`,
      data: runData,
    });
    return "succeeded";
  }
  if (runFailed) return fail(deps, r, run!, found);
  if (found && found.provisioningState === "Failed" && matchesRequest(r, found)) return fail(deps, r, run, found);
  if (runDone && found && found.provisioningState === "Succeeded" && !matchesRequest(r, found)) {
    // The run finished but Azure shows something else (changed by hand since, or overwritten): say so once.
    const already = await db.requestEvent.findFirst({ where: { requestId: r.id, type: "deploy_mismatch" }, select: { id: true } });
    if (!already) {
      await recordRequestEvent(db, {
        requestId: r.id,
        actor: SYSTEM_ACTOR,
        event: "deploy_mismatch",
        message: `The deploy run finished, but Azure shows ${found.model.name} ${found.model.version}, ${found.sku.name} × ${found.sku.capacity}.`,
        data: runData,
      });
    }
  }
  return null;
}

async function fail(deps: SyncDeps, r: ActiveRequest, run: WorkflowRunSummary | null, found: AzureDeployment | null): Promise<string> {
  let detail: string | null = null;
  if (run && r.mergeCommitSha) {
    detail = await readDeployError(deps, r.mergeCommitSha, r.deploymentName).catch(() => null);
  }
  const azureSays = found?.provisioningState === "Failed" ? `Azure reports ${r.deploymentName} Failed.` : null;
  const text = detail ?? azureSays ?? `The deploy workflow ${run?.conclusion ?? "failed"}.`;
  await transitionRequest(deps.db, {
    requestId: r.id,
    to: "failed",
    actor: SYSTEM_ACTOR,
    event: "deploy_failed",
    message: text,
    data: run ? { runId: run.id, runUrl: run.url, conclusion: run.conclusion } : {},
    patch: { lastError: text },
  });
  return "failed";
}

function sameSnapshot(a: ActualDeployment | null | undefined, b: ActualDeployment | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.modelName === b.modelName && a.modelVersion === b.modelVersion && a.skuName === b.skuName && a.capacity === b.capacity && a.provisioningState === b.provisioningState;
}

/** One row per deployment that changed since the last pass (and one "Deleted" row when it disappears). */
async function writeDeploymentSnapshots(
  db: PrismaClient,
  subscriptionId: string,
  plans: AccountPlan[],
  actualByAccount: Map<string, AzureDeployment[] | null>,
  rows: InventoryRow[],
  previousRows: InventoryRow[],
  now: Date,
): Promise<number> {
  const data: Prisma.DeploymentSnapshotCreateManyInput[] = [];
  for (const plan of plans) {
    if (!actualByAccount.get(plan.name)) continue; // unknown now: no history entry
    const before = new Map(previousRows.filter((r) => r.account === plan.name).map((r) => [r.name, r]));
    const current = rows.filter((r) => r.account === plan.name);
    const seen = new Set<string>();
    for (const row of current) {
      seen.add(row.name);
      if (!row.actual) {
        if (before.get(row.name)?.actual) data.push(snapshotRow(subscriptionId, plan, row.name, { ...before.get(row.name)!.actual!, provisioningState: "Deleted" }, row.team, now));
        continue;
      }
      if (!sameSnapshot(before.get(row.name)?.actual, row.actual)) data.push(snapshotRow(subscriptionId, plan, row.name, row.actual, row.team, now));
    }
    for (const [name, old] of before) {
      if (!seen.has(name) && old.actual) data.push(snapshotRow(subscriptionId, plan, name, { ...old.actual, provisioningState: "Deleted" }, old.team, now));
    }
  }
  if (data.length) await db.deploymentSnapshot.createMany({ data });
  return data.length;
}

function snapshotRow(subscriptionId: string, plan: AccountPlan, name: string, a: ActualDeployment, team: string | null, now: Date): Prisma.DeploymentSnapshotCreateManyInput {
  return {
    takenAt: now,
    subscriptionId: plan.subscriptionId ?? subscriptionId,
    accountName: plan.name,
    location: plan.location,
    deploymentName: name,
    modelName: a.modelName,
    modelVersion: a.modelVersion,
    skuName: a.skuName,
    capacity: a.capacity,
    provisioningState: a.provisioningState,
    team,
  };
}

/** Quota usage per region; a row only for usages whose value or limit changed since the last one. */
async function writeQuotaSnapshots(deps: SyncDeps, locations: string[], now: Date, errors: SyncStatus["errors"]): Promise<{ written: number }> {
  const memory = (await readState<Record<string, [number, number]>>(deps.db, QUOTA_MEMORY_KEY)) ?? {};
  const data: Prisma.QuotaSnapshotCreateManyInput[] = [];
  await Promise.all(
    locations.map(async (location) => {
      let usages: AzureUsage[];
      try {
        usages = await deps.azure.listUsages(location);
      } catch (e) {
        errors.push({ source: "azure", message: `Quota usage in ${location} could not be read: ${message(e)}` });
        return;
      }
      for (const u of usages) {
        const key = `${location}/${u.name}`;
        const last = memory[key];
        if (last && last[0] === u.current && last[1] === u.limit) continue;
        memory[key] = [u.current, u.limit];
        data.push({ takenAt: now, subscriptionId: deps.settings.subscriptionId, location, usageName: u.name, currentValue: Math.round(u.current), limit: Math.round(u.limit), unit: u.unit });
      }
    }),
  );
  if (data.length) {
    await deps.db.quotaSnapshot.createMany({ data });
    await writeState(deps.db, QUOTA_MEMORY_KEY, memory);
  }
  return { written: data.length };
}

/** Deployments whose version retires within the window (from each region's models list). */
async function findRetirements(deps: SyncDeps, rows: InventoryRow[], locations: string[], now: Date, errors: SyncStatus["errors"]): Promise<RetirementRow[] | null> {
  const models = new Map<string, AzureModel[]>();
  let failed = false;
  await Promise.all(
    locations.map(async (location) => {
      try {
        models.set(location, await deps.azure.listModels(location));
      } catch (e) {
        failed = true;
        errors.push({ source: "azure", message: `Models in ${location} could not be read: ${message(e)}` });
      }
    }),
  );
  // Nothing read this pass (Azure down): keep the last radar rather than an empty one.
  if (models.size === 0 && (failed || locations.length === 0)) return null;
  const window = deps.settings.retirementWindowDays;
  const out: RetirementRow[] = [];
  for (const row of rows) {
    const shape = row.actual ?? row.desired;
    if (!shape) continue;
    const version = models
      .get(row.location)
      ?.find((m) => m.name === shape.modelName)
      ?.versions.find((v) => v.version === shape.modelVersion);
    const retiresOn = version?.deprecation.inference;
    if (!version || !retiresOn) continue;
    const daysLeft = daysUntil(retiresOn, now);
    if (daysLeft > window) continue;
    const rep = version.replacement;
    out.push({
      account: row.account,
      location: row.location,
      deployment: row.name,
      team: row.team,
      modelName: shape.modelName,
      modelVersion: shape.modelVersion,
      retiresOn,
      daysLeft,
      ...(version.lifecycleStatus ? { status: version.lifecycleStatus } : {}),
      replacement: rep?.modelVersion ? { modelName: rep.modelName ?? shape.modelName, modelVersion: rep.modelVersion } : null,
      ...(shape.versionUpgradeOption ? { versionUpgradeOption: shape.versionUpgradeOption } : {}),
    });
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft || a.account.localeCompare(b.account));
}
