import type { DeploymentShape } from "@/lib/sync";

/** "14:05 UTC" — the time the page's data is as of (server-rendered, so one zone for everybody). */
export function formatTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(11, 16)} UTC` : "never";
}

/** "2026-11-25 14:05 UTC". */
export function formatDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  const s = typeof iso === "string" ? iso : iso.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

/** "gpt-4o 2024-11-20 · GlobalStandard × 150". */
export function describeShape(s: DeploymentShape | null | undefined): string {
  return s ? `${s.modelName} ${s.modelVersion} · ${s.skuName} × ${s.capacity}` : "—";
}
