import { Notice } from "@/components/ui/notice";
import type { SyncStatus } from "@/lib/sync";
import { formatTime } from "./format";

/** How fresh the page is: "status as of HH:MM", and what failed when GitHub or Azure couldn't be read. */
export function SyncStatusNotice({ status }: { status: SyncStatus | null }) {
  if (!status) {
    return (
      <Notice title="Waiting for the first sync">
        ModelGate has not read GitHub and Azure yet. The first pass runs within a minute of start-up; reload then.
      </Notice>
    );
  }
  if (!status.ok) {
    return (
      <Notice tone="warning" title={`Status as of ${formatTime(status.lastSuccessAt)}`}>
        <p>The last sync at {formatTime(status.lastAttemptAt)} could not read everything, so what you see may be out of date. ModelGate keeps trying and catches up when it can.</p>
        <ul className="mt-1 list-disc pl-5">
          {status.errors.slice(0, 5).map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      </Notice>
    );
  }
  return (
    <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="sync-status">
      Status as of {formatTime(status.lastSuccessAt)} (read from GitHub and Azure).
    </p>
  );
}
