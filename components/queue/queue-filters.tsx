import { buttonClass } from "@/components/ui/button";
import { filterOptions, SelectField } from "@/components/ui/select-field";

export interface QueueFilterValues {
  account?: string;
  team?: string;
  model?: string;
  status?: string;
  sort?: string;
}

const STATUS_OPTIONS = filterOptions("Any pending", [
  { value: "awaiting_approval", label: "Awaiting approval" },
  { value: "changes_requested", label: "Changes requested" },
  { value: "approved", label: "Approved, not merged" },
]);
const SORT_OPTIONS = [
  { value: "age", label: "Oldest first" },
  { value: "impact", label: "Quota impact" },
];

/** Filters and sort of the queue as a plain GET form (works without JavaScript, shareable URLs). */
export function QueueFilters({ values, facets }: { values: QueueFilterValues; facets: { accounts: string[]; teams: { slug: string; name: string }[]; models: string[] } }) {
  return (
    <form method="get" action="/queue" className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6 dark:border-slate-800 dark:bg-slate-900">
      <SelectField id="queue-account" name="account" label="Account" defaultValue={values.account ?? ""} options={filterOptions("All accounts", facets.accounts)} />
      <SelectField id="queue-team" name="team" label="Team" defaultValue={values.team ?? ""} options={filterOptions("All teams", facets.teams.map((t) => ({ value: t.slug, label: t.name })))} />
      <SelectField id="queue-model" name="model" label="Model" defaultValue={values.model ?? ""} options={filterOptions("All models", facets.models)} />
      <SelectField id="queue-status" name="status" label="Status" defaultValue={values.status ?? ""} options={STATUS_OPTIONS} />
      <SelectField id="queue-sort" name="sort" label="Sort by" defaultValue={values.sort ?? "age"} options={SORT_OPTIONS} />
      <div className="flex items-end">
        <button type="submit" className={buttonClass("secondary", "w-full")}>
          Apply
        </button>
      </div>
    </form>
  );
}
