import "server-only";
import { ensureCapability } from "@/lib/auth";
import type { AzureClient, AzureModel } from "@/lib/azure";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import { describeQuota, isProvisionedSku, listRegionModels, loadHeldByPendingDetail, teamKey, type RequestStatus } from "@/lib/requests";

/**
 * The quota dashboard: per subscription → region → quota pool (Azure's usage names), the limit and what is used
 * as Azure last reported them (the reconciler's quota snapshots), what each team's deployments hold (the
 * deployment snapshots carry each deployment's owning team, decided by the ownership rule when the inventory
 * was built), what pending requests hold (the stored usage name and hold of each request), and what is free.
 * Everything is grouped in the database; only one row per pool and team comes back.
 */

export type QuotaUnitKind = "ptu" | "tpm" | "count";

export const QUOTA_SORTS = ["region", "utilisation", "utilisation-asc"] as const;
export type QuotaSort = (typeof QUOTA_SORTS)[number];

export interface QuotaDashboardFilters {
  region?: string;
  model?: string;
  /** Deployment type (SKU name), e.g. GlobalStandard. */
  skuName?: string;
  team?: string;
  sort?: QuotaSort;
  /** Also pools nothing uses or waits for. */
  all?: boolean;
}

/** What one team's deployments hold against a pool. */
export interface TeamHolding {
  team: string;
  held: number;
  deployments: number;
}

/** What pending requests hold against a pool, by how far they got. */
export interface PendingBreakdown {
  /** Submitted, awaiting approval or with changes requested. */
  awaitingApproval: number;
  approved: number;
  /** Merged, being deployed. */
  deploying: number;
  total: number;
  requests: number;
}

export interface QuotaPoolRow {
  /** subscription/region/usage name. */
  key: string;
  subscriptionId: string;
  location: string;
  /** Azure's usage name (the quota pool). */
  usageName: string;
  unitKind: QuotaUnitKind;
  unitLabel: string;
  /** False when Azure has not reported this pool (only pending requests or deployments name it). */
  reported: boolean;
  limit: number;
  /** What Azure says is in use. */
  used: number;
  /** Per team with a holding here, in the dashboard's team order. */
  heldByTeam: TeamHolding[];
  /** Held by deployments with no owning team on record (e.g. created by hand in Azure). */
  noTeam: number;
  /** Used in Azure but not matched to a deployment ModelGate knows (other accounts, unknown models). */
  notAttributed: number;
  pending: PendingBreakdown;
  pendingByTeam: { team: string; held: number; requests: number }[];
  /** limit − used − pending, never below 0. */
  free: number;
  /** (used + pending) ÷ limit in percent; null when the limit is 0 and nothing is used. */
  utilisation: number | null;
  /** used ÷ limit in percent. */
  usedPercent: number | null;
  /** Models and deployment types whose capacity counts against this pool. */
  models: string[];
  skus: string[];
  /** When Azure last reported this pool's figures (ISO). */
  asOf: string | null;
}

/** One team's quota everywhere, PTUs and tokens per minute apart (they are never added together). */
export interface TeamQuotaSummary {
  team: string;
  deployments: number;
  tpmHeld: number;
  ptuHeld: number;
  tpmPending: number;
  ptuPending: number;
  pendingRequests: number;
}

/** One pool of the selected team. */
export interface TeamPoolRow {
  key: string;
  location: string;
  usageName: string;
  unitKind: QuotaUnitKind;
  unitLabel: string;
  held: number;
  deployments: number;
  pending: number;
  pendingRequests: number;
  limit: number;
  /** (held + pending) ÷ limit in percent. */
  share: number | null;
}

export interface QuotaDashboard {
  /** The newest quota figures' time (ISO), or null before the reconciler has read Azure. */
  asOf: string | null;
  pools: QuotaPoolRow[];
  /** Every pool the filters match, idle ones too (the quota increase list and exports start from these). */
  matching: QuotaPoolRow[];
  /** Pools left out because nothing uses or waits for them (shown with `all`). */
  idlePools: number;
  /** Every team, in the order used for columns and colours. */
  teams: string[];
  options: { regions: string[]; models: string[]; skus: string[]; teams: string[] };
  teamSummary: TeamQuotaSummary[];
  /** The selected team's pools (with the team filter). */
  teamPools: TeamPoolRow[] | null;
  /** Set when Azure's models list could not be read for a region (model/type filters and team holdings there fall back). */
  catalogueProblem: string | null;
}

