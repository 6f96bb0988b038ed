"use server";
import { forbidden, redirect } from "next/navigation";
import { z } from "zod";
import { entraLogoutUrl, getCurrentUser, requireCapability, safeNextPath, signInAsDemoPerson, signOut, signOutPerson } from "@/lib/auth";
import { getConfig } from "@/lib/env";

const DemoSignInSchema = z.object({ userId: z.uuid(), next: z.string().optional() });
const UserIdSchema = z.object({ userId: z.uuid() });

/**
 * Demo sign-in as one of the demo people. Refused (403) whenever sign-in is not the demo kind — production
 * mode, or demo mode with MODELGATE_SIGNIN=entra — however the request was made: the page not offering the
 * form is not the protection, this check is.
 */
export async function signInAsDemoPersonaAction(formData: FormData): Promise<void> {
  if (getConfig().signIn.kind !== "demo") forbidden();
  const parsed = DemoSignInSchema.safeParse({ userId: formData.get("userId"), next: formData.get("next") ?? undefined });
  if (!parsed.success) redirect("/signin?error=invalid");
  if (!(await signInAsDemoPerson(parsed.data.userId))) redirect("/signin?error=unknown-user");
  redirect(safeNextPath(parsed.data.next));
}

/** Ends the ModelGate session; after an Entra ID sign-in, also signs out at Entra ID. */
export async function signOutAction(): Promise<void> {
  const method = await signOut(await getCurrentUser());
  if (method === "entra" && getConfig().signIn.kind === "entra") redirect(entraLogoutUrl());
  redirect("/signin");
}

/** Admin only: ends every session of a person; they must sign in again on their next request. */
export async function signOutPersonAction(formData: FormData): Promise<void> {
  const admin = await requireCapability("settings:manage");
  const parsed = UserIdSchema.safeParse({ userId: formData.get("userId") });
  if (!parsed.success) redirect("/admin/people?error=invalid");
  if (!(await signOutPerson(admin, parsed.data.userId))) redirect("/admin/people?error=invalid");
  redirect("/admin/people?signedOut=1");
}
