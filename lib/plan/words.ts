import type { FieldChange, LifecycleFinding, MergePlan, PlanChange, PlanConfirmation, PlanQuotaPool, PlanSummary } from "./types";

// The plan in words, shared by the queue, the request page and the pull request comment (which escapes them).

/** "2026-11-29 14:02 UTC". */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const FIELD_WORDS: Record<FieldChange["field"], string> = {
  model: "model",
  version: "version",
  sku: "deployment type",
  capacity: "capacity",
  versionUpgradeOption: "upgrade option",
  raiPolicyName: "content filter",
};

/** "capacity 90 → 100". */
export function describeField(f: FieldChange): string {
  return `${FIELD_WORDS[f.field]} ${f.from ?? "(not set)"} → ${f.to ?? "(not set)"}`;
}

export const ACTION_LABELS: Record<PlanChange["action"], string> = {
  create: "Create",
  modify: "Modify",
  delete: "Delete",
  keep: "Stays in Azure",
  "no-change": "No change",
};

/** The plan's one line: "1 create, 1 unrelated change, quota fits". */
export function summaryLine(plan: Pick<MergePlan, "summary" | "azureReadAt">): string {
  const s: PlanSummary = plan.summary;
  const parts: string[] = [];
  if (s.create) parts.push(`${s.create} create`);
  if (s.modify) parts.push(`${s.modify} modify`);
  if (s.delete) parts.push(`${s.delete} delete`);
  if (s.keep) parts.push(`${s.keep} kept in Azure`);
  if (s.unrelated) parts.push(`${s.unrelated} unrelated ${s.unrelated === 1 ? "change" : "changes"}`);
  if (!parts.length) parts.push("no change in Azure");
  if (plan.azureReadAt === null) parts.push("Azure not read yet");
  else parts.push(s.quota === "fits" ? "quota fits" : s.quota === "won't fit" ? "quota won't fit" : "quota unknown");
  if (s.lifecycle) parts.push(`${s.lifecycle} lifecycle ${s.lifecycle === 1 ? "warning" : "warnings"}`);
  return parts.join(", ");
}

function shape(d: NonNullable<PlanChange["desired"]>): string {
  return `${d.model.name} ${d.model.version}, ${d.sku.name} × ${d.sku.capacity}`;
}

/** Why a change the request doesn't ask for happens, in a reader's words. */
export function describeReason(c: PlanChange): string {
  switch (c.reason) {
    case "drift": {
      const when = c.changedInAzureAt ? ` on ${formatUtc(c.changedInAzureAt)}` : "";
      const who = c.changedInAzureBy ? ` by ${c.changedInAzureBy}` : "";
      return `changed by hand in Azure${when}${who}; the merge sets it back to the file's value`;
    }
    case "missing-in-azure":
      return "in the file on main but not in Azure (deleted in Azure, or never deployed); the merge creates it";
    case "failed-in-azure":
      return "Azure reports it Failed; the merge writes it again";
    case "pull-request-edit":
      return "changed in this pull request by a commit that isn't the request's";
    case "removed-from-file":
      return "removed from the file in this pull request; the deploy deletes what the file no longer has";
    default:
      return "";
  }
}

/** One change as a sentence: "search-gpt-41: capacity 90 → 100 (changed by hand in Azure on …)". */
export function describeChange(c: PlanChange): string {
  const what =
    c.action === "create"
      ? `create (${shape(c.desired!)})`
      : c.action === "modify"
        ? c.fields.length
          ? c.fields.map(describeField).join(", ")
          : "written again"
        : c.action === "delete"
          ? `delete (${c.current ? shape(c.current) : "as Azure has it"})`
          : c.action === "keep"
            ? c.keptBecause === "removed-incremental"
              ? "removed from the file, but the deploy keeps it in Azure (incremental): delete it in Azure to free its quota"
              : "not in the file; the deploy leaves it alone"
            : "no change";
  const why = c.unrelated ? describeReason(c) : "";
  return `${c.name}: ${what}${why ? ` — ${why}` : ""}`;
}

