/**
 * The audit log: append-only facts of who did what, when, and from which HTTP request. Writers call
 * `recordAuditEvent` in the same place (ideally the same transaction) as the change it records.
 */
import type { Prisma, PrismaClient } from "@/lib/db";

/** Every kind of fact the log records. */
export const AUDIT_ACTIONS = [
  "sign-in",
  "sign-in.refused",
  "sign-out",
  "request.submit",
  "request.approve",
  "request.request-changes",
  "request.reject",
  "request.override",
  "request.cancel",
  "request.revise",
  "request.retry",
  "deployment.delete-in-azure",
  "admin.sign-out-person",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Where an action came from: the HTTP request's id, client address and browser. */
export interface AuditOrigin {
  httpRequestId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
}

export interface AuditEventInput {
  actor: { id?: string | null; name: string; role?: string | null };
  action: AuditAction;
  target?: { type: "request" | "user" | "session"; id: string };
  summary: string;
  data?: Prisma.InputJsonValue;
  origin?: AuditOrigin;
}

type Db = Pick<PrismaClient, "auditEvent"> | Prisma.TransactionClient;

/** Appends one fact to the audit log. */
export async function recordAuditEvent(db: Db, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: event.actor.id ?? null,
      actorName: event.actor.name.slice(0, 200),
      actorRole: event.actor.role ?? null,
      action: event.action,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id ?? null,
      summary: event.summary.slice(0, 1000),
      data: event.data,
      httpRequestId: event.origin?.httpRequestId?.slice(0, 100) ?? null,
      ipAddress: event.origin?.ipAddress?.slice(0, 100) ?? null,
      userAgent: event.origin?.userAgent?.slice(0, 300) ?? null,
    },
  });
}

export interface AuditFilter {
  action?: AuditAction;
  /** Matches the actor's name (case-insensitive, part of it). */
  actor?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  page?: number;
}

export interface AuditEventRow {
  id: string;
  at: Date;
  actorName: string;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string;
  httpRequestId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

/** One page of the log, newest first, with the total that matches the filter. */
export async function listAuditEvents(db: Pick<PrismaClient, "auditEvent">, filter: AuditFilter): Promise<{ rows: AuditEventRow[]; total: number }> {
  const where: Prisma.AuditEventWhereInput = {
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.actor ? { actorName: { contains: filter.actor, mode: "insensitive" } } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
  const page = Math.max(1, filter.page ?? 1);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: AUDIT_PAGE_SIZE, skip: (page - 1) * AUDIT_PAGE_SIZE }),
    db.auditEvent.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id.toString(),
      at: r.at,
      actorName: r.actorName,
      actorRole: r.actorRole,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      summary: r.summary,
      httpRequestId: r.httpRequestId,
      ipAddress: r.ipAddress,
      userAgent: r.userAgent,
    })),
  };
}
