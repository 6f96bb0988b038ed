import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

export const dynamic = "force-dynamic";

/** Liveness and dependency status: 200 while the database works (integrations may be degraded), else 503. */
export async function GET() {
  const context = await getServerContext();
  const report = await checkHealth({ ...context, mode: context.config.mode });
  return NextResponse.json(report, { status: report.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
}
