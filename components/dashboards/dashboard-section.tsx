import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/** A dashboard section: its heading, what it shows, a "Download CSV" of its table, then its chart and table. */
export function DashboardSection({ id, title, description, csvHref, children }: { id: string; title: string; description?: ReactNode; csvHref?: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-20 space-y-4">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          {description ? <div className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{description}</div> : null}
        </div>
        {csvHref ? <DownloadCsvLink href={csvHref} describedBy={`${id}-title`} /> : null}
      </div>
      {children}
    </section>
  );
}

/** The link every dashboard table has: the same rows as CSV, through a route that checks the same role. */
export function DownloadCsvLink({ href, describedBy }: { href: string; describedBy?: string }) {
  return (
    <a href={href} download aria-describedby={describedBy} className={buttonClass("secondary", "self-start whitespace-nowrap sm:self-auto")}>
      Download CSV
    </a>
  );
}

/** A figure with its label, for the summary tiles at the top of a dashboard. */
export function StatTile({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-xl font-semibold">{value}</dd>
      {hint ? <dd className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">{hint}</dd> : null}
    </div>
  );
}
