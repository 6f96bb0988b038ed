/**
 * The benchmark's EXPLAIN rows: the requests list's and the approval queue's SQL, built by the same functions
 * the pages call (lib/read-models), planned and run with EXPLAIN (ANALYZE) on the benchmark's database at its
 * biggest size. Each row says which scans of `requests` the plan made (index or sequential), whether a sort
 * had to read the whole scope first, how many rows of requests it read, and how long it took. Run through
 * scripts/bench/explain.ts.
 */
import "server-only";
import path from "node:path";
import { DEMO_PERSONAS, explainQuery, findUserWithTeams, nodesOnTable, openDatabase, Prisma, rowsRead, type UserWithTeams } from "@/lib/db";
import {
  buildRequestCountQuery,
  buildRequestPageQuery,
  lastFollowedDeployQuery,
  listBranches,
  queueQueries,
  QUEUE_PAGE_SIZE,
  REQUESTS_COUNT_CAP,
  REQUESTS_PAGE_SIZE,
} from "@/lib/read-models";
import { OPEN_PR_STATUSES } from "@/lib/requests/client";

export interface ExplainRow {
  query: string;
  /** Each scan of requests: "Index Scan using …", "Seq Scan", … */
  scans: string[];
  seqScan: boolean;
  /** Rows of requests the plan read (found plus thrown away by filters). */
  rowsRead: number;
  ms: number;
}

/** EXPLAIN (ANALYZE) of the requests list's and the queue's queries on a ModelGate database (PostgreSQL URL or a demo data folder). */
export async function explainListQueries(target: { url: string } | { dataDir: string }) {
  const db = "url" in target ? await openDatabase({ kind: "postgres", url: target.url }) : await openDatabase({ kind: "pglite", dir: path.join(path.resolve(target.dataDir), "pglite") });
  try {
    await db.prisma.$executeRawUnsafe("ANALYZE requests");
    const total = await db.prisma.request.count();
    const users: Record<string, UserWithTeams> = {};
    for (const p of DEMO_PERSONAS) {
      const u = await db.prisma.user.findUniqueOrThrow({ where: { email: p.email } });
      users[p.name.split(" ")[0].toLowerCase()] = (await findUserWithTeams(db.prisma, u.id))!;
    }
    const run = async (query: string, sql: Prisma.Sql | { text: string; values: unknown[] }): Promise<ExplainRow> => {
      const plan = await explainQuery(db.prisma, sql);
      const scans = nodesOnTable(plan.nodes, "requests").map((n) => `${n["Node Type"]}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""}`);
      return { query, scans: [...new Set(scans)], seqScan: scans.some((s) => s.startsWith("Seq Scan")), rowsRead: rowsRead(plan.nodes, "requests"), ms: Math.round(plan.executionMs * 10) / 10 };
    };
    const middle = await db.prisma.request.findFirst({ where: { number: { gte: Math.floor(total / 2) } }, orderBy: { number: "asc" }, select: { createdAt: true, number: true } });
    const rows: ExplainRow[] = [];
    const page = REQUESTS_PAGE_SIZE + 1;
    rows.push(await run("/requests?scope=all, first page", buildRequestPageQuery(listBranches(users.sam, "all"), null, "older", page)));
    if (middle) rows.push(await run("/requests?scope=all, a page in the middle of history", buildRequestPageQuery(listBranches(users.sam, "all"), middle, "older", page)));
    rows.push(await run("/requests?scope=all&status=awaiting_approval, first page", buildRequestPageQuery(listBranches(users.sam, "all", "awaiting_approval"), null, "older", page)));
    rows.push(await run("/requests?scope=mine (requester), first page", buildRequestPageQuery(listBranches(users.priya, "mine"), null, "older", page)));
    rows.push(await run("/requests?scope=team (requester), first page", buildRequestPageQuery(listBranches(users.priya, "team"), null, "older", page)));
    rows.push(await run("/requests?scope=all, count (capped)", buildRequestCountQuery(listBranches(users.sam, "all"), REQUESTS_COUNT_CAP)));
    const queue = (sort: "age" | "impact", n: number) => queueQueries([...OPEN_PR_STATUSES], { sort }, (n - 1) * QUEUE_PAGE_SIZE, []);
    rows.push(await run("/queue oldest first, page 1", queue("age", 1).pageIds));
    rows.push(await run("/queue oldest first, page 2", queue("age", 2).pageIds));
    rows.push(await run("/queue by quota impact, page 1", queue("impact", 1).pageIds));
    rows.push(await run("/queue count", queue("age", 1).count));
    rows.push(await run("/queue facets (accounts, models)", queue("age", 1).facets));
    rows.push(await run("/queue locations", queue("age", 1).locations));
    rows.push(await run("/queue last deploy per account (deploy-health warning)", lastFollowedDeployQuery()));
    const pending = await db.prisma.request.count({ where: { status: { in: [...OPEN_PR_STATUSES] } } });
    return { requests: total, pending, rows };
  } finally {
    await db.close();
  }
}

