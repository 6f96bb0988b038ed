import Link from "next/link";
import { z } from "zod";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, type AuditFilter } from "@/lib/audit";
import { requireCapability } from "@/lib/auth";
import { readAuditLog } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Audit log" };

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const day = z.preprocess(one, z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined));
/** Filters from the address; anything malformed is dropped rather than failing the page. */
const AuditParamsSchema = z.object({
  action: z.preprocess(one, z.enum(AUDIT_ACTIONS).optional().catch(undefined)),
  actor: z.preprocess(one, z.string().trim().max(100).optional().catch(undefined)),
  target: z.preprocess(one, z.string().trim().max(100).optional().catch(undefined)),
  from: day,
  to: day,
  page: z.preprocess(one, z.coerce.number().int().min(1).max(100_000).optional().catch(undefined)),
});

function toDate(value: string | undefined, plusDays = 0): Date | undefined {
  if (!value) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireCapability("settings:manage", "/admin/audit");
  const params = AuditParamsSchema.parse(await searchParams);
  const filter: AuditFilter = {
    action: params.action,
    actor: params.actor || undefined,
    targetId: params.target || undefined,
    from: toDate(params.from),
    to: toDate(params.to, 1),
    page: params.page,
  };
  const { rows, total } = await readAuditLog(await getServerContext(), user, filter);
  const page = params.page ?? 1;
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const pageHref = (n: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params, page: n > 1 ? String(n) : undefined })) if (v) q.set(k, String(v));
    return `/admin/audit${q.size ? `?${q}` : ""}`;
  };
  const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900";

  return (
    <>
      <PageHeader title="Audit log" description="Every sign-in, decision, override, cancellation and admin action, newest first. Entries can't be changed or deleted." />
      <form method="get" className="mb-6 grid gap-3 rounded-lg border border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-6 dark:border-slate-800">
        <label className="text-sm font-medium">
          Action
          <select name="action" defaultValue={params.action ?? ""} className={field}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          Person
          <input name="actor" defaultValue={params.actor ?? ""} className={field} placeholder="Name" />
        </label>
        <label className="text-sm font-medium">
          Target id
          <input name="target" defaultValue={params.target ?? ""} className={field} placeholder="Request or user id" />
        </label>
        <label className="text-sm font-medium">
          From (UTC)
          <input type="date" name="from" defaultValue={params.from ?? ""} className={field} />
        </label>
        <label className="text-sm font-medium">
          To (UTC)
          <input type="date" name="to" defaultValue={params.to ?? ""} className={field} />
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className="rounded-md bg-indigo-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 dark:bg-indigo-500">
            Filter
          </button>
          <Link href="/admin/audit" className="rounded-md px-3 py-1.5 text-sm underline">
            Clear
          </Link>
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState title="No entries">Nothing in the audit log matches these filters.</EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
            {total} entr{total === 1 ? "y" : "ies"}, page {page} of {pages}
          </p>
          <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
            <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
              <caption className="sr-only">Audit log entries</caption>
              <thead className="bg-slate-50 text-left dark:bg-slate-900">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">When (UTC)</th>
                  <th scope="col" className="px-3 py-2 font-medium">Who</th>
                  <th scope="col" className="px-3 py-2 font-medium">Action</th>
                  <th scope="col" className="px-3 py-2 font-medium">What</th>
                  <th scope="col" className="px-3 py-2 font-medium">From</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td className="whitespace-nowrap px-3 py-2">{when.format(r.at)}</td>
                    <td className="px-3 py-2">
                      {r.actorName}
                      {r.actorRole ? <span className="block text-slate-600 dark:text-slate-400">{r.actorRole}</span> : null}
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
                    <td className="px-3 py-2">
                      {r.summary}
                      {r.targetId ? <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">{r.targetType} {r.targetId}</span> : null}
                    </td>
                    <td className="px-3 py-2 text-xs text-slate-600 dark:text-slate-400">
                      {r.ipAddress ?? "—"}
                      {r.httpRequestId ? <span className="block font-mono">{r.httpRequestId}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? (
            <nav aria-label="Pages" className="mt-4 flex gap-3 text-sm">
              {page > 1 ? <Link href={pageHref(page - 1)} className="underline">Newer</Link> : null}
              {page < pages ? <Link href={pageHref(page + 1)} className="underline">Older</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
