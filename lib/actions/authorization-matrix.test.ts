/**
 * The authorisation matrix of every server action: each action × signed out / each role / a member of
 * another team → what the server answers. Table-driven, so a new action can't be forgotten: the test fails
 * when lib/actions exports an action the table doesn't list.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { UserWithTeams } from "@/lib/db";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";

const current: { user: UserWithTeams | null; t: TestDatabase | null } = { user: null, t: null };

vi.mock("@/lib/auth", async () => {
  const roles = await import("@/lib/auth/roles");
  const { forbidden, redirect } = await import("next/navigation");
  return {
    ...roles,
    getCurrentUser: async () => current.user,
    requireUser: async () => current.user ?? redirect("/signin"),
    requireCapability: async (capability: Parameters<typeof roles.hasCapability>[1]) => {
      const user = current.user;
      if (!user) return redirect("/signin");
      if (!roles.hasCapability(user.role, capability)) forbidden();
      return user;
    },
    entraLogoutUrl: () => "https://login.example/logout",
    // Session effects are the session tests' business; here only who may call what.
    signInAsDemoPerson: async (id: string) => current.t!.users[Object.keys(current.t!.users).find((k) => current.t!.users[k].id === id) ?? ""] ?? null,
    signOut: async () => "demo",
    signOutPerson: async () => "someone",
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/server", async () => {
  const { DEFAULT_SETTINGS } = await import("@/lib/requests");
  const refuse = new Proxy({}, { get: () => () => Promise.reject(new Error("GitHub and Azure are not reached in this test")) });
  return {
    getServerContext: async () => ({
      db: current.t!.db.prisma,
      gitops: refuse,
      azure: refuse,
      settings: { ...DEFAULT_SETTINGS, forbidSameTeam: true },
      wakeJobs: () => undefined,
    }),
  };
});

const actions = await import("./index");

type Who = "signed out" | "priya" | "marcus" | "alex" | "dana" | "sam";
/** What the server does: sends to sign-in, refuses with 403, or runs the action (its own answer follows). */
type Outcome = "signin" | 403 | "runs";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return "runs";
  } catch (e) {
    const digest = (e as { digest?: string }).digest ?? "";
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return 403;
    if (/^NEXT_REDIRECT;.*\/signin/.test(digest)) return "signin";
    if (digest.startsWith("NEXT_REDIRECT")) return "runs"; // ran and redirected somewhere else
    throw e;
  }
}

