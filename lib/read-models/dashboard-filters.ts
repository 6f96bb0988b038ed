import "server-only";
import { DELIVERY_RANGES, REQUEST_KINDS, type DeliveryFilters, type DeliveryRange, type RequestKindName } from "./delivery-dashboard";
import { QUOTA_SORTS, type QuotaDashboardFilters, type QuotaSort } from "./quota-dashboard";
import { HISTORY_RANGES, type HistoryRange } from "./quota-history";

/**
 * The dashboards' filters as they travel in the URL (the pages and the CSV exports read them the same way).
 * Unknown or oversized values are dropped, never trusted.
 */

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

const one = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 && v.length <= 200 ? v : undefined);

export interface QuotaPageFilters extends QuotaDashboardFilters {
  /** Days of history (and of refusals in the quota increase list). */
  range: HistoryRange;
}

/** The quota dashboard's filters from the URL's search parameters. */
export function parseQuotaFilters(raw: SearchParamsRecord): QuotaPageFilters {
  const range = Number(one(raw.range));
  return {
    region: one(raw.region),
    model: one(raw.model),
    skuName: one(raw.type),
    team: one(raw.team),
    sort: QUOTA_SORTS.find((s) => s === raw.sort) as QuotaSort | undefined,
    all: raw.all === "1",
    range: (HISTORY_RANGES as readonly number[]).includes(range) ? (range as HistoryRange) : 90,
  };
}

/** The URL query of the quota dashboard's filters (without the leading "?"), defaults left out. */
export function quotaFilterQuery(f: Partial<QuotaPageFilters>, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (f.region) q.set("region", f.region);
  if (f.model) q.set("model", f.model);
  if (f.skuName) q.set("type", f.skuName);
  if (f.team) q.set("team", f.team);
  if (f.sort && f.sort !== "region") q.set("sort", f.sort);
  if (f.all) q.set("all", "1");
  if (f.range && f.range !== 90) q.set("range", String(f.range));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

/** The delivery dashboard's filters from the URL's search parameters. */
export function parseDeliveryFilters(raw: SearchParamsRecord): Required<Pick<DeliveryFilters, "range">> & DeliveryFilters {
  const range = Number(one(raw.range));
  return {
    range: (DELIVERY_RANGES as readonly number[]).includes(range) ? (range as DeliveryRange) : 90,
    team: one(raw.team),
    kind: REQUEST_KINDS.find((k) => k === raw.kind) as RequestKindName | undefined,
  };
}

/** The URL query of the delivery dashboard's filters (without the leading "?"), defaults left out. */
export function deliveryFilterQuery(f: DeliveryFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (f.range && f.range !== 90) q.set("range", String(f.range));
  if (f.team) q.set("team", f.team);
  if (f.kind) q.set("kind", f.kind);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}
