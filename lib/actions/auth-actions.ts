"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getSession } from "@/lib/auth/session";
import { safeNextPath } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { getConfig } from "@/lib/env";

const DemoSignInSchema = z.object({ userId: z.uuid(), next: z.string().optional() });

/** Demo mode only: signs in as one of the demo personas. */
export async function signInAsDemoPersonaAction(formData: FormData): Promise<void> {
  if (getConfig().mode !== "demo") throw new Error("Demo sign-in is only available in demo mode.");
  const parsed = DemoSignInSchema.safeParse({ userId: formData.get("userId"), next: formData.get("next") ?? undefined });
  if (!parsed.success) redirect("/signin?error=invalid");
  const user = await (await prisma()).user.findUnique({ where: { id: parsed.data.userId } });
  if (!user) redirect("/signin?error=unknown-user");
  const session = await getSession();
  session.userId = user.id;
  session.issuedAt = Date.now();
  await session.save();
  redirect(safeNextPath(parsed.data.next));
}

/** Ends the session. */
export async function signOutAction(): Promise<void> {
  const session = await getSession();
  session.destroy();
  redirect("/signin");
}
