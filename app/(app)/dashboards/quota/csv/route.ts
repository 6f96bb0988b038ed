import type { NextRequest } from "next/server";
import { getCurrentUser, hasCapability } from "@/lib/auth";
import { exportQuotaTable, parseQuotaFilters, QUOTA_TABLES } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

/** "Download CSV" of a quota dashboard table (?table=…, with the page's filters); the same role check as the page. */
export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return text("Sign in first.", 401);
  if (!hasCapability(user.role, "dashboard:view")) return text("Only Managers, Approvers and Admins can export the quota dashboard.", 403);
  const params = Object.fromEntries(request.nextUrl.searchParams);
  const table = QUOTA_TABLES.find((t) => t === params.table);
  if (!table) return text(`Unknown table; one of: ${QUOTA_TABLES.join(", ")}.`, 404);
  const { filename, csv } = await exportQuotaTable(await getServerContext(), user, table, parseQuotaFilters(params));
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}

function text(message: string, status: number) {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
