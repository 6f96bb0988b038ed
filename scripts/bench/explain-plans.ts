/**
 * The benchmark's EXPLAIN rows: the requests list's and the approval queue's SQL, built by the same functions
 * the pages call (lib/read-models), planned and run with EXPLAIN (ANALYZE) on the benchmark's database at its
 * biggest size. Each row says which scans of `requests` the plan made (index or sequential), whether a sort
 * had to read the whole scope first, how many rows of requests it read, and how long it took. Run through
 * scripts/bench/explain.ts.
 */
import "server-only";
import path from "node:path";
import { DEMO_PERSONAS, findUserWithTeams, openDatabase, Prisma, type UserWithTeams } from "@/lib/db";
import { buildRequestCountQuery, buildRequestPageQuery, listBranches, queueQueries, QUEUE_PAGE_SIZE, REQUESTS_COUNT_CAP, REQUESTS_PAGE_SIZE } from "@/lib/read-models";
import { OPEN_PR_STATUSES } from "@/lib/requests/client";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Sort Method"?: string;
  Plans?: PlanNode[];
}

export interface ExplainRow {
  query: string;
  /** Each scan of requests: "Index Scan using …", "Seq Scan", … */
  scans: string[];
  seqScan: boolean;
  /** Rows of requests the plan read (found plus thrown away by filters). */
  rowsRead: number;
  ms: number;
}

const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];
const onRequests = (n: PlanNode) => n["Relation Name"] === "requests" || /^requests_/.test(n["Index Name"] ?? "");

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
      const rows =
        "text" in sql && !(sql instanceof Prisma.Sql)
          ? await db.prisma.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql.text}`, ...sql.values)
          : await db.prisma.$queryRaw<{ "QUERY PLAN": unknown }[]>(Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${sql as Prisma.Sql}`);
      const raw = rows[0]["QUERY PLAN"];
      const top = ((typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode; "Execution Time": number }[])[0];
      const nodes = nodesOf(top.Plan);
      const scans = nodes.filter(onRequests).map((n) => `${n["Node Type"]}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""}`);
      const rowsRead = nodes.filter(onRequests).reduce((sum, n) => sum + ((n["Node Type"] === "Bitmap Heap Scan" ? 0 : (n["Actual Rows"] ?? 0)) + (n["Rows Removed by Filter"] ?? 0)) * (n["Actual Loops"] ?? 1), 0);
      return { query, scans: [...new Set(scans)], seqScan: scans.some((s) => s.startsWith("Seq Scan")), rowsRead, ms: Math.round(top["Execution Time"] * 10) / 10 };
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
    const pending = await db.prisma.request.count({ where: { status: { in: [...OPEN_PR_STATUSES] } } });
    return { requests: total, pending, rows };
  } finally {
    await db.close();
  }
}