const AWAITING: readonly RequestStatus[] = ["submitting", "awaiting_approval", "changes_requested"];
const DEPLOYING: readonly RequestStatus[] = ["merged", "deploying"];

/** Whether a pool counts PTUs, thousands of tokens per minute, or things (accounts). */
export function quotaUnitKind(usageName: string): QuotaUnitKind {
  if (/^AccountCount$/i.test(usageName)) return "count";
  return isProvisionedSku(usageName) ? "ptu" : "tpm";
}

const UNIT_LABELS: Record<QuotaUnitKind, string> = { ptu: "PTUs", tpm: "thousand TPM", count: "accounts" };

/** A pool's unit in words. */
export function quotaUnitLabel(kind: QuotaUnitKind): string {
  return UNIT_LABELS[kind];
}

/** Share in percent, one decimal; null when there is no limit and nothing taken. */
export function percentOf(part: number, limit: number): number | null {
  if (limit > 0) return Math.round((part / limit) * 1000) / 10;
  return part > 0 ? Infinity : null;
}

const poolKey = (subscriptionId: string, location: string, usageName: string) => `${subscriptionId}/${location.toLowerCase()}/${usageName.toLowerCase()}`;

interface LatestQuotaRow {
  subscription_id: string;
  location: string;
  usage_name: string;
  current_value: number;
  limit: number;
  taken_at: Date;
}

interface HoldingRow {
  subscription_id: string;
  location: string;
  model_name: string;
  model_version: string;
  sku_name: string;
  team: string | null;
  held: number;
  deployments: number;
}

/** The latest figures Azure reported per pool (one row per subscription × region × usage name). */
function loadLatestQuota(db: PrismaClient): Promise<LatestQuotaRow[]> {
  // A pass writes at most one row per pool, so the newest time identifies the row; grouping by hash is
  // cheaper than sorting every snapshot.
  return db.$queryRaw<LatestQuotaRow[]>`
    SELECT q.subscription_id, q.location, q.usage_name, q.current_value, q."limit", q.taken_at
      FROM quota_snapshots q
      JOIN (SELECT subscription_id, location, usage_name, max(taken_at) AS taken_at FROM quota_snapshots GROUP BY subscription_id, location, usage_name) latest
        USING (subscription_id, location, usage_name, taken_at)`;
}

/**
 * What deployments hold now, per region, model, version, type and owning team: each deployment's latest
 * snapshot (a pass writes at most one per deployment; gone and failed ones hold nothing), summed in the database.
 */
function loadDeploymentHoldings(db: PrismaClient): Promise<HoldingRow[]> {
  return db.$queryRaw<HoldingRow[]>`
    SELECT d.subscription_id, d.location, d.model_name, d.model_version, d.sku_name, d.team,
           sum(d.capacity)::int AS held, count(*)::int AS deployments
      FROM deployment_snapshots d
      JOIN (SELECT account_name, deployment_name, max(taken_at) AS taken_at FROM deployment_snapshots GROUP BY account_name, deployment_name) latest
        USING (account_name, deployment_name, taken_at)
     WHERE d.provisioning_state NOT IN ('Deleted', 'Failed')
     GROUP BY d.subscription_id, d.location, d.model_name, d.model_version, d.sku_name, d.team`;
}

/** Which pool each model × version × type counts against in a region, as Azure's models list names it. */
export class PoolCatalogue {
  private readonly byDeployment = new Map<string, string>();
  private readonly byModelSku = new Map<string, string>();
  private readonly members = new Map<string, { models: Set<string>; skus: Set<string> }>();

