/** Pull request title, commit message and body for a request. Pure; user text goes through lib/gitops' one escaping function. */
import { escapeGitHubText, quoteGitHubText } from "@/lib/gitops";
import type { RequestFacts } from "./facts";
import { capacityUnitLabel } from "./form/copy";

export interface PrTextRequest extends RequestFacts {
  previous?: { model?: { version?: string }; sku?: { capacity?: number } } | null;
}

export interface PrQuotaRow {
  usageName: string;
  limit: number;
  usedInAzure: number;
  heldByPending: number;
  requested: number;
  beforePercent: number;
  afterPercent: number;
  fits: boolean;
}

function summary(r: PrTextRequest): string {
  if (r.kind === "create") return `add ${r.deploymentName} (${r.modelName} ${r.modelVersion}, ${r.skuName} ${r.capacity})`;
  if (r.kind === "decommission") return `remove ${r.deploymentName}`;
  const parts: string[] = [];
  if (r.previous?.model?.version && r.previous.model.version !== r.modelVersion) parts.push(`version ${r.previous.model.version} → ${r.modelVersion}`);
  if (r.previous?.sku?.capacity !== undefined && r.previous.sku.capacity !== r.capacity) parts.push(`capacity ${r.previous.sku.capacity} → ${r.capacity}`);
  return `change ${r.deploymentName} (${parts.join(", ") || "settings"})`;
}

/** "ai-models(contoso-openai-aue): add search-gpt-4o-2 (gpt-4o 2024-11-20, GlobalStandard 10) [#12]" */
export function prTitle(r: PrTextRequest): string {
  return `ai-models(${r.accountName}): ${summary(r)} [ModelGate #${r.number}]`;
}

/** Commit message: the title, then a short trailer naming the request. */
export function commitMessage(r: PrTextRequest, requester: string, team: string): string {
  return `${prTitle(r)}\n\nRequested by ${requester.replace(/@/g, "@\u200d")} (${team}) through ModelGate request #${r.number}.`;
}

/** The PR body: who, why, what, the quota impact and a link back. */
export function prBody(r: PrTextRequest, input: { requester: string; team: string; requestUrl: string; quota: PrQuotaRow | null; revision?: { number: number; changes: string } }): string {
  const unit = /provisioned/i.test(r.skuName) ? capacityUnitLabel("ptu") : capacityUnitLabel("thousand-tpm");
  const lines = [
    `ModelGate request [#${r.number}](${input.requestUrl}): ${escapeGitHubText(summary(r))}.`,
    "",
    ...(input.revision ? [`**Revised** (revision ${input.revision.number}): ${escapeGitHubText(input.revision.changes)}.`, ""] : []),
    "| | |",
    "| --- | --- |",
    `| Requester | ${escapeGitHubText(input.requester)} |`,
    `| Team | ${escapeGitHubText(input.team)} |`,
    `| Account | ${escapeGitHubText(r.accountName)} (${escapeGitHubText(r.location)}) |`,
    `| Deployment | ${escapeGitHubText(r.deploymentName)} |`,
    `| Model | ${escapeGitHubText(r.modelName)} ${escapeGitHubText(r.modelVersion)} |`,
    `| Deployment type | ${escapeGitHubText(r.skuName)} |`,
    `| Capacity | ${r.capacity} (${unit}) |`,
    "",
    "**Justification**",
    "",
    quoteGitHubText(r.justification),
    "",
  ];
  if (input.quota) {
    const q = input.quota;
    lines.push(
      "**Quota impact**",
      "",
      "| Quota | Limit | Used in Azure | Held by other pending requests | This request | Before | After | Fits |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
      `| ${escapeGitHubText(q.usageName)} | ${q.limit} | ${q.usedInAzure} | ${q.heldByPending} | ${q.requested} | ${fmtPct(q.beforePercent)} | ${fmtPct(q.afterPercent)} | ${q.fits ? "yes" : "**no**"} |`,
      "",
    );
  }
  lines.push(`Follow, approve or reject it in ModelGate: ${input.requestUrl}`, "", "<!-- modelgate-request: " + r.number + " -->");
  return lines.join("\n");
}

function fmtPct(p: number): string {
  return Number.isFinite(p) ? `${p}%` : "∞";
}
