/**
 * What the demo world holds (scripts/demo-world.ts makes it). Three teams over about 90 days: succeeded,
 * failed (with Azure's error), rejected and cancelled requests; today an approval queue (one with failed
 * checks), a capacity changed by hand in Azure and a deployment made only in Azure.
 *
 * It keeps clear of the quota the browser tests use (australiaeast's gpt-4o and gpt-4o-mini pools) and of the
 * pools the emulator seeds nearly full, so those stay as the seed made them: the past works in swedencentral's
 * roomy pools and australiaeast's text-embedding-3-small.
 */

/** The file in the data folder that says the world was made (delete it, or use --reset, to make it again). */
export const DEMO_WORLD_MARKER = "demo-world.json";

export interface PlannedRequest {
  by: string;
  team: string;
  action: "create" | "change" | "decommission";
  account: string;
  deploymentName: string;
  model?: { name: string; version: string; sku: string };
  capacity?: number;
  justification: string;
  outcome?: "succeeded" | "failed" | "rejected" | "cancelled";
  daysAgo: number;
  /** Hours the request waited for a decision. */
  waitHours?: number;
  decisionComment?: string;
  azureError?: { code: string; message: string };
  /** A hand edit pushed to the request's branch that the workflow's validation refuses. */
  brokenCommit?: { user: string; replace: { search: string; with: string }; message: string };
}

const PRIYA = "priya.shah@contoso.example";
const MARCUS = "marcus.lee@contoso.example";
const SAM = "sam.rivera@contoso.example";
const SWC = "contoso-openai-swc";
const AUE = "contoso-openai-aue";

// The failed deploy comes last: its element stays in the file, so a later deploy run would apply it again.
// Requests are decided by Alex, the one Approver, who may not decide his own team's (Platform's): Platform's
// history is what Sam cancelled, and its request in the queue waits for an approver from another team.
const past: PlannedRequest[] = [
  { by: PRIYA, team: "search", action: "create", account: SWC, deploymentName: "search-embedding-small", model: { name: "text-embedding-3-small", version: "1", sku: "GlobalStandard" }, capacity: 50, justification: "Embeddings for the new EU document index; small model first to compare recall.", outcome: "succeeded", daysAgo: 86, waitHours: 5 },
  { by: MARCUS, team: "support", action: "create", account: SWC, deploymentName: "support-gpt-5-mini", model: { name: "gpt-5-mini", version: "2025-08-07", sku: "GlobalStandard" }, capacity: 100, justification: "Ticket triage for the EU support desk.", outcome: "succeeded", daysAgo: 79, waitHours: 26 },
  { by: MARCUS, team: "support", action: "create", account: SWC, deploymentName: "support-gpt-41-nano", model: { name: "gpt-4.1-nano", version: "2025-04-14", sku: "GlobalStandard" }, capacity: 50, justification: "Cheap classifier for incoming support mail.", outcome: "cancelled", daysAgo: 72, waitHours: 3, decisionComment: "The mail classifier runs on the triage deployment instead." },
  { by: PRIYA, team: "search", action: "create", account: SWC, deploymentName: "search-gpt-41-mini", model: { name: "gpt-4.1-mini", version: "2025-04-14", sku: "GlobalStandard" }, capacity: 300, justification: "Query rewriting for every search request, peak 300k tokens per minute.", outcome: "rejected", daysAgo: 64, waitHours: 41, decisionComment: "300k TPM is far above the measured peak; please start lower and ask again with usage data." },
  { by: PRIYA, team: "search", action: "change", account: SWC, deploymentName: "search-embedding-small", capacity: 80, justification: "Backfill of the EU index needs more embedding throughput for six weeks.", outcome: "succeeded", daysAgo: 51, waitHours: 18 },
  { by: MARCUS, team: "support", action: "create", account: AUE, deploymentName: "support-embedding-small", model: { name: "text-embedding-3-small", version: "1", sku: "GlobalStandard" }, capacity: 40, justification: "Embeddings for the support knowledge base search.", outcome: "succeeded", daysAgo: 44, waitHours: 8 },
  { by: SAM, team: "platform", action: "create", account: SWC, deploymentName: "platform-gpt-5", model: { name: "gpt-5", version: "2025-08-07", sku: "GlobalStandard" }, capacity: 200, justification: "Evaluate gpt-5 for the code review assistant.", outcome: "cancelled", daysAgo: 37, waitHours: 52, decisionComment: "The evaluation runs on gpt-5-mini first." },
  { by: MARCUS, team: "support", action: "change", account: SWC, deploymentName: "support-gpt-5-mini", capacity: 150, justification: "Triage went live for all support desks; peak usage hit 90 % of the deployment.", outcome: "succeeded", daysAgo: 29, waitHours: 30 },
  { by: MARCUS, team: "support", action: "create", account: SWC, deploymentName: "support-gpt-41", model: { name: "gpt-4.1", version: "2025-04-14", sku: "GlobalStandard" }, capacity: 400, justification: "Long-context summaries of whole ticket histories for every agent.", outcome: "rejected", daysAgo: 22, waitHours: 20, decisionComment: "Sized for every agent at once; run a pilot with ten agents first." },
  { by: PRIYA, team: "search", action: "change", account: SWC, deploymentName: "search-embedding-small", capacity: 100, justification: "The EU index now serves production traffic; keep headroom for reindexing.", outcome: "succeeded", daysAgo: 12, waitHours: 4 },
  { by: MARCUS, team: "support", action: "create", account: SWC, deploymentName: "support-reply-pilot", model: { name: "gpt-5-mini", version: "2025-08-07", sku: "GlobalStandard" }, capacity: 60, justification: "Draft replies for support agents (pilot with ten agents).", outcome: "failed", daysAgo: 5, waitHours: 6, azureError: { code: "ServiceUnavailable", message: "Capacity for gpt-5-mini GlobalStandard is temporarily unavailable in swedencentral. Please try again later." } },
];

