"use client";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_COLORS } from "./chart-colors";
import { AXIS_TICK, ChartFigure, TOOLTIP_STYLE, TwoLineTick, type LegendItem } from "./chart-kit";

export interface ChartSeries {
  id: string;
  label: string;
  color: string;
}

export type ValueFormat = "count" | "percent" | "hours";

function formatValue(v: number, format: ValueFormat): string {
  if (format === "percent") return `${Math.round(v * 10) / 10} %`;
  if (format === "hours") return `${Math.round(v * 10) / 10} h`;
  return String(Math.round(v * 100) / 100);
}

function axisFormat(format: ValueFormat) {
  return (v: number) => (format === "percent" ? `${v}%` : format === "hours" ? `${v}h` : String(v));
}

/**
 * Bars per category, one per series, stacked or side by side; horizontal bars (`layout="vertical"`, categories
 * down the side) suit long names and narrow screens.
 */
export function SeriesBarChart({
  label,
  data,
  categoryKey,
  series,
  layout = "horizontal",
  stacked = false,
  format = "count",
  categoryWidth = 96,
  thresholds = [],
  twoLineCategories = false,
}: {
  label: string;
  data: Record<string, string | number | null>[];
  categoryKey: string;
  series: ChartSeries[];
  /** Category labels on two lines (usage names, or labels made with poolLabel). */
  twoLineCategories?: boolean;
  layout?: "horizontal" | "vertical";
  stacked?: boolean;
  format?: ValueFormat;
  categoryWidth?: number;
  thresholds?: { value: number; label: string; tone: "warn" | "danger" }[];
}) {
  // Nothing to draw: no categories, or no value in any of them.
  if (data.length === 0 || !data.some((d) => series.some((s) => typeof d[s.id] === "number" && d[s.id] !== 0))) return null;
  const vertical = layout === "vertical";
  const perCategory = (stacked ? 30 : 14 * series.length + 12) + (twoLineCategories ? 8 : 0);
  const height = vertical ? 40 + data.length * perCategory : 260;
  const legend: LegendItem[] = [
    ...series.map((s) => ({ label: s.label, color: s.color })),
    ...thresholds.map((t) => ({ label: t.label, color: t.tone === "warn" ? CHART_COLORS.warn : CHART_COLORS.danger, line: "dashed" as const })),
  ];
  const valueAxis = { type: "number" as const, tick: AXIS_TICK, tickFormatter: axisFormat(format), allowDecimals: format !== "count" };
  const categoryAxis = { type: "category" as const, dataKey: categoryKey, tick: AXIS_TICK, interval: "preserveStartEnd" as const };
  return (
    <ChartFigure label={`${label} The table below has the same figures.`} legend={series.length > 1 || thresholds.length ? legend : undefined}>
      <BarChart layout={layout} data={data} responsive style={{ width: "100%", height }} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid vertical={vertical} horizontal={!vertical} stroke={CHART_COLORS.grid} />
        {vertical ? <XAxis {...valueAxis} /> : <XAxis {...categoryAxis} minTickGap={8} />}
        {vertical ? <YAxis {...categoryAxis} width={categoryWidth} interval={0} {...(twoLineCategories ? { tick: <TwoLineTick /> } : {})} /> : <YAxis {...valueAxis} width={44} />}
        <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fill: "rgba(148,163,184,0.15)" }} formatter={(v, name) => [formatValue(Number(v), format), series.find((s) => s.id === name)?.label ?? String(name)]} />
        {series.map((s) => (
          <Bar key={s.id} dataKey={s.id} fill={s.color} stackId={stacked ? "stack" : undefined} isAnimationActive={false} />
        ))}
        {thresholds.map((t) =>
          vertical ? (
            <ReferenceLine key={t.label} x={t.value} stroke={t.tone === "warn" ? CHART_COLORS.warn : CHART_COLORS.danger} strokeDasharray="4 3" />
          ) : (
            <ReferenceLine key={t.label} y={t.value} stroke={t.tone === "warn" ? CHART_COLORS.warn : CHART_COLORS.danger} strokeDasharray="4 3" />
          ),
        )}
      </BarChart>
    </ChartFigure>
  );
}

/** Lines over time, one per series (gaps where a series has no value yet), with optional thresholds. */
export function SeriesLineChart({
  label,
  data,
  categoryKey,
  series,
  format = "count",
  thresholds = [],
  minMax,
}: {
  label: string;
  data: Record<string, string | number | null>[];
  categoryKey: string;
  series: ChartSeries[];
  format?: ValueFormat;
  thresholds?: { value: number; label: string; tone: "warn" | "danger" }[];
  /** The value axis reaches at least this far (e.g. 100 for percentages). */
  minMax?: number;
}) {
  if (data.length === 0 || series.length === 0) return null;
  const legend: LegendItem[] = [
    ...series.map((s) => ({ label: s.label, color: s.color, line: "solid" as const })),
    ...thresholds.map((t) => ({ label: t.label, color: t.tone === "warn" ? CHART_COLORS.warn : CHART_COLORS.danger, line: "dashed" as const })),
  ];
  const highest = Math.max(0, ...data.flatMap((d) => series.map((s) => Number(d[s.id] ?? 0))));
  // A series with few values draws its points, so a single reading is still visible.
  const sparse = data.filter((d) => series.some((s) => d[s.id] !== null && d[s.id] !== undefined)).length <= 16;
  const top = minMax !== undefined ? Math.max(minMax, Math.ceil(highest / 10) * 10) : undefined;
  return (
    <ChartFigure label={`${label} The table below has the same figures.`} legend={legend}>
      <LineChart data={data} responsive style={{ width: "100%", height: 280 }} margin={{ top: 8, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
        <XAxis dataKey={categoryKey} tick={AXIS_TICK} minTickGap={16} interval="preserveStartEnd" />
        <YAxis tick={AXIS_TICK} width={44} tickFormatter={axisFormat(format)} domain={top !== undefined ? [0, top] : undefined} />
        <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v, name) => [formatValue(Number(v), format), series.find((s) => s.id === name)?.label ?? String(name)]} />
        {series.map((s) => (
          <Line key={s.id} type="stepAfter" dataKey={s.id} stroke={s.color} strokeWidth={2} dot={sparse ? { r: 3, fill: s.color } : false} connectNulls={false} isAnimationActive={false} />
        ))}
        {thresholds.map((t) => (
          <ReferenceLine key={t.label} y={t.value} stroke={t.tone === "warn" ? CHART_COLORS.warn : CHART_COLORS.danger} strokeDasharray="4 3" />
        ))}
      </LineChart>
    </ChartFigure>
  );
}
