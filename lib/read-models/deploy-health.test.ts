/**
 * The approval queue's deploy-health warning: an account whose newest followed deploy failed is named, one that
 * deployed since is not; its query reads a row per account whatever the history (EXPLAIN on PGlite, and on
 * PostgreSQL when TEST_DATABASE_URL is set).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainQuery, rowsRead } from "@/lib/db";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";
import { lastFollowedDeployQuery, listAccountDeployFailures } from "./deploy-health";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

for (const engine of ["PGlite", "PostgreSQL"] as const) {
  const skip = engine === "PostgreSQL" && !process.env.TEST_DATABASE_URL;
  describe.skipIf(skip)(`accounts whose last deploy failed, on ${engine}`, { timeout: 180_000 }, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase({ postgres: engine === "PostgreSQL" });
    }, 120_000);
    afterAll(async () => t?.close());

    it("names an account whose newest merged request failed, not one that deployed since, and only to approvers", async () => {
      const merged = (accountName: string, status: "succeeded" | "failed", completedAt: Date, lastError?: string) =>
        insertTestRequest(t, { accountName, status, completedAt, mergeCommitSha: `sha-${Math.random()}`, lastError });
      // aue: failed, then a later success → healthy. swc: succeeded, then failed → warned.
      await merged("contoso-openai-aue", "failed", minutesAgo(30), "InsufficientQuota");
      await merged("contoso-openai-aue", "succeeded", minutesAgo(10));
      await merged("contoso-openai-swc", "succeeded", minutesAgo(40));
      const failed = await merged("contoso-openai-swc", "failed", minutesAgo(20), "The deploy failed on a conflict.");
      // Neither a rejection (never merged) nor a finished request without a merge counts as a deploy.
      await insertTestRequest(t, { accountName: "contoso-openai-swc", status: "rejected", completedAt: minutesAgo(1) });
      await insertTestRequest(t, { accountName: "contoso-openai-eus", status: "failed", completedAt: minutesAgo(1), lastError: "The PR could not be opened." });

      const warned = await listAccountDeployFailures({ db: t.db.prisma }, t.users.alex);
      expect([...warned.keys()]).toEqual(["contoso-openai-swc"]);
      expect(warned.get("contoso-openai-swc")).toMatchObject({ requestId: failed.id, requestNumber: failed.number, deploymentName: failed.deploymentName, reason: "The deploy failed on a conflict." });
      // A requester never sees the queue's warning.
      expect((await listAccountDeployFailures({ db: t.db.prisma }, t.users.priya)).size).toBe(0);
    });

    it("reads a few rows per account through an index, however long the history", async () => {
      const measure = async () => {
        const { nodes } = await explainQuery(t.db.prisma, lastFollowedDeployQuery());
        expect(nodes.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "requests")).toEqual([]);
        return rowsRead(nodes, "requests");
      };
      const addHistory = async (n: number) => {
        const base = await insertTestRequest(t, { status: "succeeded", mergeCommitSha: "old" });
        const { id: _id, number: _n, createdAt: _c, updatedAt: _u, ...template } = base;
        for (let done = 0; done < n; done += 5000) {
          const batch = Array.from({ length: Math.min(5000, n - done) }, (_, i) => ({
            ...template,
            previous: undefined,
            change: { op: "add" },
            accountName: ["contoso-openai-aue", "contoso-openai-swc", "contoso-openai-eus"][i % 3],
            deploymentName: `old-${done + i}`,
            completedAt: new Date(Date.now() - 86_400_000 * 30 - (done + i) * 1000),
          }));
          await t.db.prisma.request.createMany({ data: batch });
        }
        await t.db.prisma.$executeRawUnsafe("ANALYZE requests");
      };
      await addHistory(1_000);
      const small = await measure();
      await addHistory(9_000);
      const large = await measure();
      console.log(`[deploy health EXPLAIN ${engine}] rows of requests read with 1,000 vs 10,000 finished requests: ${small} / ${large}`);
      expect(large).toBe(small);
      expect(small).toBeLessThan(50);
    });
  });
}
