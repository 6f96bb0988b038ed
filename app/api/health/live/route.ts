import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/**
 * Liveness: answers from the process alone (no database, GitHub or Azure), so a restart is only ever
 * triggered by the process itself being stuck, never by a dependency being down.
 */
export function GET() {
  return NextResponse.json(
    { status: "ok", checkedAt: new Date().toISOString(), uptimeSeconds: Math.round(process.uptime()) },
    { headers: { "cache-control": "no-store" } },
  );
}
