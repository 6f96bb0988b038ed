import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";
import { loadStartTips } from "./start-tips";

describe("the start page's two lines", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  }, 60_000);
  afterAll(async () => t?.close());

  it("tell each demo person what they can try, from what the world holds", async () => {
    const deps = { db: t.db.prisma };
    for (const who of ["priya", "alex", "dana", "sam"]) expect(await loadStartTips(deps, t.users[who])).toHaveLength(2);
    expect((await loadStartTips(deps, t.users.alex))[0]).toMatch(/queue is empty/);
    await insertTestRequest(t, { requester: "priya", status: "awaiting_approval", checkStatus: "failure" });
    await insertTestRequest(t, { requester: "priya", status: "awaiting_approval", deploymentName: "search-waiting", submittedAt: new Date() });
    const failed = await insertTestRequest(t, { requester: "priya", status: "failed", deploymentName: "search-broken", completedAt: new Date() });
    expect((await loadStartTips(deps, t.users.alex))[0]).toBe("2 requests wait in the approval queue (1 with failing checks): approve, request changes or reject — never your own.");
    const priya = await loadStartTips(deps, t.users.priya);
    expect(priya[0]).toMatch(/for Search/);
    expect(priya[1]).toMatch(new RegExp(`#${failed.number} \\(search-broken\\) failed in Azure`));
    expect((await loadStartTips(deps, t.users.dana))[0]).toMatch(/^Quota dashboard/);
  });
});
