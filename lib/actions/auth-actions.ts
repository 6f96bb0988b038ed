"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { safeNextPath, signInAsDemoPerson, signOut } from "@/lib/auth";
import { getConfig } from "@/lib/env";

const DemoSignInSchema = z.object({ userId: z.uuid(), next: z.string().optional() });

/** Demo mode only: signs in as one of the demo personas. */
export async function signInAsDemoPersonaAction(formData: FormData): Promise<void> {
  if (getConfig().mode !== "demo") throw new Error("Demo sign-in is only available in demo mode.");
  const parsed = DemoSignInSchema.safeParse({ userId: formData.get("userId"), next: formData.get("next") ?? undefined });
  if (!parsed.success) redirect("/signin?error=invalid");
  if (!(await signInAsDemoPerson(parsed.data.userId))) redirect("/signin?error=unknown-user");
  redirect(safeNextPath(parsed.data.next));
}

/** Ends the session. */
export async function signOutAction(): Promise<void> {
  await signOut();
  redirect("/signin");
}