describe("server action authorisation matrix", () => {
  let priyasRequest: { id: string; version: number };

  beforeAll(async () => {
    current.t = await openTestDatabase();
    priyasRequest = await insertTestRequest(current.t, { requester: "priya", prNumber: 5150 });
  }, 60_000);
  afterAll(async () => current.t?.close());

  const userOf = (who: Who) => (who === "signed out" ? null : current.t!.users[who]);

  // Every action: how to call it (against Priya's request, of team Search), and the answer for each caller.
  // Marcus (Support) is "another team's member" for Priya's request.
  const MATRIX: Record<string, { call: () => Promise<unknown>; expect: Record<Who, Outcome> }> = {
    submitRequestAction: {
      call: () => actions.submitRequestAction({}, form({ action: "create", account: "none", teamId: current.t!.users.priya.teams[0].id, deploymentName: "x", justification: "for the matrix test", submissionKey: "matrix-key-1" })),
      expect: { "signed out": "signin", priya: "runs", marcus: 403, alex: 403, dana: 403, sam: "runs" },
    },
    cancelRequestAction: {
      call: () => actions.cancelRequestAction({}, form({ requestId: priyasRequest.id })),
      expect: { "signed out": "signin", priya: "runs", marcus: 403, alex: 403, dana: 403, sam: "runs" },
    },
    approveRequestAction: {
      call: () => actions.approveRequestAction({}, form({ requestId: priyasRequest.id, expectedVersion: "999" })),
      expect: { "signed out": "signin", priya: 403, marcus: 403, alex: "runs", dana: 403, sam: "runs" },
    },
    requestChangesAction: {
      call: () => actions.requestChangesAction({}, form({ requestId: priyasRequest.id, expectedVersion: "999", comment: "matrix" })),
      expect: { "signed out": "signin", priya: 403, marcus: 403, alex: "runs", dana: 403, sam: "runs" },
    },
    rejectRequestAction: {
      call: () => actions.rejectRequestAction({}, form({ requestId: priyasRequest.id, expectedVersion: "999", comment: "matrix" })),
      expect: { "signed out": "signin", priya: 403, marcus: 403, alex: "runs", dana: 403, sam: "runs" },
    },
    reviseRequestAction: {
      call: () =>
        actions.reviseRequestAction(
          {},
          form({ requestId: priyasRequest.id, expectedVersion: "999", action: "create", account: "none", teamId: current.t!.users.priya.teams[0].id, deploymentName: "x", justification: "for the matrix test", submissionKey: "matrix-key-2" }),
        ),
      expect: { "signed out": "signin", priya: "runs", marcus: 403, alex: 403, dana: 403, sam: "runs" },
    },
    retryRequestAction: {
      call: () => actions.retryRequestAction({}, form({ requestId: priyasRequest.id, expectedVersion: "999" })),
      expect: { "signed out": "signin", priya: "runs", marcus: 403, alex: 403, dana: 403, sam: "runs" },
    },
    deleteInAzureAction: {
      call: () => actions.deleteInAzureAction({}, form({ requestId: priyasRequest.id, expectedVersion: "999", confirmName: "x" })),
      expect: { "signed out": "signin", priya: 403, marcus: 403, alex: 403, dana: 403, sam: "runs" },
    },
    // Only ever the caller's own notifications and settings: everyone signed in may.
    markNotificationsReadAction: {
      call: () => actions.markNotificationsReadAction({}, form({})),
      expect: { "signed out": "signin", priya: "runs", marcus: "runs", alex: "runs", dana: "runs", sam: "runs" },
    },
    saveNotificationSettingsAction: {
      call: () => actions.saveNotificationSettingsAction({}, form({ kinds: "decision", "decision:inApp": "on" })),
      expect: { "signed out": "signin", priya: "runs", marcus: "runs", alex: "runs", dana: "runs", sam: "runs" },
    },
    signOutPersonAction: {
      call: () => actions.signOutPersonAction(form({ userId: current.t!.users.priya.id })),
      expect: { "signed out": "signin", priya: 403, marcus: 403, alex: 403, dana: 403, sam: "runs" },
    },
    signOutAction: {
      call: () => actions.signOutAction(),
      expect: { "signed out": "signin", priya: "signin", marcus: "signin", alex: "signin", dana: "signin", sam: "signin" },
    },
    signInAsDemoPersonaAction: {
      // Anyone may pick a demo person in demo mode (production refuses it: e2e/production-sign-in.spec.ts).
      call: () => actions.signInAsDemoPersonaAction(form({ userId: current.t!.users.dana.id, next: "/" })),
      expect: { "signed out": "runs", priya: "runs", marcus: "runs", alex: "runs", dana: "runs", sam: "runs" },
    },
  };

  it("lists every server action lib/actions exports", () => {
    const exported = Object.entries(actions).filter(([name, v]) => typeof v === "function" && name.endsWith("Action")).map(([name]) => name);
    expect(exported.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [name, row] of Object.entries(MATRIX)) {
    for (const who of Object.keys(row.expect) as Who[]) {
      it(`${name} × ${who} → ${row.expect[who]}`, async () => {
        current.user = userOf(who);
        const before = await current.t!.db.prisma.request.findUniqueOrThrow({ where: { id: priyasRequest.id }, select: { status: true, version: true } });
        const outcome = await outcomeOf(row.call);
        expect(outcome).toBe(row.expect[who]);
        if (outcome !== "runs") {
          // Refused: nothing changed.
          const after = await current.t!.db.prisma.request.findUniqueOrThrow({ where: { id: priyasRequest.id }, select: { status: true, version: true } });
          expect(after).toEqual(before);
        }
      });
    }
  }
});
