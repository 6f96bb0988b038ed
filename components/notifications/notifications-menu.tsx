import Link from "next/link";
import { Disclosure } from "@/components/ui/disclosure";
import type { NotificationItem } from "@/lib/read-models";
import { MarkReadButton } from "./mark-read-button";
import { NotificationList } from "./notification-list";

function Bell() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The header's notifications menu: a bell with the unread count, the newest notifications, mark all read. */
export function NotificationsMenu({ unread, items }: { unread: number; items: NotificationItem[] }) {
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <Disclosure
      label={label}
      buttonClassName="relative flex items-center rounded-md p-2 text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
      buttonContent={
        <>
          <Bell />
          {unread > 0 ? (
            <span data-testid="unread-count" className="absolute -right-0.5 -top-0.5 min-w-[1.25rem] rounded-full bg-indigo-600 px-1 text-center text-[11px] font-semibold leading-5 text-white dark:bg-indigo-400 dark:text-slate-950">
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </>
      }
      // Under 640 px the panel spans the screen below the header (the bell is not at the right edge there).
      panelClassName="fixed inset-x-2 top-14 z-50 rounded-md border border-slate-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:right-0 sm:top-auto sm:mt-2 sm:w-[22rem] dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2 dark:border-slate-700">
        <p className="text-sm font-semibold">Notifications</p>
        {unread > 0 ? <MarkReadButton /> : null}
      </div>
      {items.length ? (
        <div className="max-h-[60vh] overflow-y-auto">
          <NotificationList items={items} compact />
        </div>
      ) : (
        <p className="px-3 py-4 text-sm text-slate-600 dark:text-slate-400">Nothing yet. You hear here of what happens to your requests (or what waits for you).</p>
      )}
      <div className="border-t border-slate-200 px-3 py-2 dark:border-slate-700">
        <Link href="/notifications" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          All notifications and settings
        </Link>
      </div>
    </Disclosure>
  );
}
