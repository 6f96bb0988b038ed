import "server-only";
import type { UserWithTeams } from "@/lib/db";
import { listCaughtMail, listNotifications, loadNotificationSettings, type CaughtMail, type NotificationItem, type NotificationSetting } from "@/lib/notify";
import type { DomainDeps } from "@/lib/requests";

export type { CaughtMail, NotificationItem, NotificationSetting };

/** The signed-in person's newest notifications and unread count (the header's menu). */
export async function loadNotificationsMenu(deps: Pick<DomainDeps, "db">, user: UserWithTeams) {
  return listNotifications(deps.db, user, { take: 8 });
}

/** The notifications page: the person's notifications and which kinds they get in the app and by e-mail. */
export async function loadNotificationsPage(deps: Pick<DomainDeps, "db" | "settings">, user: UserWithTeams) {
  const [list, settings] = await Promise.all([listNotifications(deps.db, user, { take: 50 }), loadNotificationSettings(deps.db, user)]);
  return { ...list, settings, emailOn: deps.settings.notifications.smtp !== null };
}

/** The demo's mailbox: what the local mail catcher received (demo mode only; null elsewhere), or why it can't be read. */
export async function loadDemoMailbox(webUrl: string | null, options: { to?: string } = {}): Promise<{ messages: CaughtMail[] } | { error: string } | null> {
  if (!webUrl) return null;
  try {
    return { messages: await listCaughtMail(webUrl, options) };
  } catch (e) {
    return { error: `The demo's mail catcher could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}
