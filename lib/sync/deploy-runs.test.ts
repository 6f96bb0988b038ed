/**
 * Deploy runs as GitHub Actions schedules them: a concurrency group lets one run at a time and replaces a waiting
 * run with a newer one. A request whose run was replaced follows the newer run
 * (which deploys its change too) instead of failing. Real merges, real runs, Octokit and the ARM SDK.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { recordMerge, submitRequest, SYSTEM_ACTOR, type DomainDeps } from "@/lib/requests";
import { pollUntil, type AzureEmulator, type GitHubEmulator } from "@/test/emulators";
import type { TestDatabase } from "@/test/test-db";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { runSyncPass } from "./sync-pass";

let t: TestDatabase;
let azure: AzureEmulator;
let github: GitHubEmulator;
let deps: DomainDeps;
let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({ lroStepMs: 20, azurePollMs: 20 });
  ({ t, azure, github, deps } = world);
}, 120_000);

afterAll(async () => world?.close());

let seq = 0;
/** Submits a request through lib/requests and opens its PR with the open-PR job. */
async function openRequest(who: "priya" | "marcus", fields: Record<string, unknown>): Promise<{ id: string; pr: number }> {
  const { requestId } = await submitRequest(deps, t.users[who], {
    teamId: t.users[who].teams[0].id,
    justification: "Three merges in a row, to see the deploy queue at work.",
    submissionKey: `queue-${++seq}-${Math.random().toString(36).slice(2, 10)}`,
    ...fields,
  });
  await new JobRunner(t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 5, log: () => {} }).drain();
  const r = await t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
  expect(r.status).toBe("awaiting_approval");
  return { id: requestId, pr: r.prNumber! };
}

async function merge(request: { id: string; pr: number }): Promise<string> {
  await github.submitReviewAs("alex-kim", request.pr, "APPROVE");
  const sha = await github.mergeAs("alex-kim", request.pr, "squash");
  await recordMerge(t.db.prisma, { requestId: request.id, mergeCommitSha: sha, actor: SYSTEM_ACTOR });
  return sha;
}

const runOf = async (sha: string) => (await deps.gitops.listWorkflowRuns({ headSha: sha }))[0];

it("a request whose deploy run a newer one replaced in the queue follows the newer run, and succeeds", async () => {
  // The platform team queues whole runs (workflow-level group): a run waits before its first job, so the
  // order of arrival decides, not how long each build takes.
  const workflow = (await github.readFile(".github/workflows/ai-models.yml"))!;
  await github.pushCommitAs("platform-lead", { path: ".github/workflows/ai-models.yml", content: workflow.replace("\njobs:\n", "\nconcurrency:\n  group: ai-models-main\n\njobs:\n"), message: "Queue whole runs" });
  const a = await openRequest("priya", { action: "create", account: "contoso-openai-swc", deploymentName: "search-queue", modelName: "gpt-4o-mini", modelVersion: "2024-07-18", skuName: "GlobalStandard", capacity: 1 });
  const b = await openRequest("marcus", { action: "change", account: "contoso-openai-aue", deploymentName: "support-gpt-4o-mini", capacity: 190 });
  const c = await openRequest("priya", { action: "change", account: "contoso-openai-eus2", deploymentName: "search-embedding-small", capacity: 340 });
  await github.idle();

  // A slow ARM keeps the first run busy while the next two arrive.
  azure.configure({ latencyMs: 1000 });
  const shaA = await merge(a);
  await pollUntil(() => runOf(shaA), (run) => run?.status === "in_progress", "the first run");
  const shaB = await merge(b);
  await pollUntil(() => runOf(shaB), (run) => run?.status === "pending", "the second run waiting for the group");
  const shaC = await merge(c);
  await pollUntil(() => runOf(shaB), (run) => run?.conclusion === "cancelled", "the second run replaced by the third");
  expect((await runOf(shaA))?.status).toBe("in_progress");
  azure.configure({ latencyMs: 0 });

  // While the third run waits or deploys, the second request is not failed: it follows the third run.
  const during = await runSyncPass(deps);
  expect(during.moved[b.id]).toBeUndefined();
  expect((await t.db.prisma.request.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("deploying");
  const runs = await deps.gitops.listWorkflowRuns({ headSha: shaC });
  const note = await t.db.prisma.requestEvent.findFirstOrThrow({ where: { requestId: b.id, type: "deploy_run_replaced" } });
  expect(note.message).toMatch(/was cancelled while it waited for the deploy queue: a newer run \(#\d+\) took its place and deploys this change too/);
  expect(note.data).toMatchObject({ runId: runs[0].id });

  await github.idle();
  await runSyncPass(deps);
  const statuses = await t.db.prisma.request.findMany({ where: { id: { in: [a.id, b.id, c.id] } }, select: { id: true, status: true } });
  expect([a, b, c].map((x) => statuses.find((s) => s.id === x.id)?.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  const last = await t.db.prisma.requestEvent.findFirstOrThrow({ where: { requestId: b.id }, orderBy: { id: "desc" } });
  expect(last).toMatchObject({ type: "deploy_succeeded", data: { runId: runs[0].id } });
}, 120_000);
