import { INVENTORY_STATUS_LABELS, type InventoryStatus } from "@/lib/sync";

const TONES: Record<InventoryStatus, string> = {
  in_sync: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  drift: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  missing: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  unmanaged: "bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100",
  deploying: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

/** Desired-vs-actual status of one deployment, in the inventory's words. */
export function InventoryStatusBadge({ status }: { status: InventoryStatus }) {
  return <span className={`inline-flex whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ${TONES[status]}`}>{INVENTORY_STATUS_LABELS[status]}</span>;
}
