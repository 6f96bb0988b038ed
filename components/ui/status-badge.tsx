import { STATUS_LABELS, STATUS_TONES, type RequestStatus, type StatusTone } from "@/lib/requests/client";

const TONE_CLASSES: Record<StatusTone, string> = {
  neutral: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  progress: "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
  attention: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  success: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  danger: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

export function StatusBadge({ status }: { status: RequestStatus }) {
  return (
    <span className={`inline-flex whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ${TONE_CLASSES[STATUS_TONES[status]]}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}
