/**
 * The queue's server actions refuse anyone who may not decide with a real 403 (Next's forbidden()), whatever
 * they post, and change nothing. The signed-in user and the process's dependencies are swapped for test ones.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { UserWithTeams } from "@/lib/db";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";

const current: { user: UserWithTeams | null; t: TestDatabase | null } = { user: null, t: null };

vi.mock("@/lib/auth", async () => {
  const roles = await import("@/lib/auth/roles");
  const { redirect } = await import("next/navigation");
  return {
    ...roles,
    getCurrentUser: async () => current.user,
    requireUser: async () => current.user ?? redirect("/signin"),
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/server", async () => {
  const { DEFAULT_SETTINGS } = await import("@/lib/requests");
  const refuse = new Proxy({}, { get: () => () => Promise.reject(new Error("GitHub and Azure must not be called in this test")) });
  return {
    getServerContext: async () => ({
      db: current.t!.db.prisma,
      gitops: refuse,
      azure: refuse,
      settings: { ...DEFAULT_SETTINGS, mergeMethod: "squash", forbidSameTeam: true },
      wakeJobs: () => undefined,
    }),
  };
});

const { approveRequestAction, rejectRequestAction, requestChangesAction } = await import("./queue-actions");

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("queue actions", () => {
  beforeAll(async () => {
    current.t = await openTestDatabase();
  }, 60_000);
  afterAll(async () => current.t?.close());
  beforeEach(() => (current.user = null));

  it("a Requester posting to the approve action directly gets 403 and nothing changes", async () => {
    const t = current.t!;
    const r = await insertTestRequest(t, { requester: "marcus", prNumber: 4242 });
    current.user = t.users.priya;
    const fields = { requestId: r.id, expectedVersion: String(r.version), comment: "x" };
    for (const action of [approveRequestAction, requestChangesAction, rejectRequestAction]) {
      const error = await action({}, form(fields)).then(
        () => null,
        (e: { digest?: string }) => e,
      );
      expect(error?.digest).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    }
    // Signed out: sent to sign in, nothing decided.
    current.user = null;
    expect((await approveRequestAction({}, form(fields)).catch((e: { digest?: string }) => e)) as { digest?: string }).toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/signin/) });
    const after = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: true } });
    expect(after.status).toBe("awaiting_approval");
    expect(after.events).toHaveLength(0);
  });

  it("an admin deciding their own request gets 403 too (separation of duties on the server)", async () => {
    const t = current.t!;
    const own = await insertTestRequest(t, { requester: "sam", prNumber: 4243 });
    current.user = t.users.sam;
    const error = await rejectRequestAction({}, form({ requestId: own.id, expectedVersion: String(own.version), comment: "mine" })).catch((e: { digest?: string }) => e);
    expect((error as { digest?: string }).digest).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    expect((await t.db.prisma.request.findUniqueOrThrow({ where: { id: own.id } })).status).toBe("awaiting_approval");
  });

  it("an approver gets a clear message, not a crash, for a missing comment or a stale form", async () => {
    const t = current.t!;
    const r = await insertTestRequest(t, { requester: "priya", prNumber: 4244 });
    current.user = t.users.alex;
    expect(await rejectRequestAction({}, form({ requestId: r.id, expectedVersion: String(r.version), comment: "  " }))).toMatchObject({ ok: false, message: expect.stringMatching(/Say why you reject/) });
    expect(await approveRequestAction({}, form({ requestId: "not-a-uuid", expectedVersion: "0" }))).toMatchObject({ ok: false, message: expect.stringMatching(/out of date/) });
    const stale = await requestChangesAction({}, form({ requestId: r.id, expectedVersion: String(r.version + 5), comment: "please change" }));
    expect(stale).toMatchObject({ ok: false, message: expect.stringMatching(/changed since you loaded the page/) });
  });
});
