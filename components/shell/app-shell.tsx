import Link from "next/link";
import type { ReactNode } from "react";
import { ROLE_LABELS, hasCapability, listNavItems, type UserWithTeams } from "@/lib/auth";
import { signOutAction } from "@/lib/actions";
import { NavLinks, type NavLink } from "./nav-links";
import { ThemeToggle, type Theme } from "./theme-toggle";
import { Disclosure } from "@/components/ui/disclosure";
import { NotificationsMenu } from "@/components/notifications/notifications-menu";
import type { NotificationItem } from "@/lib/read-models";

/** The signed-in frame: brand, the role's navigation, the user menu; collapses to a menu under 1024 px (six entries need the room). */
export function AppShell({
  user,
  counts,
  demo,
  theme,
  notifications,
  children,
}: {
  user: UserWithTeams;
  /** The header's notifications menu (left out when they can't be read). */
  notifications?: { unread: number; items: NotificationItem[] };
  counts?: Record<string, number>;
  demo: boolean;
  theme: Theme;
  children: ReactNode;
}) {
  const links: NavLink[] = listNavItems(user.role).map((i) => ({ href: i.href, label: i.label, count: counts?.[i.href] }));
  const teams = user.teams.map((t) => t.name).join(", ");
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900">
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white dark:bg-indigo-400 dark:text-slate-950">
              MG
            </span>
            ModelGate
          </Link>
          {demo ? (
            <span className="hidden rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 sm:inline dark:bg-amber-900 dark:text-amber-100">
              Demo mode
            </span>
          ) : null}
          <nav aria-label="Main" className="hidden flex-1 lg:block">
            <NavLinks links={links} orientation="row" />
          </nav>
          <div className="ml-auto flex items-center gap-2">
            {notifications ? <NotificationsMenu unread={notifications.unread} items={notifications.items} /> : null}
            <Disclosure
              label="Open user menu"
              buttonClassName="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
              buttonContent={
                <>
                  <span aria-hidden className="grid h-7 w-7 place-items-center rounded-full bg-slate-200 text-xs font-semibold dark:bg-slate-700">
                    {user.name.split(" ").map((p) => p[0]).join("").slice(0, 2)}
                  </span>
                  <span aria-hidden className="hidden sm:inline">{user.name}</span>
                </>
              }
              panelClassName="absolute right-0 mt-2 w-64 rounded-md border border-slate-200 bg-white py-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
            >
              <div className="px-3 pb-2 text-sm">
                <p className="font-medium">{user.name}</p>
                <p className="text-slate-600 dark:text-slate-400">{user.email}</p>
                <p className="mt-1 text-slate-600 dark:text-slate-400">
                  {ROLE_LABELS[user.role]}
                  {teams ? ` · ${teams}` : ""}
                </p>
              </div>
              <div className="border-t border-slate-200 dark:border-slate-700">
                <ThemeToggle initial={theme} />
              </div>
              {hasCapability(user.role, "settings:manage") ? (
                <div className="border-t border-slate-200 px-1 pt-1 dark:border-slate-700">
                  <Link href="/admin/people" className="block rounded px-2 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
                    People and sessions
                  </Link>
                  <Link href="/admin/audit" className="block rounded px-2 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
                    Audit log
                  </Link>
                </div>
              ) : null}
              <form action={signOutAction} className="border-t border-slate-200 px-1 pt-1 dark:border-slate-700">
                <button type="submit" className="w-full rounded px-2 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
                  Sign out
                </button>
              </form>
            </Disclosure>
            <Disclosure
              label="Menu"
              className="relative lg:hidden"
              buttonClassName="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
              buttonContent="Menu"
              panelClassName="absolute right-0 mt-2 w-60 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
            >
              <nav aria-label="Main (mobile)">
                <NavLinks links={links} orientation="column" />
              </nav>
            </Disclosure>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