/** "this merge will also set search-gpt-41's capacity back from 90 to 100 (changed by hand in Azure on …)". */
export function describeUnrelated(c: PlanChange): string {
  if (c.reason === "drift" && c.fields.length) {
    const sets = c.fields.map((f) => `${FIELD_WORDS[f.field]} back from ${f.from ?? "(not set)"} to ${f.to ?? "(not set)"}`).join(" and ");
    const when = c.changedInAzureAt ? ` on ${formatUtc(c.changedInAzureAt)}` : "";
    const who = c.changedInAzureBy ? ` by ${c.changedInAzureBy}` : "";
    return `set ${c.name}'s ${sets} (changed by hand in Azure${when}${who})`;
  }
  if (c.action === "create") return `create ${c.name} (${shape(c.desired!)}): ${describeReason(c)}`;
  if (c.action === "delete") return `delete ${c.name}: ${describeReason(c)}`;
  return `change ${c.name} (${c.fields.map(describeField).join(", ") || "written again"}): ${describeReason(c)}`;
}

/** One quota pool: "OpenAI.GlobalStandard.gpt-4o: needs 90, 60 free — won't fit; search-gpt-4o tips it over". */
export function describePool(p: PlanQuotaPool): string {
  const unit = p.unit ? ` ${p.unit}` : "";
  const head = `${p.usageName}: the deploy needs ${p.needs}${p.frees ? ` and frees ${p.frees}` : ""}`;
  if (p.limit === null) return `${head}; Azure lists no quota for it, so it can't be checked`;
  const state = `${p.usedNow} of ${p.limit}${unit} in use, ${p.free} free`;
  if (p.fits) return `${head}; ${state}: fits`;
  const tip = p.tippedBy && p.tippedBy !== p.failsAt ? `${p.tippedBy} tips it over; the deploy fails at ${p.failsAt}` : `${p.failsAt} tips it over, and the deploy fails there`;
  return `${head}; ${state}: won't fit — ${tip}`;
}

/** One lifecycle finding in words. */
export function describeLifecycle(f: LifecycleFinding): string {
  const model = `${f.modelName} ${f.modelVersion}`;
  const on = f.retiresOn ? formatUtc(f.retiresOn).slice(0, 10) : null;
  const rep = f.replacement ? `; Azure names ${f.replacement.modelName} ${f.replacement.modelVersion} as its replacement` : "";
  switch (f.kind) {
    case "retired":
      return `${f.name}: ${model} is retired${on ? ` (since ${on})` : ""}${f.blocking ? "; Azure refuses the write and the deploy fails" : ""}${rep}`;
    case "deprecating-blocked":
      return `${f.name}: ${model} is Deprecating; Azure refuses new deployments of it on an account that doesn't run the model, so the deploy fails${rep}`;
    case "deprecating":
      return `${f.name}: ${model} is Deprecating${on ? `, retiring on ${on}` : ""}${rep}`;
    case "legacy":
      return `${f.name}: ${model} is Legacy${on ? `, retiring on ${on}` : ""}${rep}`;
    case "no-auto-upgrade":
      return `${f.name}: NoAutoUpgrade on ${model}, which retires on ${on}${f.daysLeft !== undefined ? ` (in ${f.daysLeft} days)` : ""}: it stops working that day unless upgraded${rep}`;
    case "not-offered":
      return `${f.name}: ${model} is not in Azure's models list for this region${f.blocking ? "; Azure refuses the write and the deploy fails" : ""}`;
  }
}

/** What the approver confirms, in the words of the decision form. */
export const CONFIRMATION_LABELS: Record<PlanConfirmation, string> = {
  "unrelated-changes": "Approve although the merge also changes deployments the request doesn't ask for",
  quota: "Approve although the plan says the quota won't fit",
};