  /** Adds what a region's models list (or a stored request) says a SKU counts against. */
  add(location: string, modelName: string, version: string | null, skuName: string, usageName: string) {
    const loc = location.toLowerCase();
    if (version) this.byDeployment.set(`${loc}|${modelName}|${version}|${skuName}`.toLowerCase(), usageName);
    const ms = `${loc}|${modelName}|${skuName}`.toLowerCase();
    if (!this.byModelSku.has(ms)) this.byModelSku.set(ms, usageName);
    const pool = `${loc}|${usageName.toLowerCase()}`;
    const m = this.members.get(pool) ?? { models: new Set(), skus: new Set() };
    m.models.add(modelName);
    m.skus.add(skuName);
    this.members.set(pool, m);
  }

  /** Adds a region's models list (SKUs without a published usage name count against no pool ModelGate can name). */
  addModels(location: string, models: readonly AzureModel[]) {
    for (const m of models) for (const v of m.versions) for (const s of v.skus) if (s.usageName) this.add(location, m.name, v.version, s.name, s.usageName);
  }

  /** The pool a deployment counts against: its exact version's SKU, else another version's of the same model. */
  usageNameOf(location: string, modelName: string, version: string, skuName: string): string | null {
    const loc = location.toLowerCase();
    return this.byDeployment.get(`${loc}|${modelName}|${version}|${skuName}`.toLowerCase()) ?? this.byModelSku.get(`${loc}|${modelName}|${skuName}`.toLowerCase()) ?? null;
  }

  /** The models and types counting against a pool. */
  membersOf(location: string, usageName: string): { models: string[]; skus: string[] } {
    const m = this.members.get(`${location.toLowerCase()}|${usageName.toLowerCase()}`);
    return { models: m ? [...m.models].sort() : [], skus: m ? [...m.skus].sort() : [] };
  }
}

/**
 * Azure's models list of each region (remembered for minutes, shared with the request form); for a region
 * whose list can't be read, what submitted requests recorded (usage name, model, type), grouped in the database.
 */
async function loadPoolCatalogue(deps: { db: PrismaClient; azure: AzureClient }, locations: string[]): Promise<{ catalogue: PoolCatalogue; problem: string | null }> {
  const catalogue = new PoolCatalogue();
  const failed: string[] = [];
  const lists = await Promise.all(locations.map((l) => listRegionModels(deps, l).then((models) => ({ l, models }), () => ({ l, models: null }))));
  for (const { l, models } of lists) {
    if (models) catalogue.addModels(l, models);
    else failed.push(l);
  }
  if (failed.length) {
    const rows = await deps.db.$queryRaw<{ location: string; model_name: string; sku_name: string; usage_name: string }[]>`
      SELECT DISTINCT location, model_name, sku_name, usage_name FROM requests
       WHERE usage_name <> '' AND location = ANY(${failed})`;
    for (const r of rows) catalogue.add(r.location, r.model_name, null, r.sku_name, r.usage_name);
  }
  return {
    catalogue,
    problem: failed.length ? `Azure's models list of ${failed.join(", ")} could not be read just now, so which models count against each pool there comes from past requests.` : null,
  };
}

function emptyPending(): PendingBreakdown {
  return { awaitingApproval: 0, approved: 0, deploying: 0, total: 0, requests: 0 };
}

function comparePools(sort: QuotaSort): (a: QuotaPoolRow, b: QuotaPoolRow) => number {
  const util = (r: QuotaPoolRow) => r.utilisation ?? -1;
  const byPlace = (a: QuotaPoolRow, b: QuotaPoolRow) => a.subscriptionId.localeCompare(b.subscriptionId) || a.location.localeCompare(b.location);
  if (sort === "utilisation") return (a, b) => util(b) - util(a) || byPlace(a, b) || a.usageName.localeCompare(b.usageName);
  if (sort === "utilisation-asc") return (a, b) => util(a) - util(b) || byPlace(a, b) || a.usageName.localeCompare(b.usageName);
  return (a, b) => byPlace(a, b) || util(b) - util(a) || a.usageName.localeCompare(b.usageName);
}

