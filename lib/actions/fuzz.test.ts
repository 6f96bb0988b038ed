/**
 * Fuzzes every server action's fields (fast-check, bounded runs): whatever is posted, an action answers
 * with a state or one of Next's interrupts (403, redirect) — never an unexpected exception (a 500 to the
 * browser) and never a message that carries a stack trace.
 */
import fc from "fast-check";
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
    signInAsDemoPerson: async () => null,
    signOut: async () => "demo",
    signOutPerson: async () => null,
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/server", async () => {
  const { DEFAULT_SETTINGS } = await import("@/lib/requests");
  const unavailable = new Proxy({}, { get: () => () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })) });
  return {
    getServerContext: async () => ({
      db: current.t!.db.prisma,
      gitops: unavailable,
      azure: unavailable,
      settings: { ...DEFAULT_SETTINGS, forbidSameTeam: true },
      wakeJobs: () => undefined,
    }),
  };
});

const actions = await import("./index");

const NASTY = ["__proto__", "constructor", "", " ", "\u0000", "a\u0000b", "-1", "0x10", "1e9", "NaN", "Infinity", "9".repeat(30), "x".repeat(6000), "\u202eevil", "<script>alert(1)</script>", "' OR 1=1 --", "../../", "00000000-0000-0000-0000-000000000000", "------------------------------------", "on", "create", "change", "decommission"];
const value = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 50 }), fc.string({ unit: "binary", maxLength: 30 }), fc.integer().map(String));

const FIELDS: Record<string, string[]> = {
  submitRequestAction: ["action", "account", "teamId", "deploymentName", "modelName", "modelVersion", "skuName", "capacity", "versionUpgradeOption", "raiPolicyName", "justification", "submissionKey"],
  cancelRequestAction: ["requestId", "reason"],
  reviseRequestAction: ["requestId", "expectedVersion", "action", "account", "teamId", "deploymentName", "modelName", "modelVersion", "skuName", "capacity", "versionUpgradeOption", "raiPolicyName", "justification", "submissionKey"],
  retryRequestAction: ["requestId", "expectedVersion"],
  deleteInAzureAction: ["requestId", "expectedVersion", "confirmName"],
  markNotificationsReadAction: ["ids"],
  saveNotificationSettingsAction: ["kinds", "decision:inApp", "decision:email", "failure:inApp"],
  approveRequestAction: ["requestId", "expectedVersion", "number", "expectedHeadSha", "overrideFailedChecks", "overrideReason"],
  requestChangesAction: ["requestId", "expectedVersion", "number", "comment"],
  rejectRequestAction: ["requestId", "expectedVersion", "number", "comment"],
  signOutPersonAction: ["userId"],
  signInAsDemoPersonaAction: ["userId", "next"],
  signOutAction: [],
};

function isNextInterrupt(e: unknown): boolean {
  const digest = (e as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;"));
}

describe("server action fuzz", () => {
  let requestId = "";
  beforeAll(async () => {
    current.t = await openTestDatabase();
    requestId = (await insertTestRequest(current.t, { requester: "priya", prNumber: 6160 })).id;
  }, 60_000);
  afterAll(async () => current.t?.close());

  it("covers every exported action", () => {
    const exported = Object.entries(actions).filter(([n, v]) => typeof v === "function" && n.endsWith("Action")).map(([n]) => n);
    expect(exported.sort()).toEqual(Object.keys(FIELDS).sort());
  });

  for (const [name, fields] of Object.entries(FIELDS)) {
    it(`${name}: random fields never throw an unexpected error or show a stack trace`, async () => {
      const action = (actions as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
      const who = fc.constantFrom(null, "priya", "marcus", "alex", "sam");
      const record = fc.record(Object.fromEntries(fields.map((f) => [f, fc.option(f === "requestId" ? fc.oneof(fc.constant(requestId), value) : value, { nil: undefined })])));
      const extra = fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), value), { maxLength: 2 });
      await fc.assert(
        fc.asyncProperty(who, record, extra, async (user, fieldValues, extras) => {
          current.user = user ? current.t!.users[user] : null;
          const form = new FormData();
          for (const [k, v] of Object.entries(fieldValues)) if (v !== undefined) form.append(k, v as string);
          for (const [k, v] of extras) form.append(k, v);
          let state: unknown;
          try {
            state = name.endsWith("PersonAction") || name === "signInAsDemoPersonaAction" ? await action(form) : name === "signOutAction" ? await action() : await action({}, form);
          } catch (e) {
            if (isNextInterrupt(e)) return;
            throw e;
          }
          expect(JSON.stringify(state ?? {})).not.toMatch(/\n\s+at |\.ts:\d+|Prisma|Invalid `/);
        }),
        { numRuns: 40, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false, seed: 1426 },
      );
    }, 60_000);
  }
});
