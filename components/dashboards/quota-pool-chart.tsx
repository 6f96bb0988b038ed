"use client";
import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { QuotaPoolRow } from "@/lib/read-models";
import { CHART_COLORS, seriesColor } from "./chart-colors";
import { AXIS_TICK, ChartFigure, TOOLTIP_STYLE, TwoLineTick, type LegendItem } from "./chart-kit";

type PoolBarInput = Pick<QuotaPoolRow, "key" | "usageName" | "limit" | "used" | "unitLabel" | "heldByTeam" | "noTeam" | "notAttributed" | "pending" | "free" | "utilisation">;

interface Segment {
  id: string;
  label: string;
  color: string;
  value: (p: PoolBarInput) => number;
}

function segmentsFor(teams: string[]): Segment[] {
  return [
    ...teams.map((team, i) => ({ id: `team${i}`, label: `Held by ${team}`, color: seriesColor(i), value: (p: PoolBarInput) => p.heldByTeam.find((h) => h.team === team)?.held ?? 0 })),
    { id: "noTeam", label: "Held by no team", color: CHART_COLORS.none, value: (p) => p.noTeam },
    { id: "notAttributed", label: "Used, not attributed", color: CHART_COLORS.unattributed, value: (p) => p.notAttributed },
    { id: "awaiting", label: "Pending: awaiting approval", color: CHART_COLORS.awaiting, value: (p) => p.pending.awaitingApproval },
    { id: "approved", label: "Pending: approved", color: CHART_COLORS.approved, value: (p) => p.pending.approved },
    { id: "deploying", label: "Pending: deploying", color: CHART_COLORS.deploying, value: (p) => p.pending.deploying },
    { id: "free", label: "Free", color: CHART_COLORS.free, value: (p) => p.free },
  ];
}

/**
 * One region's pools as stacked bars in percent of each pool's own limit (so PTUs and tokens per minute are
 * never added up), with the 80 % and 95 % thresholds. Pools without a limit are in the table only.
 */
export function QuotaPoolChart({ title, pools, teams }: { title: string; pools: PoolBarInput[]; teams: string[] }) {
  const segments = segmentsFor(teams);
  const drawn = pools.filter((p) => p.limit > 0);
  if (drawn.length === 0) return null;
  const data = drawn.map((p) => {
    const row: Record<string, number | string> = { name: p.usageName };
    for (const s of segments) row[s.id] = (s.value(p) / p.limit) * 100;
    return row;
  });
  const used = new Set(segments.filter((s) => drawn.some((p) => s.value(p) > 0)).map((s) => s.id));
  const shown = segments.filter((s) => used.has(s.id));
  const max = Math.max(100, ...drawn.map((p) => Math.min(200, p.utilisation ?? 0)));
  const byName = new Map(drawn.map((p) => [p.usageName, p]));
  const legend: LegendItem[] = [
    ...shown.map((s) => ({ label: s.label, color: s.color })),
    { label: "80 %", color: CHART_COLORS.warn, line: "dashed" },
    { label: "95 %", color: CHART_COLORS.danger, line: "dashed" },
  ];
  return (
    <ChartFigure label={`${title}: share of each quota's limit used, held and pending. The table below has the same figures.`} legend={legend}>
      <BarChart
        layout="vertical"
        data={data}
        responsive
        style={{ width: "100%", height: 48 + drawn.length * 44 }}
        margin={{ top: 4, right: 12, bottom: 4, left: 4 }}
        accessibilityLayer={false}
        barCategoryGap={8}
      >
        <CartesianGrid horizontal={false} stroke={CHART_COLORS.grid} />
        <XAxis type="number" domain={[0, Math.ceil(max / 10) * 10]} tick={AXIS_TICK} tickFormatter={(v: number) => `${v}%`} />
        <YAxis type="category" dataKey="name" width={160} tick={<TwoLineTick />} interval={0} />
        <Tooltip
          contentStyle={TOOLTIP_STYLE}
          cursor={{ fill: "rgba(148,163,184,0.15)" }}
          formatter={(value, name, item) => {
            const pool = byName.get(String((item?.payload as { name?: string } | undefined)?.name));
            const seg = shown.find((s) => s.id === name);
            if (!pool || !seg) return [String(value), String(name)];
            return [`${seg.value(pool)} ${pool.unitLabel} (${Math.round(Number(value) * 10) / 10} %)`, seg.label];
          }}
        />
        {shown.map((s) => (
          <Bar key={s.id} dataKey={s.id} stackId="pool" fill={s.color} isAnimationActive={false} />
        ))}
        <ReferenceLine x={80} stroke={CHART_COLORS.warn} strokeDasharray="4 3" strokeWidth={1.5} />
        <ReferenceLine x={95} stroke={CHART_COLORS.danger} strokeDasharray="4 3" strokeWidth={1.5} />
      </BarChart>
    </ChartFigure>
  );
}