const queue: PlannedRequest[] = [
  { by: PRIYA, team: "search", action: "create", account: SWC, deploymentName: "search-gpt-41-mini", model: { name: "gpt-4.1-mini", version: "2025-04-14", sku: "GlobalStandard" }, capacity: 80, justification: "Query rewriting, sized from two weeks of measured usage (peak 62k TPM).", daysAgo: 0 },
  {
    by: MARCUS,
    team: "support",
    action: "create",
    account: SWC,
    deploymentName: "support-reply-drafts",
    model: { name: "gpt-4.1-nano", version: "2025-04-14", sku: "GlobalStandard" },
    capacity: 40,
    justification: "Draft replies for support agents (pilot with ten agents), on a smaller model.",
    daysAgo: 0,
    brokenCommit: { user: "octo-contractor", replace: { search: "capacity: 40", with: "capacity: 4O" }, message: "Tweak capacity for the pilot" },
  },
  { by: SAM, team: "platform", action: "create", account: SWC, deploymentName: "platform-gpt-5-mini", model: { name: "gpt-5-mini", version: "2025-08-07", sku: "GlobalStandard" }, capacity: 100, justification: "Shared gpt-5-mini for internal tooling (release notes, code review hints).", daysAgo: 0 },
];

export const DEMO_WORLD_PLAN = {
  past,
  queue,
  /** A capacity changed by hand in the Azure portal. */
  drift: { account: SWC, deployment: "support-o4-mini", capacity: 40 },
  /** A deployment created straight in Azure, in no parameter file. */
  handmade: { account: SWC, resourceGroup: "contoso-openai-rg", deployment: "research-playground", sku: { name: "GlobalStandard", capacity: 10 }, model: { format: "OpenAI", name: "gpt-4.1-nano", version: "2025-04-14" } },
};
