import { buttonClass } from "@/components/ui/button";

export interface QueueFilterValues {
  account?: string;
  team?: string;
  model?: string;
  status?: string;
  sort?: string;
}

const SELECT = "mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950";

/** Filters and sort of the queue as a plain GET form (works without JavaScript, shareable URLs). */
export function QueueFilters({ values, facets }: { values: QueueFilterValues; facets: { accounts: string[]; teams: { slug: string; name: string }[]; models: string[] } }) {
  return (
    <form method="get" action="/queue" className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6 dark:border-slate-800 dark:bg-slate-900">
      <label className="text-sm font-medium">
        Account
        <select name="account" defaultValue={values.account ?? ""} className={SELECT}>
          <option value="">All accounts</option>
          {facets.accounts.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Team
        <select name="team" defaultValue={values.team ?? ""} className={SELECT}>
          <option value="">All teams</option>
          {facets.teams.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Model
        <select name="model" defaultValue={values.model ?? ""} className={SELECT}>
          <option value="">All models</option>
          {facets.models.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Status
        <select name="status" defaultValue={values.status ?? ""} className={SELECT}>
          <option value="">Any pending</option>
          <option value="awaiting_approval">Awaiting approval</option>
          <option value="changes_requested">Changes requested</option>
          <option value="approved">Approved, not merged</option>
        </select>
      </label>
      <label className="text-sm font-medium">
        Sort by
        <select name="sort" defaultValue={values.sort ?? "age"} className={SELECT}>
          <option value="age">Oldest first</option>
          <option value="impact">Quota impact</option>
        </select>
      </label>
      <div className="flex items-end">
        <button type="submit" className={buttonClass("secondary", "w-full")}>
          Apply
        </button>
      </div>
    </form>
  );
}
