/**
 * The plan of a merge as ModelGate's one comment on the pull request, in GitHub-flavoured markdown. Every value
 * that comes from the file, Azure or a person goes through the PR text's escaping (no markdown, HTML or mentions
 * from them). Pure.
 */
import { ACTION_LABELS, describeField, describeLifecycle, describePool, describeReason, describeUnrelated, formatUtc, summaryLine, type MergePlan, type PlanChange } from "@/lib/plan";
import { escapeGitHubText as escapeMarkdown } from "@/lib/gitops";

/** The hidden marker ModelGate finds its plan comment by (one per request). */
export function planCommentMarker(requestId: string): string {
  return `<!-- modelgate:plan request=${requestId} -->`;
}

/** GitHub refuses comments over 65,536 characters; long files are cut well before. */
const MAX_BODY = 60_000;
const MAX_ROWS = 200;

/** Text as an inline code span when it can be one (no backticks or line breaks), else escaped text. */
function code(text: string): string {
  return /^[^`|\r\n]+$/.test(text) ? `\`${text}\`` : escapeMarkdown(text);
}

/** Text for a table cell: escaped (a `|` becomes `\|`, which GitHub's tables read as text). */
function cell(text: string): string {
  return escapeMarkdown(text);
}

function changeText(c: PlanChange): string {
  if (c.action === "create" && c.desired) return `${c.desired.model.name} ${c.desired.model.version}, ${c.desired.sku.name} × ${c.desired.sku.capacity}`;
  if (c.action === "modify") return c.fields.length ? c.fields.map(describeField).join(", ") : "written again";
  if (c.action === "delete" && c.current) return `${c.current.model.name} ${c.current.model.version}, ${c.current.sku.name} × ${c.current.sku.capacity}`;
  return "";
}

function noteText(c: PlanChange): string {
  if (c.unrelated) return `not requested: ${describeReason(c)}`;
  if (c.requested) return c.action === "keep" ? "requested: removed from the file, but the deploy keeps it in Azure (incremental)" : "requested";
  if (c.action === "keep") return c.keptBecause === "removed-incremental" ? "removed from the file; the deploy keeps it in Azure" : "not in the file; the deploy leaves it alone";
  return "";
}

export interface PlanCommentContext {
  requestId: string;
  requestNumber: number;
  requestUrl: string;
  headSha: string;
  account: string;
  location: string;
}

/** The comment's markdown: summary, what else the merge changes (first), per-deployment table, quota, lifecycle. */
export function renderPlanComment(plan: MergePlan | null, ctx: PlanCommentContext, problem?: string | null): string {
  const lines: string[] = [planCommentMarker(ctx.requestId), "### ModelGate plan of this merge", ""];
  if (!plan) {
    lines.push(`ModelGate could not work out what this merge will do in Azure: ${escapeMarkdown(problem ?? "the plan is not available")}.`, "");
    lines.push(`<sub>[Request #${ctx.requestNumber} in ModelGate](${ctx.requestUrl}) · updated when the pull request's head or Azure's state changes.</sub>`);
    return lines.join("\n");
  }
  lines.push(`**${escapeMarkdown(summaryLine(plan))}**`, "");
  const read = plan.azureReadAt ? `Azure's state of ${code(ctx.account)} as read at ${formatUtc(plan.azureReadAt)}` : "Azure's state, which ModelGate has not read yet";
  lines.push(
    `ModelGate's plan from the parameter file at this pull request's head (${code(ctx.headSha.slice(0, 7))}) and ${read} — not Azure's what-if. ` +
      "The deploy applies the whole file, so this compares every deployment in it with what Azure has.",
    "",
  );
  const unrelated = plan.changes.filter((c) => c.unrelated);
  if (unrelated.length) {
    lines.push("> [!WARNING]", "> **This merge will also change what the request doesn't ask for:**");
    for (const c of unrelated) lines.push(`> - ${escapeMarkdown(describeUnrelated(c))}`);
    lines.push("");
  }
  const failing = plan.quota.filter((p) => p.fits === false);
  const blocking = plan.lifecycle.filter((l) => l.blocking);
  if (failing.length || blocking.length) {
    lines.push("> [!CAUTION]", `> **The deploy will fail${plan.deployFailsAt ? ` at ${escapeMarkdown(plan.deployFailsAt)}` : ""}:**`);
    for (const p of failing) lines.push(`> - quota won't fit: ${escapeMarkdown(describePool(p))}`);
    for (const l of blocking) lines.push(`> - ${escapeMarkdown(describeLifecycle(l))}`);
    lines.push("");
  }

  const shown = plan.changes.filter((c) => c.action !== "no-change");
  const same = plan.changes.filter((c) => c.action === "no-change");
  lines.push(`#### What the deploy does on ${code(ctx.account)} (${escapeMarkdown(ctx.location)})`, "");
  if (shown.length) {
    lines.push("| Deployment | Action | Change | Note |", "| --- | --- | --- | --- |");
    for (const c of shown.slice(0, MAX_ROWS)) lines.push(`| ${code(c.name)} | **${ACTION_LABELS[c.action]}** | ${cell(changeText(c))} | ${cell(noteText(c))} |`);
    if (shown.length > MAX_ROWS) lines.push(`| … | | ${shown.length - MAX_ROWS} more | |`);
    lines.push("");
  }
  if (same.length) {
    lines.push(`${same.length} ${same.length === 1 ? "deployment stays" : "deployments stay"} as ${same.length === 1 ? "it is" : "they are"} (the deploy writes ${same.length === 1 ? "it" : "them"} with the values Azure already has).`, "");
  }

  if (plan.quota.length) {
    lines.push("#### Quota after the merge (whole file)", "", "| Quota | Limit | In use now | The deploy needs | It frees | Free now | Fits |", "| --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for (const p of plan.quota) {
      const fits = p.fits === null ? "unknown" : p.fits ? "yes" : `**no**${p.tippedBy ? ` — ${cell(p.tippedBy)} tips it over` : ""}`;
      lines.push(`| ${code(p.usageName)} | ${p.limit ?? "?"} | ${p.usedNow ?? "?"} | ${p.needs} | ${p.frees} | ${p.free ?? "?"} | ${fits} |`);
    }
    lines.push("");
  } else if (plan.summary.quota === "unknown" && plan.azureReadAt) {
    lines.push("Quota: Azure's models list or usages could not be read, so ModelGate can't say whether the file fits.", "");
  }
  if (plan.lifecycle.length) {
    lines.push("#### Model lifecycle", "");
    for (const l of plan.lifecycle) lines.push(`- ${escapeMarkdown(describeLifecycle(l))}`);
    lines.push("");
  }
  const unmanaged =
    plan.unmanaged === "delete"
      ? "Deployments the file no longer has are deleted by the deploy (a deployment stack); ones created outside the file are left alone."
      : "Deployments the file no longer has stay in Azure (the deploy is incremental).";
  lines.push(`<sub>${unmanaged} ModelGate updates this comment when the pull request's head or Azure's state changes. [Request #${ctx.requestNumber} in ModelGate](${ctx.requestUrl})</sub>`);
  const body = lines.join("\n");
  return body.length > MAX_BODY ? `${body.slice(0, MAX_BODY)}\n\n… (cut: the plan is longer than a comment can hold; see the request in ModelGate)` : body;
}
