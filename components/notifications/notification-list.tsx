import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { NotificationItem } from "@/lib/read-models";

/** Notifications, newest first; unread ones are marked (in words for screen readers, a dot for the eye). */
export function NotificationList({ items, compact = false }: { items: NotificationItem[]; compact?: boolean }) {
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="notification-list">
      {items.map((n) => (
        <li key={n.id} className={`flex gap-3 ${compact ? "px-3 py-2.5" : "py-3"}`} data-testid="notification" data-read={n.read ? "true" : "false"}>
          <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.read ? "bg-transparent" : "bg-indigo-500"}`} />
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium [overflow-wrap:anywhere]">
              {n.read ? null : <span className="sr-only">Unread: </span>}
              {n.url ? (
                <Link href={n.url} className="hover:underline">
                  {n.title}
                </Link>
              ) : (
                n.title
              )}
            </p>
            <p className={`mt-0.5 text-sm text-slate-700 [overflow-wrap:anywhere] dark:text-slate-300 ${compact ? "line-clamp-2" : ""}`}>{n.body}</p>
            <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
              <LocalTime iso={n.createdAt.toISOString()} />
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
