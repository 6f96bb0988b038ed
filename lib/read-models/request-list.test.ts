/**
 * The requests list at scale: keyset pages walk the whole history without gaps or repeats in both
 * directions, counts stop at the cap, and EXPLAIN shows every list (all, mine, team; with and without a
 * status filter; first and later pages) reading a bounded index range in list order — no sequential scan
 * and no sort of the history. On PostgreSQL when TEST_DATABASE_URL is set, else on PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestStatus } from "@/lib/requests";
import { seedRequestHistory } from "@/test/seed-scale";
import { openTestDatabase, type TestDatabase } from "@/test/test-db";
import { buildRequestCountQuery, buildRequestPageQuery, listBranches, listRequests, REQUESTS_COUNT_CAP, REQUESTS_PAGE_SIZE, type RequestScope } from "./request-list";

const HISTORY = 10_000;
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase({ postgres: true });
  await seedRequestHistory(t.db.sql, { requests: HISTORY });
}, 180_000);

afterAll(async () => t?.close());

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

async function explain(q: { text: string; values: unknown[] }): Promise<PlanNode> {
  // PGlite and node-postgres both take the parameters; EXPLAIN plans the statement as the page runs it.
  const { rows } = await t.db.sql.query<{ "QUERY PLAN": [{ Plan: PlanNode }] | string }>(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values);
  const plan = rows[0]["QUERY PLAN"];
  return (typeof plan === "string" ? JSON.parse(plan) : plan)[0].Plan;
}

/** Every scan of `requests` with the Limit/Sort nodes above it, nearest first. */
function requestScans(node: PlanNode, above: PlanNode[] = []): { scan: PlanNode; above: PlanNode[] }[] {
  const here = node["Relation Name"] === "requests" ? [{ scan: node, above }] : [];
  return [...here, ...(node.Plans ?? []).flatMap((p) => requestScans(p, [node, ...above]))];
}

function describePlan(node: PlanNode, depth = 0): string {
  const self = `${"  ".repeat(depth)}${node["Node Type"]}${node["Relation Name"] ? ` on ${node["Relation Name"]}` : ""}${node["Index Name"] ? ` using ${node["Index Name"]}` : ""}`;
  return [self, ...(node.Plans ?? []).map((p) => describePlan(p, depth + 1))].join("\n");
}

/** Each scan of requests is an index scan cut off by a LIMIT directly (no sort of what it read in between). */
function expectBoundedIndexScans(plan: PlanNode, indexPrefix: string, label: string) {
  const scans = requestScans(plan);
  const text = `${label}:\n${describePlan(plan)}`;
  expect(scans.length, text).toBeGreaterThan(0);
  for (const { scan, above } of scans) {
    expect(["Index Scan", "Index Only Scan"], text).toContain(scan["Node Type"]);
    expect(scan["Index Name"], text).toMatch(new RegExp(`^${indexPrefix}`));
    const cut = above.find((n) => n["Node Type"] === "Limit" || n["Node Type"] === "Sort" || n["Node Type"] === "Incremental Sort");
    expect(cut?.["Node Type"], text).toBe("Limit");
  }
}

