"use client";
import type { CSSProperties, ReactNode } from "react";

/**
 * What every dashboard chart shares: colours from CSS variables (light and dark, see globals.css), axis text
 * in the surrounding text colour, a tooltip that follows the theme, and a figure that names the chart for
 * screen readers (the table beside each chart holds the same data, so the drawing itself is one image).
 */

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

/** Axis tick text: the surrounding text colour, small. */
export const AXIS_TICK = { fill: "currentColor", fontSize: 12 } as const;

/** The tooltip box, following the theme. */
export const TOOLTIP_STYLE: CSSProperties = {
  background: "var(--chart-tooltip-bg)",
  border: "1px solid var(--chart-tooltip-border)",
  borderRadius: 6,
  color: "inherit",
  fontSize: 12,
};

/** A chart as one named image; its data is in the table that follows it. */
export function ChartFigure({ label, children, legend }: { label: string; children: ReactNode; legend?: LegendItem[] }) {
  return (
    <figure role="img" aria-label={label} className="text-slate-700 dark:text-slate-300">
      {legend?.length ? <ChartLegend items={legend} /> : null}
      {children}
    </figure>
  );
}

export interface LegendItem {
  label: string;
  color: string;
  /** Drawn as a line (thresholds, series of a line chart) instead of a box. */
  line?: "solid" | "dashed";
}

/** The chart's key: a swatch and a name per series. */
export function ChartLegend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs">
      {items.map((i) => (
        <li key={i.label} className="flex items-center gap-1.5">
          {i.line ? (
            <span className="inline-block w-4 border-t-2" style={{ borderColor: i.color, borderTopStyle: i.line }} />
          ) : (
            <span className="inline-block h-3 w-3 rounded-sm ring-1 ring-slate-400/40" style={{ background: i.color }} />
          )}
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/** Splits a usage name after its SKU ("OpenAI.GlobalStandard" / "gpt-4o") so axis labels fit narrow screens. */
export function splitUsageName(name: string): [string, string] {
  const parts = name.split(".");
  if (parts.length < 3) return [name, ""];
  return [parts.slice(0, 2).join("."), parts.slice(2).join(".")];
}

/** A category-axis tick that prints a usage name on two lines. */
export function UsageNameTick(props: { x?: number | string; y?: number | string; payload?: { value: string } }) {
  const [first, second] = splitUsageName(props.payload?.value ?? "");
  return (
    <text x={Number(props.x ?? 0)} y={Number(props.y ?? 0)} textAnchor="end" fill="currentColor" fontSize={11}>
      <tspan x={Number(props.x ?? 0)} dy={second ? -3 : 4}>
        {first}
      </tspan>
      {second ? (
        <tspan x={Number(props.x ?? 0)} dy={12}>
          {second}
        </tspan>
      ) : null}
    </text>
  );
}
