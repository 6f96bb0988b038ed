import "server-only";
import { ensureCapability } from "@/lib/auth";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import { percentOf, type QuotaPoolRow } from "./quota-dashboard";

/**
 * Quota history from the reconciler's quota snapshots (a row is written only when a pool's figures change, so
 * a pool's value on a day is its latest row up to the end of that day), and a projection of when each pool
 * runs out at its recent rate of growth. Sampling and lookups run in the database, from the snapshots' index.
 */

export const HISTORY_RANGES = [7, 30, 90, 180, 365] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

/** Days over which the recent rate of growth is averaged. */
export const GROWTH_WINDOW_DAYS = 28;

/** The projection rule, in the words the page shows. */
export const RUN_OUT_RULE =
  `Runs out: the day the free quota (limit − used − pending) is used up if use keeps growing at its average daily growth of the last ${GROWTH_WINDOW_DAYS} days ` +
  `((used now − used ${GROWTH_WINDOW_DAYS} days ago) ÷ ${GROWTH_WINDOW_DAYS}; for a younger pool, since its first reading). No date when use did not grow; "now" when nothing is free.`;

/** A pool the history is drawn for. */
export type HistoryPool = Pick<QuotaPoolRow, "key" | "subscriptionId" | "location" | "usageName" | "limit" | "used" | "free" | "unitLabel">;

export interface HistoryPoint {
  /** The day (ISO date) the value holds at its end. */
  date: string;
  /** Per pool key: used, limit and used ÷ limit in percent; absent before the pool's first snapshot. */
  values: Record<string, { used: number; limit: number; percent: number | null }>;
}

export interface RunOutProjection {
  key: string;
  location: string;
  usageName: string;
  unitLabel: string;
  used: number;
  limit: number;
  free: number;
  /** Average growth of used per day over the window (null for a pool read for less than a day). */
  perDay: number | null;
  /** Days until the free quota is gone at that rate; 0 when nothing is free; null when use isn't growing. */
  daysLeft: number | null;
  /** The date that happens (ISO date), or null. */
  runsOutOn: string | null;
}

export interface QuotaHistory {
  range: HistoryRange;
  /** "day" up to a month, "week" beyond. */
  step: "day" | "week";
  pools: HistoryPool[];
  points: HistoryPoint[];
  projections: RunOutProjection[];
  rule: string;
}

interface SampleRow {
  subscription_id: string;
  location: string;
  usage_name: string;
  day: Date;
  current_value: number | null;
  limit: number | null;
}

const DAY_MS = 86_400_000;

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** Each pool's value at the end of each day of a series (the latest snapshot up to then), sampled in SQL. */
function sampleDays(db: PrismaClient, pools: HistoryPool[], first: Date, last: Date, stepDays: number): Promise<SampleRow[]> {
  return db.$queryRaw<SampleRow[]>`
    WITH pools AS (
      SELECT * FROM unnest(${pools.map((p) => p.subscriptionId)}::text[], ${pools.map((p) => p.location)}::text[], ${pools.map((p) => p.usageName)}::text[])
        AS p(subscription_id, location, usage_name)
    ), days AS (
      SELECT generate_series(${first}::timestamptz, ${last}::timestamptz, make_interval(days => ${stepDays}::int)) AS day
    )
    SELECT p.subscription_id, p.location, p.usage_name, d.day, s.current_value, s."limit"
      FROM pools p CROSS JOIN days d
      LEFT JOIN LATERAL (
        SELECT q.current_value, q."limit" FROM quota_snapshots q
         WHERE q.location = p.location AND q.usage_name = p.usage_name AND q.subscription_id = p.subscription_id
           AND q.taken_at < d.day + interval '1 day'
         ORDER BY q.taken_at DESC, q.id DESC LIMIT 1
      ) s ON true
     ORDER BY d.day`;
}

/**
 * Per pool, what was used at the start of the growth window (its latest reading up to then) and, for a pool
 * first read within the window, its first reading: two index lookups per pool.
 */