/** The quota dashboard for Managers, Approvers and Admins (others get the 403 page). */
export async function loadQuotaDashboard(deps: { db: PrismaClient; azure: AzureClient }, user: UserWithTeams, filters: QuotaDashboardFilters = {}): Promise<QuotaDashboard> {
  ensureCapability(user, "dashboard:view");
  const db = deps.db;
  const [latest, holdings, pending, teamRows] = await Promise.all([
    loadLatestQuota(db),
    loadDeploymentHoldings(db),
    loadHeldByPendingDetail(db),
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);

  // One spelling per team: the teams table's, else the first seen in the snapshots.
  const teamName = new Map<string, string>();
  for (const t of teamRows) teamName.set(teamKey(t.name), t.name);
  for (const h of holdings) if (h.team && !teamName.has(teamKey(h.team))) teamName.set(teamKey(h.team), h.team.trim());
  const teams = [...teamName.values()].sort((a, b) => a.localeCompare(b));
  const teamById = new Map(teamRows.map((t) => [t.id, t.name]));

  const locations = [...new Set([...latest.map((q) => q.location), ...holdings.map((h) => h.location), ...pending.map((p) => p.location)].map((l) => l.toLowerCase()))].sort();
  const { catalogue, problem } = await loadPoolCatalogue(deps, locations);

  const pools = new Map<string, QuotaPoolRow>();
  const poolFor = (subscriptionId: string, location: string, usageName: string): QuotaPoolRow => {
    const key = poolKey(subscriptionId, location, usageName);
    let row = pools.get(key);
    if (!row) {
      const unitKind = quotaUnitKind(usageName);
      row = {
        key,
        subscriptionId,
        location: location.toLowerCase(),
        usageName,
        unitKind,
        unitLabel: quotaUnitLabel(unitKind),
        reported: false,
        limit: 0,
        used: 0,
        heldByTeam: [],
        noTeam: 0,
        notAttributed: 0,
        pending: emptyPending(),
        pendingByTeam: [],
        free: 0,
        utilisation: null,
        usedPercent: null,
        models: [],
        skus: [],
        asOf: null,
      };
      pools.set(key, row);
    }
    return row;
  };

  for (const q of latest) {
    const row = poolFor(q.subscription_id, q.location, q.usage_name);
    row.reported = true;
    row.limit = q.limit;
    row.used = q.current_value;
    row.asOf = q.taken_at.toISOString();
  }
  const held = new Map<string, Map<string, TeamHolding>>();
  const poolModels = new Map<string, { models: Set<string>; skus: Set<string> }>();
  for (const h of holdings) {
    const usageName = catalogue.usageNameOf(h.location, h.model_name, h.model_version, h.sku_name);
    if (!usageName) continue; // counted by Azure; shows as not attributed
    const row = poolFor(h.subscription_id, h.location, usageName);
    const members = poolModels.get(row.key) ?? { models: new Set<string>(), skus: new Set<string>() };
    members.models.add(h.model_name);
    members.skus.add(h.sku_name);
    poolModels.set(row.key, members);
    if (!h.team) {
      row.noTeam += h.held;
      continue;
    }
    const team = teamName.get(teamKey(h.team)) ?? h.team;
    const byTeam = held.get(row.key) ?? new Map<string, TeamHolding>();
    const t = byTeam.get(team) ?? { team, held: 0, deployments: 0 };
    t.held += h.held;
    t.deployments += h.deployments;
    byTeam.set(team, t);
    held.set(row.key, byTeam);
  }
  const pendingTeams = new Map<string, Map<string, { team: string; held: number; requests: number }>>();
  for (const p of pending) {
    const row = poolFor(p.subscriptionId, p.location, p.usageName);
    const bucket = AWAITING.includes(p.status) ? "awaitingApproval" : DEPLOYING.includes(p.status) ? "deploying" : "approved";
    row.pending[bucket] += p.held;
    row.pending.total += p.held;
    row.pending.requests += p.requests;
    const team = teamById.get(p.teamId) ?? "Unknown team";
    const byTeam = pendingTeams.get(row.key) ?? new Map();
    const t = byTeam.get(team) ?? { team, held: 0, requests: 0 };
    t.held += p.held;
    t.requests += p.requests;
    byTeam.set(team, t);
    pendingTeams.set(row.key, byTeam);
  }

  const all = [...pools.values()];
  for (const row of all) {
    row.heldByTeam = teams.map((team) => held.get(row.key)?.get(team)).filter((t): t is TeamHolding => !!t);
    row.pendingByTeam = [...(pendingTeams.get(row.key)?.values() ?? [])].sort((a, b) => a.team.localeCompare(b.team));
    const attributed = row.heldByTeam.reduce((s, t) => s + t.held, 0) + row.noTeam;
    row.notAttributed = Math.max(0, row.used - attributed);
    row.free = describeQuota(row.location, row.usageName, { limit: row.limit, current: row.used }, row.pending.total).free;
    row.utilisation = percentOf(row.used + row.pending.total, row.limit);
    row.usedPercent = percentOf(row.used, row.limit);
    const listed = catalogue.membersOf(row.location, row.usageName);
    const seen = poolModels.get(row.key);
    row.models = [...new Set([...listed.models, ...(seen?.models ?? [])])].sort();
    row.skus = [...new Set([...listed.skus, ...(seen?.skus ?? [])])].sort();
  }

  const matchesPlace = (r: QuotaPoolRow) =>
    (!filters.region || r.location === filters.region.toLowerCase()) &&
    (!filters.model || r.models.includes(filters.model)) &&
    (!filters.skuName || r.skus.includes(filters.skuName));
  const team = filters.team ? (teamName.get(teamKey(filters.team)) ?? filters.team) : null;
  const matchesTeam = (r: QuotaPoolRow) => !team || r.heldByTeam.some((t) => t.team === team) || r.pendingByTeam.some((t) => t.team === team);
  const inUse = (r: QuotaPoolRow) => r.used > 0 || r.pending.total > 0 || r.heldByTeam.length > 0 || r.noTeam > 0;
  const placed = all.filter(matchesPlace);
  const shown = placed.filter(matchesTeam);
  const visible = filters.all ? shown : shown.filter(inUse);

  return {
    asOf: latest.length ? new Date(Math.max(...latest.map((q) => q.taken_at.getTime()))).toISOString() : null,
    pools: visible.sort(comparePools(filters.sort ?? "region")),
    matching: shown,
    idlePools: shown.length - visible.length,
    teams,
    options: {
      regions: locations,
      models: [...new Set(all.flatMap((r) => r.models))].sort(),
      skus: [...new Set(all.flatMap((r) => r.skus))].sort(),
      teams,
    },
    teamSummary: summariseTeams(placed, teams),
    teamPools: team ? teamPoolsOf(placed, team) : null,
    catalogueProblem: problem,
  };
}

function summariseTeams(pools: QuotaPoolRow[], teams: string[]): TeamQuotaSummary[] {
  return teams.map((team) => {
    const s: TeamQuotaSummary = { team, deployments: 0, tpmHeld: 0, ptuHeld: 0, tpmPending: 0, ptuPending: 0, pendingRequests: 0 };
    for (const r of pools) {
      if (r.unitKind === "count") continue;
      const h = r.heldByTeam.find((t) => t.team === team);
      const p = r.pendingByTeam.find((t) => t.team === team);
      if (h) {
        s.deployments += h.deployments;
        if (r.unitKind === "ptu") s.ptuHeld += h.held;
        else s.tpmHeld += h.held;
      }
      if (p) {
        s.pendingRequests += p.requests;
        if (r.unitKind === "ptu") s.ptuPending += p.held;
        else s.tpmPending += p.held;
      }
    }
    return s;
  });
}

function teamPoolsOf(pools: QuotaPoolRow[], team: string): TeamPoolRow[] {
  const out: TeamPoolRow[] = [];
  for (const r of pools) {
    const h = r.heldByTeam.find((t) => t.team === team);
    const p = r.pendingByTeam.find((t) => t.team === team);
    if (!h && !p) continue;
    const heldHere = h?.held ?? 0;
    const pendingHere = p?.held ?? 0;
    out.push({
      key: r.key,
      location: r.location,
      usageName: r.usageName,
      unitKind: r.unitKind,
      unitLabel: r.unitLabel,
      held: heldHere,
      deployments: h?.deployments ?? 0,
      pending: pendingHere,
      pendingRequests: p?.requests ?? 0,
      limit: r.limit,
      share: percentOf(heldHere + pendingHere, r.limit),
    });
  }
  return out.sort((a, b) => a.location.localeCompare(b.location) || a.usageName.localeCompare(b.usageName));
}
