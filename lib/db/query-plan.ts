import { Prisma, type PrismaClient } from "./generated/client";

/** One node of PostgreSQL's EXPLAIN (FORMAT JSON) plan, with what ANALYZE measured. */
export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Sort Method"?: string;
  Plans?: PlanNode[];
}

export interface QueryPlan {
  /** Every node of the plan, depth first. */
  nodes: PlanNode[];
  executionMs: number;
}

const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];

/**
 * Runs a query (Prisma's tagged SQL, or text with $1… values) under EXPLAIN (ANALYZE, FORMAT JSON) and returns the plan PostgreSQL (or PGlite) used, so tests and
 * the benchmark can show which indexes a page's SQL uses and how many rows it reads.
 */
export async function explainQuery(db: PrismaClient, sql: Prisma.Sql | { text: string; values: unknown[] }): Promise<QueryPlan> {
  const rows =
    sql instanceof Prisma.Sql
      ? await db.$queryRaw<{ "QUERY PLAN": unknown }[]>(Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`)
      : await db.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql.text}`, ...sql.values);
  const raw = rows[0]["QUERY PLAN"];
  const top = ((typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode; "Execution Time": number }[])[0];
  return { nodes: nodesOf(top.Plan), executionMs: top["Execution Time"] };
}

/** Nodes that read a table (or one of its indexes, named `<table>_…` as Prisma names them). */
export const nodesOnTable = (nodes: PlanNode[], table: string) => nodes.filter((n) => n["Relation Name"] === table || (n["Index Name"] ?? "").startsWith(`${table}_`));

/**
 * Rows of a table a plan read: what its scans found, including what their filters threw away (a bitmap heap scan
 * fetches the rows its bitmap index scan already counted, so only its filtered-out rows are added).
 */
export const rowsRead = (nodes: PlanNode[], table: string) =>
  Math.round(
    nodesOnTable(nodes, table).reduce((sum, n) => sum + ((n["Node Type"] === "Bitmap Heap Scan" ? 0 : (n["Actual Rows"] ?? 0)) + (n["Rows Removed by Filter"] ?? 0)) * (n["Actual Loops"] ?? 1), 0),
  );
