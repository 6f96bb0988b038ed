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
import * as shapes from "./shapes";
import { createInitialState, type StateFile, type WebhookDeliveryState } from "./state";
import { checkRunPayload, pullRequestPayload, pullRequestReviewPayload, workflowRunPayload } from "./webhook-payloads";
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
    await seedRepository(git, s.defaultBranch);
    state = createInitialState(new Date());
    state.settings.deleteOnUnmanage = s.deleteOnUnmanage ?? false;
    await s.stateFile.save(state);
  } else if (s.deleteOnUnmanage !== undefined) {
    state.settings.deleteOnUnmanage = s.deleteOnUnmanage;
  }
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
  const installationId = s.credentials.installationId;
  // Payloads are built when the event happens (state as of then), then delivered in order.
  const queue = (event: string, build: () => Promise<Record<string, unknown>> | Record<string, unknown>) => {
    if (!webhooks.enabled) return;
    Promise.resolve(build()).then(
      (payload) => webhooks.send(event, payload),
      (e) => console.error(`github emulator: cannot build ${event} webhook:`, e),
    );
  };
  const runner = new ActionsRunner(model, {
    azure: s.azure,
    timings: s.timings,
    workflowId: WORKFLOW_ID,
    events: {
      checkRun: (action, cr) => queue("check_run", () => checkRunPayload(model, action, cr, installationId)),
      workflowRun: (action, run) => queue("workflow_run", () => workflowRunPayload(model, action, run, WORKFLOW_ID, installationId)),
    },
  });
  const previousHeads = new Map<number, string>(state.pulls.map((p) => [p.number, p.headSha]));
  model.listeners.push(runner, {
    pullRequest: (action, pull, actor) => {
      const before = pull.headSha;
      queue("pull_request", () => pullRequestPayload(model, action, { ...pull }, actor, installationId, action === "synchronize" ? { before: previousHeads.get(pull.number) ?? before, after: pull.headSha } : {}));
      previousHeads.set(pull.number, pull.headSha);
    },
    review: (review, pull, actor) => queue("pull_request_review", () => pullRequestReviewPayload(model, review, { ...pull }, actor, installationId)),
  });
  const router = new Router(
    createRoutes({
      model,
      workflowId: WORKFLOW_ID,
      rateLimitFor: (login) => s.rateLimits.snapshot(login),
      createInstallationToken: s.credentials.installationTokenHandler(model),
    }),
  );
  runner.resume();
  return { model, runner, router, webhooks };
}
