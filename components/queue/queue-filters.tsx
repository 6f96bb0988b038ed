import { buttonClass } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";

export interface QueueFilterValues {
  account?: string;
  team?: string;
  model?: string;
  status?: string;
  sort?: string;
}

/** Filters and sort of the queue as a plain GET form (works without JavaScript, shareable URLs). */
export function QueueFilters({ values, facets }: { values: QueueFilterValues; facets: { accounts: string[]; teams: { slug: string; name: string }[]; models: string[] } }) {
  return (
    <form method="get" action="/queue" className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6 dark:border-slate-800 dark:bg-slate-900">
      <SelectField id="queue-account" name="account" label="Account" defaultValue={values.account ?? ""}>
        <option value="">All accounts</option>
        {facets.accounts.map((a) => (
          <option key={a}>{a}</option>
        ))}
      </SelectField>
      <SelectField id="queue-team" name="team" label="Team" defaultValue={values.team ?? ""}>
        <option value="">All teams</option>
        {facets.teams.map((t) => (
          <option key={t.slug} value={t.slug}>
            {t.name}
          </option>
        ))}
      </SelectField>
      <SelectField id="queue-model" name="model" label="Model" defaultValue={values.model ?? ""}>
        <option value="">All models</option>
        {facets.models.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </SelectField>
      <SelectField id="queue-status" name="status" label="Status" defaultValue={values.status ?? ""}>
        <option value="">Any pending</option>
        <option value="awaiting_approval">Awaiting approval</option>
        <option value="changes_requested">Changes requested</option>
        <option value="approved">Approved, not merged</option>
      </SelectField>
      <SelectField id="queue-sort" name="sort" label="Sort by" defaultValue={values.sort ?? "age"}>
        <option value="age">Oldest first</option>
        <option value="impact">Quota impact</option>
      </SelectField>
      <div className="flex items-end">
        <button type="submit" className={buttonClass("secondary", "w-full")}>
          Apply
        </button>
      </div>
    </form>
  );
}
