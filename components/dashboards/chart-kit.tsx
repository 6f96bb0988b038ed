"use client";
import type { CSSProperties, ReactNode } from "react";
import { LINE_BREAK, splitUsageName } from "./chart-labels";


/**
 * What every dashboard chart shares: colours from CSS variables (light and dark, see globals.css), axis text
 * in the surrounding text colour, a tooltip that follows the theme, and a figure that names the chart for
 * screen readers (the table beside each chart holds the same data, so the drawing itself is one image).
 */

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

/** A category-axis tick on two lines: a usage name split after its SKU, or a label with a line break. */
export function TwoLineTick(props: { x?: number | string; y?: number | string; payload?: { value: string } }) {
  const value = props.payload?.value ?? "";
  const [first, second] = value.includes(LINE_BREAK) ? (value.split(LINE_BREAK, 2) as [string, string]) : splitUsageName(value);
  const x = Number(props.x ?? 0) - 4;
  return (
    <text x={x} y={Number(props.y ?? 0)} textAnchor="end" fill="currentColor" fontSize={11}>
      <tspan x={x} dy={second ? -3 : 4}>
        {first}
      </tspan>
      {second ? (
        <tspan x={x} dy={12}>
          {second}
        </tspan>
      ) : null}
    </text>
  );
}
