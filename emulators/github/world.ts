import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { ActionsRunner, type ActionsTimings } from "./actions-runner";
import type { AzureTarget } from "./azure-deployer";
import type { Credentials } from "./credentials";
import { GitStore } from "./git-store";
import { Router } from "./http-kit";
import type { RateLimits } from "./rate-limits";
import { RepoModel, type BranchProtection } from "./repo-model";
import { createRoutes } from "./routes";
import { seedRepository } from "./seed";
import { SEED_COLLABORATORS, SEED_TEAMS } from "./seed-repo";
import * as shapes from "./shapes";
import { createInitialState, type StateFile, type WebhookDeliveryState } from "./state";
import { checkRunPayload, checkSuitePayload, pullRequestPayload, pullRequestReviewPayload, pushPayload, statusPayload, workflowRunPayload } from "./payloads";
import { WebhookSender, type WebhookConfig } from "./webhooks";

/** One life of the emulated GitHub (until a reset): the repository model, its Actions, its routes and webhooks. */
export interface World {
  model: RepoModel;
  runner: ActionsRunner;
  router: Router;
  webhooks: WebhookSender;
}

export interface WorldSettings {
  owner: string;
  repo: string;
  defaultBranch: string;
  dataDir: string;
  stateFile: StateFile;
  /** The emulator's own URL (API and web pages). */
  baseUrl: string;
  protection: BranchProtection;
  timings: ActionsTimings;
  credentials: Credentials;
  rateLimits: RateLimits;
  azure?: AzureTarget;
  webhook?: WebhookConfig;
  allowSelfApproval: boolean;
  deleteOnUnmanage?: boolean;
  mergeabilityDelayMs?: number;
  /** Seed the workflow with (default) or without the deploy job's concurrency group. */
  deployConcurrency?: boolean;
  /** Replace the seeded collaborators / teams with access to the repository. */
  collaborators?: string[];
  teams?: string[];
}

const WORKFLOW_ID = 161_335;

/** Loads the saved state (or seeds a fresh repository) and wires the model to Actions, webhooks and routes. */
export async function buildWorld(s: WorldSettings, fresh: boolean): Promise<World> {
  await mkdir(s.dataDir, { recursive: true });
  const gitDir = path.join(s.dataDir, "repo.git");
  const git = new GitStore(gitDir);
  let state = fresh ? null : await s.stateFile.load();
  if (fresh || !state || !existsSync(path.join(gitDir, "HEAD"))) {
    await rm(gitDir, { recursive: true, force: true });
    await seedRepository(git, s.defaultBranch, undefined, { deployConcurrency: s.deployConcurrency });
    state = createInitialState(new Date());
    state.settings.deleteOnUnmanage = s.deleteOnUnmanage ?? false;
    await s.stateFile.save(state);
  } else if (s.deleteOnUnmanage !== undefined) {
    state.settings.deleteOnUnmanage = s.deleteOnUnmanage;
  }
  // Whoever holds a token can push, so has access; the rest come from the options or the seed.
  const people = s.collaborators ?? (state.settings.collaborators?.length ? state.settings.collaborators : SEED_COLLABORATORS);
  state.settings.collaborators = [...new Set([...people, ...s.credentials.logins().filter((l) => !l.endsWith("[bot]"))])];
  state.settings.teams = s.teams ?? (state.settings.teams?.length ? state.settings.teams : SEED_TEAMS);
  const ctx: shapes.ShapeContext = {
    apiUrl: s.baseUrl,
    htmlUrl: s.baseUrl,
    owner: s.owner,
    repo: s.repo,
    repoId: shapes.userId(`repo:${s.owner}/${s.repo}`),
    ownerId: shapes.userId(s.owner),
    defaultBranch: s.defaultBranch,
    createdAt: "2025-02-10T07:00:00Z",
    pushedAt: shapes.isoSeconds(new Date(state.createdAt)),
  };
  const model = new RepoModel(git, s.stateFile, state, ctx, s.protection, { allowSelfApproval: s.allowSelfApproval, clock: () => new Date(), mergeabilityDelayMs: s.mergeabilityDelayMs });
  const record = (d: WebhookDeliveryState) => {
    model.state.deliveries.push(d);
    if (model.state.deliveries.length > 200) model.state.deliveries.splice(0, model.state.deliveries.length - 200);
  };
  const webhooks = new WebhookSender(s.webhook, record);
  const id = s.credentials.installationId;
  const runner = new ActionsRunner(model, {
    azure: s.azure,
    timings: s.timings,
    workflowId: WORKFLOW_ID,
    events: {
      checkRun: (action, cr) => webhooks.enqueue("check_run", () => checkRunPayload(model, action, cr, id)),
      workflowRun: (action, run) => webhooks.enqueue("workflow_run", () => workflowRunPayload(model, action, run, WORKFLOW_ID, id)),
      checkSuite: (action, run) => webhooks.enqueue("check_suite", () => checkSuitePayload(model, action, run, id)),
    },
  });
  const previousHeads = new Map<number, string>(state.pulls.map((p) => [p.number, p.headSha]));
  model.listeners.push(runner, {
    pullRequest: (action, pull, actor, detail) => {
      const extra: Record<string, unknown> = action === "synchronize" ? { before: previousHeads.get(pull.number) ?? pull.headSha, after: pull.headSha } : {};
      if (detail?.requestedReviewer) extra.requested_reviewer = shapes.simpleUser(ctx, detail.requestedReviewer);
      if (detail?.requestedTeam) extra.requested_team = shapes.teamSimple(ctx, detail.requestedTeam);
      webhooks.enqueue("pull_request", () => pullRequestPayload(model, action, { ...pull }, actor, id, extra));
      previousHeads.set(pull.number, pull.headSha);
    },
    review: (action, review, pull, actor) => webhooks.enqueue("pull_request_review", () => pullRequestReviewPayload(model, action, { ...review }, { ...pull }, actor, id)),
    push: (push) => webhooks.enqueue("push", () => pushPayload(model, push, id)),
    status: (status) => webhooks.enqueue("status", () => statusPayload(model, status, id)),
  });
  const router = new Router(
    createRoutes({
      model,
      workflowId: WORKFLOW_ID,
      rateLimitFor: (login) => s.rateLimits.snapshot(login),
      rerunFailedJobs: (runId) => runner.rerunFailedJobs(runId),
      createInstallationToken: s.credentials.installationTokenHandler(model),
    }),
  );
  runner.resume();
  return { model, runner, router, webhooks };
}
