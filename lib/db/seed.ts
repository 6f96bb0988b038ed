import type { PrismaClient } from "./generated/client";

/** Demo teams (the seeded deployments in the emulators belong to Search and Support). */
export const DEMO_TEAMS = [
  { slug: "search", name: "Search" },
  { slug: "support", name: "Support" },
  { slug: "platform", name: "Platform" },
] as const;

/**
 * One demo person per role, two Requesters in different teams, and a second Approver outside the Platform team
 * (so requests of the Platform team, e.g. an admin's, can be decided too).
 */
export const DEMO_PERSONAS = [
  { email: "priya.shah@contoso.example", name: "Priya Shah", role: "requester", teams: ["search"] },
  { email: "marcus.lee@contoso.example", name: "Marcus Lee", role: "requester", teams: ["support"] },
  { email: "alex.kim@contoso.example", name: "Alex Kim", role: "approver", teams: ["platform"] },
  { email: "jordan.ng@contoso.example", name: "Jordan Ng", role: "approver", teams: [] },
  { email: "dana.fox@contoso.example", name: "Dana Fox", role: "manager", teams: [] },
  { email: "sam.rivera@contoso.example", name: "Sam Rivera", role: "admin", teams: ["platform"] },
] as const;

/** Creates the demo teams and personas if missing; leaves everything else alone. */
export async function seedDemoData(prisma: PrismaClient): Promise<void> {
  const teamIds = new Map<string, string>();
  for (const t of DEMO_TEAMS) {
    const team = await prisma.team.upsert({ where: { slug: t.slug }, update: {}, create: { slug: t.slug, name: t.name } });
    teamIds.set(t.slug, team.id);
  }
  for (const p of DEMO_PERSONAS) {
    const user = await prisma.user.upsert({
      where: { email: p.email },
      update: {},
      create: { email: p.email, name: p.name, role: p.role },
    });
    for (const slug of p.teams) {
      const teamId = teamIds.get(slug)!;
      await prisma.membership.upsert({
        where: { userId_teamId: { userId: user.id, teamId } },
        update: {},
        create: { userId: user.id, teamId },
      });
    }
  }
}
