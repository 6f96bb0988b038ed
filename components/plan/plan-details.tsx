import { Table } from "@/components/ui/table";
import { ACTION_LABELS, describeField, describeLifecycle, describePool, describeReason, describeUnrelated, formatUtc, summaryLine, type MergePlan, type PlanChange, type PlanQuotaPool } from "@/lib/plan";

const MUTED = "text-slate-600 dark:text-slate-400";

function changeText(c: PlanChange): string {
  if (c.action === "create" && c.desired) return `${c.desired.model.name} ${c.desired.model.version}, ${c.desired.sku.name} × ${c.desired.sku.capacity}`;
  if (c.action === "modify") return c.fields.length ? c.fields.map(describeField).join(", ") : "written again";
  if (c.action === "delete" && c.current) return `${c.current.model.name} ${c.current.model.version}, ${c.current.sku.name} × ${c.current.sku.capacity}`;
  if (c.action === "keep") return c.keptBecause === "removed-incremental" ? "removed from the file; the deploy keeps it in Azure (incremental)" : "not in the file; the deploy leaves it alone";
  return "";
}

function noteText(c: PlanChange): string {
  if (c.unrelated) return `Not requested: ${describeReason(c)}`;
  if (c.requested) return "Requested";
  return "";
}

/**
 * The plan of a merge, as the queue and the request page show it: the summary line, what else the merge changes
 * and whether the deploy will fail (visible at once), and the details one click away. The data is lib/plan's plain
 * MergePlan, as the review job stored it.
 */
export function PlanDetails({ plan, headSha, idPrefix }: { plan: MergePlan; headSha: string; idPrefix: string }) {
  const unrelated = plan.changes.filter((c) => c.unrelated);
  const failing = plan.quota.filter((p) => p.fits === false);
  const blocking = plan.lifecycle.filter((l) => l.blocking);
  const shown = plan.changes.filter((c) => c.action !== "no-change");
  const same = plan.changes.length - shown.length;
  return (
    <section aria-labelledby={`${idPrefix}-plan`} className="min-w-0 space-y-2 text-sm">
      <p id={`${idPrefix}-plan`}>
        <span className="font-medium">Plan of the merge:</span>{" "}
        <span data-testid="plan-summary" className={plan.needsConfirmation.length ? "font-medium text-amber-800 dark:text-amber-200" : ""}>
          {summaryLine(plan)}
        </span>
      </p>
      {unrelated.length ? (
        <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="plan-unrelated">
          <p className="font-medium">This merge will also change what the request doesn&apos;t ask for:</p>
          <ul className="mt-1 list-disc space-y-1 pl-5 break-words">
            {unrelated.map((c) => (
              <li key={c.name}>{describeUnrelated(c)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {failing.length || blocking.length ? (
        <div className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100" data-testid="plan-fails">
          <p className="font-medium">The deploy will fail{plan.deployFailsAt ? ` at ${plan.deployFailsAt}` : ""}:</p>
          <ul className="mt-1 list-disc space-y-1 pl-5 break-words">
            {failing.map((p) => (
              <li key={p.usageName}>Quota won&apos;t fit: {describePool(p)}</li>
            ))}
            {blocking.map((l) => (
              <li key={`${l.name}-${l.kind}`}>{describeLifecycle(l)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <details className="group">
        <summary className="cursor-pointer font-medium text-indigo-700 dark:text-indigo-300">Plan details</summary>
        <div className="mt-2 space-y-3">
          <p className={`text-xs ${MUTED}`}>
            ModelGate&apos;s plan from the parameter file at <code className="font-mono">{headSha.slice(0, 7)}</code> and Azure&apos;s state of {plan.account}
            {plan.azureReadAt ? ` as read at ${formatUtc(plan.azureReadAt)}` : " (not read yet)"} — not Azure&apos;s what-if. The deploy applies the whole file, so every deployment in it is
            compared with what Azure has.{" "}
            {plan.unmanaged === "delete" ? "Deployments the file no longer has are deleted (a deployment stack)." : "Deployments the file no longer has stay in Azure (incremental deploys)."}
          </p>
          <Table
            caption="What the deploy does with each deployment"
            columns={[
              { header: "Deployment", cell: (c: PlanChange) => <span className="font-mono text-xs break-words">{c.name}</span> },
              { header: "Action", cell: (c: PlanChange) => <span className="whitespace-nowrap font-medium">{ACTION_LABELS[c.action]}</span> },
              { header: "Change", cell: (c: PlanChange) => <span className="break-words">{changeText(c)}</span>, narrow: "stack", stackedLabelHidden: true },
              { header: "Note", cell: (c: PlanChange) => <span className={c.unrelated ? "text-amber-800 dark:text-amber-200" : ""}>{noteText(c)}</span>, narrow: "stack", stackedLabelHidden: true },
            ]}
            rows={shown}
            rowKey={(c) => c.name}
            rowProps={(c) => ({ "data-testid": "plan-change", "data-deployment": c.name })}
            empty={<p className={MUTED}>The deploy changes nothing in Azure.</p>}
          />
          {same ? (
            <p className={MUTED}>
              {same} {same === 1 ? "deployment stays as it is" : "deployments stay as they are"}.
            </p>
          ) : null}
          {plan.quota.length ? (
            <Table
              caption="Quota after the merge, for the whole file"
              columns={[
                { header: "Quota", cell: (p: PlanQuotaPool) => <span className="font-mono text-xs break-words">{p.usageName}</span> },
                { header: "Needs", cell: (p: PlanQuotaPool) => `${p.needs}${p.frees ? ` (frees ${p.frees})` : ""}` },
                { header: "In use / limit", cell: (p: PlanQuotaPool) => (p.limit === null ? "unknown" : `${p.usedNow} / ${p.limit}`), narrow: "stack" },
                {
                  header: "Fits",
                  cell: (p: PlanQuotaPool) =>
                    p.fits === null ? "unknown" : p.fits ? "yes" : <span className="font-medium text-red-800 dark:text-red-200">no{p.tippedBy ? ` — ${p.tippedBy} tips it over` : ""}</span>,
                },
              ]}
              rows={plan.quota}
              rowKey={(p) => p.usageName}
              empty={null}
            />
          ) : plan.summary.quota === "unknown" && plan.azureReadAt ? (
            <p className={MUTED}>Azure&apos;s models list or usages could not be read, so ModelGate can&apos;t say whether the file fits.</p>
          ) : null}
          {plan.lifecycle.length ? (
            <div>
              <p className="font-medium">Model lifecycle</p>
              <ul className="mt-1 list-disc space-y-1 pl-5 break-words">
                {plan.lifecycle.map((l) => (
                  <li key={`${l.name}-${l.kind}`}>{describeLifecycle(l)}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      </details>
    </section>
  );
}
