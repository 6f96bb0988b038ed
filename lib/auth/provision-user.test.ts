import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/test/test-db";
import { provisionEntraUser, teamSlug } from "./provision-user";

describe("provisionEntraUser", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  }, 120_000);
  afterAll(() => t?.close());

  it("creates a user with role and teams, then follows the token's changes at the next sign-in", async () => {
    const prisma = t.db.prisma;
    const first = await provisionEntraUser(prisma, { oid: "oid-new", name: "Ana New", email: "ana@contoso.example", role: "requester", teams: ["Search", "Fraud Detection"] }, { linkByEmail: false });
    expect(first.ok).toBe(true);
    const userId = first.ok ? first.userId : "";
    let user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, include: { memberships: { include: { team: true } } } });
    expect(user).toMatchObject({ role: "requester", entraObjectId: "oid-new", email: "ana@contoso.example" });
    expect(user.memberships.map((m) => m.team.slug).sort()).toEqual(["fraud-detection", "search"]);

    const again = await provisionEntraUser(prisma, { oid: "oid-new", name: "Ana Renamed", email: "ana.r@contoso.example", role: "approver", teams: ["Platform"] }, { linkByEmail: false });
    expect(again).toEqual({ ok: true, userId });
    user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, include: { memberships: { include: { team: true } } } });
    expect(user).toMatchObject({ role: "approver", name: "Ana Renamed", email: "ana.r@contoso.example" });
    expect(user.memberships.map((m) => m.team.slug)).toEqual(["platform"]);
  });

  it("takes over the demo person with the same e-mail only when told to (demo mode)", async () => {
    const prisma = t.db.prisma;
    const identity = { oid: "oid-marcus", name: "Marcus Lee", email: "marcus.lee@contoso.example", role: "requester" as const, teams: ["Support"] };
    expect(await provisionEntraUser(prisma, identity, { linkByEmail: false })).toEqual({ ok: false, reason: "account-conflict" });
    expect(await provisionEntraUser(prisma, identity, { linkByEmail: true })).toEqual({ ok: true, userId: t.users.marcus.id });
    // Another Entra ID account with that address can't take it over, even in demo mode.
    expect(await provisionEntraUser(prisma, { ...identity, oid: "oid-other" }, { linkByEmail: true })).toEqual({ ok: false, reason: "account-conflict" });
  });

  it("makes team slugs the way the demo teams are keyed", () => {
    expect(teamSlug("Search")).toBe("search");
    expect(teamSlug("Fraud Detection / EU")).toBe("fraud-detection-eu");
    expect(teamSlug("!!!")).toBe("team");
  });
});
