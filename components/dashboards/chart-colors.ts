/** Chart colours: CSS variables set for light and dark mode in globals.css (usable from server and client). */

const SERIES = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)", "var(--chart-6)", "var(--chart-7)", "var(--chart-8)"];

/** The colour of the i-th series (teams, pools), repeating after eight. */
export function seriesColor(i: number): string {
  return SERIES[i % SERIES.length];
}

export const CHART_COLORS = {
  none: "var(--chart-none)",
  unattributed: "var(--chart-unattributed)",
  awaiting: "var(--chart-awaiting)",
  approved: "var(--chart-approved)",
  deploying: "var(--chart-deploying)",
  free: "var(--chart-free)",
  grid: "var(--chart-grid)",
  warn: "var(--chart-warn)",
  danger: "var(--chart-danger)",
  success: "var(--chart-success)",
} as const;