function loadGrowthBase(db: PrismaClient, pools: HistoryPool[], windowStart: Date) {
  return db.$queryRaw<{ subscription_id: string; location: string; usage_name: string; then_value: number | null; first_value: number | null; first_at: Date | null }[]>`
    WITH pools AS (
      SELECT * FROM unnest(${pools.map((p) => p.subscriptionId)}::text[], ${pools.map((p) => p.location)}::text[], ${pools.map((p) => p.usageName)}::text[])
        AS p(subscription_id, location, usage_name)
    )
    SELECT p.subscription_id, p.location, p.usage_name, before.current_value AS then_value, first.current_value AS first_value, first.taken_at AS first_at
      FROM pools p
      LEFT JOIN LATERAL (
        SELECT q.current_value FROM quota_snapshots q
         WHERE q.subscription_id = p.subscription_id AND q.location = p.location AND q.usage_name = p.usage_name AND q.taken_at <= ${windowStart}
         ORDER BY q.taken_at DESC LIMIT 1
      ) before ON true
      LEFT JOIN LATERAL (
        SELECT q.current_value, q.taken_at FROM quota_snapshots q
         WHERE q.subscription_id = p.subscription_id AND q.location = p.location AND q.usage_name = p.usage_name AND q.taken_at > ${windowStart}
         ORDER BY q.taken_at ASC LIMIT 1
      ) first ON true`;
}

const keyOf = (subscriptionId: string, location: string, usageName: string) => `${subscriptionId}/${location.toLowerCase()}/${usageName.toLowerCase()}`;

/** Utilisation over the range for the given pools (the page charts the most utilised) and when each of `projectPools` runs out. */
export async function loadQuotaHistory(
  deps: { db: PrismaClient; now?: () => Date },
  user: UserWithTeams,
  options: { range: HistoryRange; pools: HistoryPool[]; projectPools?: HistoryPool[] },
): Promise<QuotaHistory> {
  ensureCapability(user, "dashboard:view");
  const { range, pools } = options;
  const projected = options.projectPools ?? pools;
  const step = range > 31 ? "week" : "day";
  if (pools.length === 0 && projected.length === 0) return { range, step, pools, points: [], projections: [], rule: RUN_OUT_RULE };
  const today = startOfUtcDay(deps.now?.() ?? new Date());
  const stepDays = step === "week" ? 7 : 1;
  const count = Math.floor(range / stepDays);
  const first = new Date(today.getTime() - count * stepDays * DAY_MS);
  const now = deps.now?.() ?? new Date();
  const windowStart = new Date(now.getTime() - GROWTH_WINDOW_DAYS * DAY_MS);
  const [samples, growth] = await Promise.all([
    pools.length ? sampleDays(deps.db, pools, first, today, stepDays) : [],
    projected.length ? loadGrowthBase(deps.db, projected, windowStart) : [],
  ]);

  const byDay = new Map<string, HistoryPoint>();
  for (const s of samples) {
    const date = s.day.toISOString().slice(0, 10);
    const point = byDay.get(date) ?? { date, values: {} };
    if (s.current_value !== null && s.limit !== null) {
      point.values[keyOf(s.subscription_id, s.location, s.usage_name)] = { used: s.current_value, limit: s.limit, percent: percentOf(s.current_value, s.limit) };
    }
    byDay.set(date, point);
  }
  const growthByKey = new Map(growth.map((g) => [keyOf(g.subscription_id, g.location, g.usage_name), g]));
  const projections = projected.map((p): RunOutProjection => {
    const g = growthByKey.get(p.key);
    const days = g?.then_value != null ? GROWTH_WINDOW_DAYS : g?.first_at ? (now.getTime() - g.first_at.getTime()) / DAY_MS : 0;
    const base = g?.then_value ?? g?.first_value ?? null;
    const perDay = base !== null && days >= 1 ? Math.round(((p.used - base) / days) * 100) / 100 : null;
    const daysLeft = p.free <= 0 ? 0 : perDay !== null && perDay > 0 ? Math.ceil(p.free / perDay) : null;
    return {
      key: p.key,
      location: p.location,
      usageName: p.usageName,
      unitLabel: p.unitLabel,
      used: p.used,
      limit: p.limit,
      free: p.free,
      perDay,
      daysLeft,
      runsOutOn: daysLeft === null ? null : new Date(today.getTime() + daysLeft * DAY_MS).toISOString().slice(0, 10),
    };
  });
  projections.sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.location.localeCompare(b.location) || a.usageName.localeCompare(b.usageName));
  return { range, step, pools, points: [...byDay.values()], projections, rule: RUN_OUT_RULE };
}
