"use client";
import { useEffect, useState } from "react";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "5 minutes ago", "in 3 days", "just now" — relative to `now`. */
export function relativeTime(at: Date, now: Date): string {
  const diff = at.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < 45_000) return "just now";
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (abs >= ms || unit === "minute") return rtf.format(Math.round(diff / ms), unit);
  }
  return "just now";
}

/** The time in the viewer's own zone, e.g. "29 Nov 2026, 14:05 CET". */
export function formatLocalTime(at: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone, timeZoneName: "short" }).format(at);
}

/**
 * A time as the viewer reads it: relative ("5 minutes ago") with the full time in their own zone beside it.
 * The server renders UTC; the browser switches to its zone once it runs (so hydration stays consistent).
 */
export function LocalTime({ iso, relative = true, className }: { iso: string; relative?: boolean; className?: string }) {
  const at = new Date(iso);
  const [local, setLocal] = useState<{ absolute: string; relative: string } | null>(null);
  useEffect(() => {
    const tick = () => setLocal({ absolute: formatLocalTime(at), relative: relativeTime(at, new Date()) });
    tick();
    const timer = setInterval(tick, 30_000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [iso]);
  const absolute = local?.absolute ?? formatLocalTime(at, "UTC");
  return (
    <time dateTime={iso} title={absolute} className={className}>
      {relative && local ? `${local.relative} · ${absolute}` : absolute}
    </time>
  );
}
