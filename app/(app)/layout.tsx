import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { hasCapability, requireUser } from "@/lib/auth";
import { getConfig } from "@/lib/env";
import { countPendingDecisions, loadNotificationsMenu } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

/** Every page inside needs a signed-in user; pages add their own role checks. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const saved = (await cookies()).get("theme")?.value;
  const theme = saved === "light" || saved === "dark" ? saved : "system";
  // The navigation shows how many requests wait for a decision (only to those who decide).
  const counts = hasCapability(user.role, "queue:view") ? { "/queue": await countPendingDecisions(await getServerContext()).catch(() => 0) } : undefined;
  const notifications = await loadNotificationsMenu(await getServerContext(), user).catch(() => undefined);
  return (
    <AppShell user={user} demo={getConfig().mode === "demo"} theme={theme} counts={counts} notifications={notifications}>
      {children}
    </AppShell>
  );
}
