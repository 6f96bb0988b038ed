import Link from "next/link";
import { MarkReadButton } from "@/components/notifications/mark-read-button";
import { NotificationList } from "@/components/notifications/notification-list";
import { NotificationSettingsForm } from "@/components/notifications/notification-settings-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth";
import { getConfig } from "@/lib/env";
import { loadNotificationsPage } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requireUser("/notifications");
  const page = await loadNotificationsPage(await getServerContext(), user);
  const demoMail = getConfig().notifications.demoMailbox !== null;
  return (
    <>
      <PageHeader
        title="Notifications"
        description="What happened to your requests, and what waits for you. ModelGate also sends them by e-mail (and to the platform's chat channel) as set up by your platform team."
        actions={demoMail ? <Link href="/notifications/mail" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">Demo mailbox</Link> : undefined}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <div className="mb-2 flex items-center justify-between gap-3">
            <h2 className="text-base font-semibold">
              Latest{page.unread ? <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400">{page.unread} unread</span> : null}
            </h2>
            {page.unread ? <MarkReadButton /> : null}
          </div>
          {page.items.length ? <NotificationList items={page.items} /> : <EmptyState title="No notifications yet">You hear here of decisions, failures and successes of your requests, or of requests waiting for you.</EmptyState>}
        </Card>
        <Card>
          <h2 className="mb-3 text-base font-semibold">What you get</h2>
          <NotificationSettingsForm settings={page.settings} emailOn={page.emailOn} />
        </Card>
      </div>
    </>
  );
}