describe("requests list at scale", () => {
  it("walks every request of a scope once, newest first, with Older and back with Newer", async () => {
    const sam = t.users.sam; // admin, and the requester of a share of the history
    const seen: number[] = [];
    const scope = { scope: "mine" as const, status: "rejected" as const };
    let page = await listRequests({ db: t.db.prisma }, sam, scope);
    expect(page.newer).toBeNull();
    const pages = [page];
    while (page.older !== null) {
      seen.push(...page.items.map((i) => i.number));
      page = await listRequests({ db: t.db.prisma }, sam, { ...scope, before: page.older });
      pages.push(page);
    }
    seen.push(...page.items.map((i) => i.number));
    const mine = await t.db.prisma.request.findMany({ where: { requesterId: sam.id, status: "rejected" }, orderBy: [{ createdAt: "desc" }, { number: "desc" }], select: { number: true } });
    expect(pages.length).toBeGreaterThan(3);
    expect(seen).toEqual(mine.map((r) => r.number));
    expect(pages.every((p) => p.items.length <= REQUESTS_PAGE_SIZE)).toBe(true);
    // And back: Newer from the last page gives the page before it, exactly.
    const last = pages[pages.length - 1];
    const back = await listRequests({ db: t.db.prisma }, sam, { ...scope, after: last.newer! });
    expect(back.items.map((i) => i.number)).toEqual(pages[pages.length - 2].items.map((i) => i.number));
    expect(back.older).toBe(last.items.length ? pages[pages.length - 2].older : null);
  });

  it("filters by status (Deploying includes merged) and counts up to the cap", async () => {
    const dana = t.users.dana; // manager: sees all
    const all = await listRequests({ db: t.db.prisma }, dana, { scope: "all" });
    expect(all.totalCapped).toBe(true);
    expect(all.total).toBe(REQUESTS_COUNT_CAP);
    const deploying = await listRequests({ db: t.db.prisma }, dana, { scope: "all", status: "deploying" });
    const stored = await t.db.prisma.request.count({ where: { status: { in: ["merged", "deploying"] } } });
    expect(deploying.total).toBe(Math.min(stored, REQUESTS_COUNT_CAP));
    expect(new Set(deploying.items.map((i) => i.status))).toEqual(new Set(["merged", "deploying"]));
    const failed = await listRequests({ db: t.db.prisma }, dana, { scope: "all", status: "failed" });
    expect(failed.items.every((i) => i.status === "failed")).toBe(true);
    expect(failed.items.map((i) => i.createdAt.getTime())).toEqual([...failed.items.map((i) => i.createdAt.getTime())].sort((a, b) => b - a));
  });

  it("gives a requester's 'all' the requester's own list, and a team list only the team's requests", async () => {
    const priya = t.users.priya;
    const all = await listRequests({ db: t.db.prisma }, priya, { scope: "all" });
    expect(all.scope).toBe("mine");
    const team = await listRequests({ db: t.db.prisma }, priya, { scope: "team" });
    expect(team.items.length).toBe(REQUESTS_PAGE_SIZE);
    expect(new Set(team.items.map((i) => i.teamName))).toEqual(new Set(priya.teams.map((x) => x.name)));
  });

  const scopes: { scope: RequestScope; who: string; index: string }[] = [
    { scope: "all", who: "dana", index: "requests_created_at_number_idx" },
    { scope: "mine", who: "priya", index: "requests_requester_id_" },
    { scope: "team", who: "sam", index: "requests_team_id_" },
  ];
  const filters: (RequestStatus | undefined)[] = [undefined, "awaiting_approval", "failed"];

  for (const { scope, who, index } of scopes) {
    for (const status of filters) {
      it(`EXPLAIN: ${scope}${status ? ` + ${status}` : ""} reads an index in list order, first and later pages`, async () => {
        const user = t.users[who];
        const branches = listBranches(user, scope, status);
        const wanted = status && scope === "all" ? "requests_status_created_at_number_idx" : status ? index.replace(/_$/, "_status_") : index;
        expectBoundedIndexScans(await explain(buildRequestPageQuery(branches, null, "older", REQUESTS_PAGE_SIZE + 1)), wanted, "first page");
        const middle = await t.db.prisma.request.findFirstOrThrow({ where: { number: Math.floor(HISTORY / 2) }, select: { createdAt: true, number: true } });
        expectBoundedIndexScans(await explain(buildRequestPageQuery(branches, middle, "older", REQUESTS_PAGE_SIZE + 1)), wanted, "older than the middle");
        expectBoundedIndexScans(await explain(buildRequestPageQuery(branches, middle, "newer", REQUESTS_PAGE_SIZE + 1)), wanted, "newer than the middle");
      });
    }
  }

  it("EXPLAIN: Deploying (merged + deploying, both rare) reads indexes only, in every scope", async () => {
    // Few rows carry these statuses at any time, so the planner may sort the handful it finds; it must
    // still find them through an index, never by reading the table.
    for (const { scope, who } of scopes) {
      const plan = await explain(buildRequestPageQuery(listBranches(t.users[who], scope, "deploying"), null, "older", REQUESTS_PAGE_SIZE + 1));
      for (const { scan } of requestScans(plan)) expect(["Index Scan", "Index Only Scan", "Bitmap Heap Scan"], describePlan(plan)).toContain(scan["Node Type"]);
    }
  });

  it("EXPLAIN: the count stops at the cap in every branch", async () => {
    for (const { scope, who } of scopes) {
      const plan = await explain(buildRequestCountQuery(listBranches(t.users[who], scope, "succeeded"), REQUESTS_COUNT_CAP));
      for (const { above } of requestScans(plan)) expect(above.some((n) => n["Node Type"] === "Limit"), describePlan(plan)).toBe(true);
    }
  });
});
