import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/auth";
import { getConfig } from "@/lib/env";

/** Every page inside needs a signed-in user; pages add their own role checks. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const saved = (await cookies()).get("theme")?.value;
  const theme = saved === "light" || saved === "dark" ? saved : "system";
  return (
    <AppShell user={user} demo={getConfig().mode === "demo"} theme={theme}>
      {children}
    </AppShell>
  );
}
