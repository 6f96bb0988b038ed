import { NextResponse } from "next/server";
import { getConfig } from "@/lib/env";
import { checkHealth } from "@/lib/requests/check-health";

export const dynamic = "force-dynamic";

/** Liveness and dependency status: 200 while the database works (integrations may be degraded), else 503. */
export async function GET() {
  const report = await checkHealth(getConfig().mode);
  return NextResponse.json(report, { status: report.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
}
