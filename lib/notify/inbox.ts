import "server-only";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import { RefusedError } from "@/lib/requests";
import { isNotificationKind, kindsForRole, NOTIFICATION_KINDS, type NotificationKind } from "./kinds";

/** One notification as the menu and the notifications page show it. */
export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  url: string | null;
  createdAt: Date;
  read: boolean;
}

/** A person's newest notifications and how many are unread. */
export async function listNotifications(db: PrismaClient, user: Pick<UserWithTeams, "id">, options: { take?: number } = {}): Promise<{ items: NotificationItem[]; unread: number }> {
  const [rows, unread] = await Promise.all([
    db.notification.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: options.take ?? 10 }),
    db.notification.count({ where: { userId: user.id, readAt: null } }),
  ]);
  return { items: rows.map((n) => ({ id: n.id.toString(), kind: n.kind, title: n.title, body: n.body, url: n.url, createdAt: n.createdAt, read: n.readAt !== null })), unread };
}

/** Marks the person's notifications read: the given ones, or all of them. Only ever their own. */
export async function markNotificationsRead(db: PrismaClient, user: Pick<UserWithTeams, "id">, ids: "all" | string[]): Promise<number> {
  const where = ids === "all" ? { userId: user.id, readAt: null } : { userId: user.id, readAt: null, id: { in: ids.filter((i) => /^\d{1,18}$/.test(i)).map((i) => BigInt(i)) } };
  const { count } = await db.notification.updateMany({ where, data: { readAt: new Date() } });
  return count;
}

/** One kind's setting for a person. */
export interface NotificationSetting {
  kind: NotificationKind;
  label: string;
  description: string;
  inApp: boolean;
  email: boolean;
}

/** The kinds this person can receive, each with whether it is on in the app and by e-mail. */
export async function loadNotificationSettings(db: PrismaClient, user: Pick<UserWithTeams, "id" | "role">): Promise<NotificationSetting[]> {
  const prefs = await db.notificationPreference.findMany({ where: { userId: user.id } });
  return kindsForRole(user.role).map((kind) => {
    const p = prefs.find((x) => x.kind === kind);
    return { kind, label: NOTIFICATION_KINDS[kind].label, description: NOTIFICATION_KINDS[kind].description, inApp: p?.inApp ?? true, email: p?.email ?? true };
  });
}

/** Saves which kinds a person gets in the app and by e-mail (kinds not given stay as they were). */
export async function saveNotificationSettings(db: PrismaClient, user: Pick<UserWithTeams, "id" | "role">, settings: { kind: string; inApp: boolean; email: boolean }[]): Promise<void> {
  const allowed = new Set<string>(kindsForRole(user.role));
  const bad = settings.find((s) => !isNotificationKind(s.kind) || !allowed.has(s.kind));
  if (bad) throw new RefusedError(`"${bad.kind}" is not a kind of notification you receive.`);
  await db.$transaction(
    settings.map((s) =>
      db.notificationPreference.upsert({
        where: { userId_kind: { userId: user.id, kind: s.kind } },
        update: { inApp: s.inApp, email: s.email },
        create: { userId: user.id, kind: s.kind, inApp: s.inApp, email: s.email },
      }),
    ),
  );
}
