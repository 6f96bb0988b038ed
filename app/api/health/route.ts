import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

export const dynamic = "force-dynamic";

/**
 * Readiness and health: 200 while the database works (GitHub, Azure or the reconciler may be degraded), else
 * 503. GitHub and Azure are reported as last observed by this process; it probes them itself at most once a
 * minute, so a load balancer may call this every few seconds.
 */
export async function GET() {
  const context = await getServerContext();
  const report = await checkHealth({ ...context, mode: context.config.mode });
  return NextResponse.json(report, { status: report.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
}
