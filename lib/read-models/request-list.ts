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

export interface RequestListOptions {
  scope: RequestScope;
  status?: RequestStatus;
  /** Keyset cursor: the page of requests older than request #before (in list order). */
  before?: number;
  /** Keyset cursor: the page of requests newer than request #after. */
  after?: number;
}

export interface RequestListPage {
  items: RequestListItem[];
  /** How many requests the scope and filter match, counted up to REQUESTS_COUNT_CAP. */
  total: number;
  /** True when there are more than REQUESTS_COUNT_CAP ("1,000+"). */
  totalCapped: boolean;
  /** Cursor of the next newer page (`after`), or null on the newest page. */
  newer: number | null;
  /** Cursor of the next older page (`before`), or null on the oldest page. */
  older: number | null;
  /** The scope actually used (a role without "all" gets "mine"). */
  scope: RequestScope;
}

export const REQUESTS_PAGE_SIZE = 25;
/** Counting stops here, so the list costs the same at 50,000 requests as at 1,000. */
export const REQUESTS_COUNT_CAP = 1000;

// A statement and its positional parameters.
interface Sql {
  text: string;
  values: unknown[];
}

/** One index range: equality on the scope's column and/or the status, then (created_at, number) order. */
interface Branch {
  column?: "requester_id" | "team_id";
  id?: string;
  status?: RequestStatus;
}

// A status filter the user reads as one state covers the stored statuses shown under the same label.
const STATUS_GROUPS: Partial<Record<RequestStatus, RequestStatus[]>> = { deploying: ["merged", "deploying"] };

/**
 * The index ranges a list reads: the user's own requests, each of their teams, or all; times each stored
 * status of the filter. Each range is served by one index in (created_at, number) order, so a page is a
 * bounded index scan per range (merged in SQL) instead of a sort of the whole history.
 */
export function listBranches(user: Pick<UserWithTeams, "id" | "teams">, scope: RequestScope, status?: RequestStatus): Branch[] {
  const owners: Branch[] = scope === "mine" ? [{ column: "requester_id", id: user.id }] : scope === "team" ? user.teams.map((t) => ({ column: "team_id" as const, id: t.id })) : [{}];
  if (!status) return owners;
  const statuses = STATUS_GROUPS[status] ?? [status];
  return owners.flatMap((o) => statuses.map((s) => ({ ...o, status: s })));
}

const COLUMNS = `r.id, r.number, r.kind::text AS kind, r.status::text AS status, r.deployment_name, r.account_name, r.location, r.model_name,
  r.model_version, r.sku_name, r.capacity, r.requester_id, r.team_id, r.pr_number, r.created_at`;

function branchWhere(b: Branch, values: unknown[]): string[] {
  const where: string[] = [];
  if (b.column) {
    values.push(b.id);
    where.push(`r.${b.column} = $${values.length}::uuid`);
  }
  if (b.status) {
    values.push(b.status);
    where.push(`r.status = $${values.length}::"RequestStatus"`);
  }
  return where;
}

/**
 * The SQL of one page: per branch an index range scan from the cursor, LIMIT'ed, then merged and joined to
 * the requester's and team's names. `direction` "older" reads newest first below the cursor, "newer" reads
 * oldest first above it (the caller reverses). Exported so a test can EXPLAIN exactly what the page runs.
 */
export function buildRequestPageQuery(branches: Branch[], cursor: { createdAt: Date; number: number } | null, direction: "older" | "newer", limit: number): Sql {
  const values: unknown[] = [];
  const order = direction === "older" ? "DESC" : "ASC";
  const parts = branches.map((b) => {
    const where = branchWhere(b, values);
    if (cursor) {
      values.push(cursor.createdAt, cursor.number);
      where.push(`(r.created_at, r.number) ${direction === "older" ? "<" : ">"} ($${values.length - 1}::timestamptz, $${values.length}::int)`);
    }
    return `(SELECT ${COLUMNS} FROM requests r${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY r.created_at ${order}, r.number ${order} LIMIT ${limit})`;
  });
  const page = parts.length === 1 ? parts[0] : `(SELECT * FROM (${parts.join(" UNION ALL ")}) b ORDER BY b.created_at ${order}, b.number ${order} LIMIT ${limit})`;
  return {
    text: `SELECT p.*, u.name AS requester_name, t.name AS team_name FROM ${page} p
      JOIN users u ON u.id = p.requester_id JOIN teams t ON t.id = p.team_id
      ORDER BY p.created_at ${order}, p.number ${order}`,
    values,
  };
}

