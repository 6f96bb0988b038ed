import "server-only";
import { prisma, type PrismaClient } from "@/lib/db";
import type { EntraIdentity } from "./entra-claims";

/** A team's slug from its name, the way the demo teams are keyed ("Fraud Detection" → "fraud-detection"). */
export function teamSlug(name: string): string {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "team"
  );
}

export type ProvisionResult = { ok: true; userId: string } | { ok: false; reason: "account-conflict" };

/**
 * Creates or updates the user an Entra ID sign-in names, keyed by object id: name, e-mail, role and team
 * memberships follow the token at every sign-in. A demo person with the same e-mail is taken over only in
 * demo mode (the Entra ID emulator's people are the demo people); in production an e-mail already used by
 * another Entra ID account is refused, because an e-mail address is not proof of identity.
 */
export async function provisionEntraUser(
  db: PrismaClient,
  identity: EntraIdentity,
  options: { linkByEmail: boolean },
): Promise<ProvisionResult> {
  return db.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { entraObjectId: identity.oid } });
    const sameEmail = await tx.user.findUnique({ where: { email: identity.email } });
    if (!user && sameEmail) {
      if (!options.linkByEmail || sameEmail.entraObjectId) return { ok: false as const, reason: "account-conflict" as const };
      user = sameEmail;
    }
    // Someone else's row holds this e-mail (a renamed account): keep the old address rather than fail.
    const email = sameEmail && user && sameEmail.id !== user.id ? user.email : identity.email;
    const saved = user
      ? await tx.user.update({ where: { id: user.id }, data: { name: identity.name, email, role: identity.role, entraObjectId: identity.oid } })
      : await tx.user.create({ data: { name: identity.name, email: identity.email, role: identity.role, entraObjectId: identity.oid } });

    const teamIds: string[] = [];
    for (const name of identity.teams) {
      const team = await tx.team.upsert({ where: { slug: teamSlug(name) }, update: {}, create: { slug: teamSlug(name), name } });
      teamIds.push(team.id);
    }
    await tx.membership.deleteMany({ where: { userId: saved.id, teamId: { notIn: teamIds } } });
    for (const teamId of teamIds) {
      await tx.membership.upsert({ where: { userId_teamId: { userId: saved.id, teamId } }, update: {}, create: { userId: saved.id, teamId } });
    }
    return { ok: true as const, userId: saved.id };
  });
}

/** The user an Entra ID object id belongs to, if ModelGate knows them. */
export async function findUserIdByEntraObjectId(oid: string): Promise<string | undefined> {
  const user = await (await prisma()).user.findUnique({ where: { entraObjectId: oid }, select: { id: true } });
  return user?.id;
}
