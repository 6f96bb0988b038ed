/**
 * Managers read; they change nothing. Every server action ModelGate has (except signing in and out) answers a
 * Manager with a real 403 whatever they post, and nothing is written. New actions are covered as they are added.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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
    signInAsDemoPerson: async () => false,
    signOut: async () => undefined,
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/server", async () => {
  const { DEFAULT_SETTINGS } = await import("@/lib/requests");
  const refuse = new Proxy({}, { get: () => () => Promise.reject(new Error("GitHub and Azure must not be called in this test")) });
  return {
    getServerContext: async () => ({ db: current.t!.db.prisma, gitops: refuse, azure: refuse, settings: { ...DEFAULT_SETTINGS, forbidSameTeam: true }, wakeJobs: () => undefined }),
  };
});

const actions = await import("./index");

describe("a Manager", () => {
  beforeAll(async () => {
    current.t = await openTestDatabase();
  }, 60_000);
  afterAll(async () => current.t?.close());

  it("gets 403 from every action that changes something, and nothing changes", async () => {
    const t = current.t!;
    const r = await insertTestRequest(t, { requester: "marcus", prNumber: 77 });
    current.user = t.users.dana;
    const fields: Record<string, string> = {
      requestId: r.id,
      expectedVersion: String(r.version),
      comment: "Looks fine to me.",
      reason: "Not needed",
      action: "create",
      account: "contoso-openai-aue",
      teamId: t.users.marcus.teams[0].id,
      deploymentName: "manager-made",
      modelName: "gpt-4o-mini",
      modelVersion: "2024-07-18",
      skuName: "GlobalStandard",
      capacity: "1",
      justification: "A manager trying to change something.",
      submissionKey: "manager-key-0001",
    };
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    // Signing in and out, and a person's own notifications (marking them read, choosing which to get), are everyone's.
    const personal = /^sign(In|Out)|^markNotificationsRead|^saveNotificationSettings/;
    const mutating = Object.entries(actions).filter(([name, fn]) => name.endsWith("Action") && typeof fn === "function" && !personal.test(name));
    expect(mutating.map(([name]) => name)).toEqual(expect.arrayContaining(["submitRequestAction", "cancelRequestAction", "approveRequestAction", "rejectRequestAction", "requestChangesAction"]));
    for (const [name, action] of mutating) {
      const outcome = await (action as (s: object, f: FormData) => Promise<unknown>)({}, form).then(
        (state) => ({ state }),
        (e: { digest?: string }) => ({ digest: e.digest }),
      );
      expect(outcome, name).toEqual({ digest: "NEXT_HTTP_ERROR_FALLBACK;403" });
    }
    const after = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: true } });
    expect(after.status).toBe("awaiting_approval");
    expect(after.events).toHaveLength(0);
    expect(await t.db.prisma.request.count()).toBe(1);
    expect(await t.db.prisma.outboxJob.count()).toBe(0);
  });
});
