import "server-only";
import { listAuditEvents, type AuditEventRow, type AuditFilter } from "@/lib/audit";
import { ensureCapability, type UserWithTeams } from "@/lib/auth";
import type { PrismaClient } from "@/lib/db";

/** One page of the audit log for an Admin (anyone else: the 403 page). */
export async function readAuditLog(deps: { db: PrismaClient }, user: UserWithTeams, filter: AuditFilter): Promise<{ rows: AuditEventRow[]; total: number }> {
  ensureCapability(user, "settings:manage");
  return listAuditEvents(deps.db, filter);
}
