import "server-only";
import { hasCapability } from "@/lib/auth";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import type { RequestStatus } from "@/lib/requests";

export type RequestScope = "mine" | "team" | "all";

export interface RequestListItem {
  id: string;
  number: number;
  kind: "create" | "change" | "decommission";
  status: RequestStatus;
  deploymentName: string;
  accountName: string;
  location: string;
  modelName: string;
  modelVersion: string;
  skuName: string;
  capacity: number;
  requesterName: string;
  teamName: string;
  prNumber: number | null;
  createdAt: Date;
}

export const REQUESTS_PAGE_SIZE = 25;

/** One page of requests the user may see in the given scope ("all" needs a role that reviews or reports). */
export async function listRequests(
  deps: { db: PrismaClient },
  user: UserWithTeams,
  options: { scope: RequestScope; status?: RequestStatus; page?: number },
): Promise<{ items: RequestListItem[]; total: number; page: number; pageCount: number }> {
  const scope = options.scope === "all" && !hasCapability(user.role, "dashboard:view") ? "mine" : options.scope;
  const where = {
    ...(scope === "mine" ? { requesterId: user.id } : {}),
    ...(scope === "team" ? { teamId: { in: user.teams.map((t) => t.id) } } : {}),
    ...(options.status ? { status: options.status } : {}),
  };
  const db = deps.db;
  const total = await db.request.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / REQUESTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await db.request.findMany({
    where,
    orderBy: { createdAt: "desc" },
    skip: (page - 1) * REQUESTS_PAGE_SIZE,
    take: REQUESTS_PAGE_SIZE,
    include: { requester: { select: { name: true } }, team: { select: { name: true } } },
  });
  return {
    total,
    page,
    pageCount,
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      status: r.status,
      deploymentName: r.deploymentName,
      accountName: r.accountName,
      location: r.location,
      modelName: r.modelName,
      modelVersion: r.modelVersion,
      skuName: r.skuName,
      capacity: r.capacity,
      requesterName: r.requester.name,
      teamName: r.team.name,
      prNumber: r.prNumber,
      createdAt: r.createdAt,
    })),
  };
}
