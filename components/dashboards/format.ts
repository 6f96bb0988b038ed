/** Number and duration formats of the dashboards (server-rendered: one locale for everybody). Pure. */

const INTEGER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** "1,250". */
export function formatCount(n: number): string {
  return INTEGER.format(n);
}

/** "87.5 %", "no quota" for a share of a zero limit, "—" for none. */
export function formatPercent(p: number | null | undefined): string {
  if (p === null || p === undefined) return "—";
  if (!Number.isFinite(p)) return "no quota";
  return `${DECIMAL.format(p)} %`;
}

/** "45 min", "3.5 h", "2.1 days" — "—" for none. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${DECIMAL.format(seconds / 3600)} h`;
  return `${DECIMAL.format(seconds / 86400)} days`;
}

/** "2026-11-25". */
export function formatDay(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : "—";
}

/** The first 8 characters of a subscription id ("6f1c2e3a…"); the full id goes in a title and the CSV. */
export function shortSubscription(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** The utilisation band of a share: under 80 %, from 80 %, from 95 %. */
export function utilisationBand(p: number | null | undefined): "ok" | "warn" | "danger" {
  if (p === null || p === undefined) return "ok";
  if (p >= 95) return "danger";
  return p >= 80 ? "warn" : "ok";
}