/** The SQL counting a list up to `cap` rows: each branch stops at the cap, so it never reads all of history. */
export function buildRequestCountQuery(branches: Branch[], cap: number): Sql {
  const values: unknown[] = [];
  const parts = branches.map((b) => {
    const where = branchWhere(b, values);
    return `(SELECT 1 FROM requests r${where.length ? ` WHERE ${where.join(" AND ")}` : ""} LIMIT ${cap + 1})`;
  });
  return { text: `SELECT count(*)::int AS n FROM (${parts.join(" UNION ALL ")}) c`, values };
}

interface PageRow {
  id: string;
  number: number;
  kind: RequestListItem["kind"];
  status: RequestStatus;
  deployment_name: string;
  account_name: string;
  location: string;
  model_name: string;
  model_version: string;
  sku_name: string;
  capacity: number;
  pr_number: number | null;
  created_at: Date;
  requester_name: string;
  team_name: string;
}

async function readPage(db: PrismaClient, branches: Branch[], cursor: { createdAt: Date; number: number } | null, direction: "older" | "newer", limit: number): Promise<PageRow[]> {
  const q = buildRequestPageQuery(branches, cursor, direction, limit);
  return db.$queryRawUnsafe<PageRow[]>(q.text, ...q.values);
}

/**
 * One page of requests the user may see in the given scope ("all" needs a role that reviews or reports),
 * newest first. Keyset pages (`before`/`after` a request number) over indexes on (…, created_at, number):
 * a page costs the same whether the history holds 100 or 50,000 requests.
 */
export async function listRequests(deps: { db: PrismaClient }, user: UserWithTeams, options: RequestListOptions): Promise<RequestListPage> {
  const scope = options.scope === "all" && !hasCapability(user.role, "dashboard:view") ? "mine" : options.scope;
  const db = deps.db;
  const branches = listBranches(user, scope, options.status);
  if (branches.length === 0) return { items: [], total: 0, totalCapped: false, newer: null, older: null, scope };
  const anchorNumber = options.before ?? options.after;
  const anchor =
    anchorNumber !== undefined && Number.isSafeInteger(anchorNumber) && anchorNumber > 0
      ? await db.request.findUnique({ where: { number: anchorNumber }, select: { createdAt: true, number: true } })
      : null;
  const direction = anchor && options.before === undefined ? "newer" : "older";
  const count = buildRequestCountQuery(branches, REQUESTS_COUNT_CAP);
  const [rows, counted] = await Promise.all([
    readPage(db, branches, anchor, direction, REQUESTS_PAGE_SIZE + 1),
    db.$queryRawUnsafe<{ n: number }[]>(count.text, ...count.values),
  ]);
  const more = rows.length > REQUESTS_PAGE_SIZE;
  const pageRows = rows.slice(0, REQUESTS_PAGE_SIZE);
  if (direction === "newer") pageRows.reverse();
  let newer: number | null = null;
  let older: number | null = null;
  if (pageRows.length) {
    const first = pageRows[0];
    const last = pageRows[pageRows.length - 1];
    if (direction === "older") {
      older = more ? last.number : null;
      // Below a cursor there is something newer exactly when a row sits above the page's first one.
      newer = anchor ? ((await readPage(db, branches, { createdAt: first.created_at, number: first.number }, "newer", 1)).length ? first.number : null) : null;
    } else {
      newer = more ? first.number : null;
      older = (await readPage(db, branches, { createdAt: last.created_at, number: last.number }, "older", 1)).length ? last.number : null;
    }
  }
  const n = counted[0]?.n ?? 0;
  return {
    scope,
    total: Math.min(n, REQUESTS_COUNT_CAP),
    totalCapped: n > REQUESTS_COUNT_CAP,
    newer,
    older,
    items: pageRows.map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      status: r.status,
      deploymentName: r.deployment_name,
      accountName: r.account_name,
      location: r.location,
      modelName: r.model_name,
      modelVersion: r.model_version,
      skuName: r.sku_name,
      capacity: r.capacity,
      requesterName: r.requester_name,
      teamName: r.team_name,
      prNumber: r.pr_number,
      createdAt: r.created_at,
    })),
  };
}
