import "server-only";
import { createAzureClient, type AzureClient, type AzureConfig } from "@/lib/azure";
import { getDb, type Database } from "@/lib/db";
import { getConfig, type AppConfig } from "@/lib/env";
import { createGitOpsClient, type GitOpsClient, type GitOpsConfig } from "@/lib/gitops";
import { startJobRunner, stopJobRunner, wakeJobRunner } from "@/lib/jobs";
import { createDependencyObservers, observeAzureClient, observeGitHubRequests, type DependencyObservers } from "@/lib/health";
import type { DomainDeps, DomainSettings } from "@/lib/requests";
import { requestSyncPass, startReconciler, stopReconciler } from "@/lib/sync";

/**
 * The composition root: builds this process's database, Azure and GitHub clients once, from lib/env, and
 * hands them to pages, server actions, jobs and the reconciler. Nothing else creates clients.
 */

/** The Azure settings of lib/azure from ModelGate's configuration. */
export function toAzureConfig(config: AppConfig): AzureConfig {
  const a = config.azure;
  const credential: AzureConfig["credential"] =
    a.credential === "static-token"
      ? // The emulator accepts any bearer token; real Azure never gets this path (lib/env only picks it in demo mode).
        { kind: "static-token", token: "modelgate-demo" }
      : a.credential === "client-secret"
        ? { kind: "client-secret", tenantId: a.tenantId!, clientId: a.clientId!, clientSecret: a.clientSecret! }
        : a.credential === "managed-identity"
          ? { kind: "managed-identity", clientId: a.clientId }
          : a.credential === "workload-identity"
            ? { kind: "workload-identity", tenantId: a.tenantId, clientId: a.clientId }
            : { kind: "default", tenantId: a.tenantId, managedIdentityClientId: a.clientId };
  return { subscriptionId: a.subscriptionId, endpoint: a.endpoint, credential };
}

/** The GitHub settings of lib/gitops from ModelGate's configuration. */
export function toGitOpsConfig(config: AppConfig): GitOpsConfig {
  const g = config.github;
  return {
    baseUrl: g.apiUrl,
    owner: g.owner,
    repo: g.repo,
    baseBranch: g.baseBranch,
    auth: g.auth,
    reviewerAuth: g.reviewerToken ? { kind: "token", token: g.reviewerToken } : undefined,
    paramFileGlob: g.paramFileGlob,
    mergeMethod: g.mergeMethod === "none" ? undefined : g.mergeMethod,
    userAgent: "ModelGate",
  };
}

/** The domain's settings from ModelGate's configuration. */
export function toDomainSettings(config: AppConfig): DomainSettings {
  return {
    publicUrl: config.publicUrl,
    subscriptionId: config.azure.subscriptionId,
    prLabels: config.github.prLabels,
    prReviewers: config.github.prReviewers,
    prTeamReviewers: config.github.prTeamReviewers,
    retirementWindowDays: config.retirementWindowDays,
    mergeMethod: config.github.mergeMethod,
    forbidSameTeam: config.approvalForbidSameTeam,
    submissionsPerHour: config.rateLimits.submissionsPerHour,
    decisionsPerHour: config.rateLimits.decisionsPerHour,
    pollIntervalSeconds: config.syncIntervalSeconds,
    deploymentsParam: config.github.deploymentsParam,
    notifications: {
      smtp: config.notifications.smtp,
      teamsWebhookUrl: config.notifications.teamsWebhookUrl,
      slackWebhookUrl: config.notifications.slackWebhookUrl,
      waitingHours: config.notifications.waitingHours,
    },
    armDeploymentName: config.azure.deploymentName,
    deployRemovedDeployments: config.deployRemovedDeployments,
  };
}

/** Everything a page, action, job or reconciler pass of this process talks to. */
export interface ServerContext extends DomainDeps {
  config: AppConfig;
  database: Database;
  /** Asks the job runner (here or in a worker) to look for work now. */
  wakeJobs: () => void;
  /** What this process last saw of GitHub and Azure (every call is recorded; /api/health reports it). */
  observers: DependencyObservers;
}

// One client each per process (kept across Next's dev reloads): the GitOps client's ETag cache is what
// makes unchanged polls free. Every call they make is an observation of GitHub's and Azure's health.
const holder = globalThis as unknown as { __modelgateClients?: { azure: AzureClient; gitops: GitOpsClient; observers: DependencyObservers } };

function clients(config: AppConfig) {
  if (!holder.__modelgateClients) {
    const observers = createDependencyObservers();
    holder.__modelgateClients = {
      observers,
      azure: observeAzureClient(createAzureClient(toAzureConfig(config)), observers.azure),
      gitops: createGitOpsClient(toGitOpsConfig(config), { onRequest: observeGitHubRequests(observers.github) }),
    };
  }
  return holder.__modelgateClients;
}

/** The process's context: database (opened and migrated on first use), clients and settings. */
export async function getServerContext(): Promise<ServerContext> {
  const config = getConfig();
  const database = await getDb();
  const { azure, gitops, observers } = clients(config);
  return {
    config,
    database,
    db: database.prisma,
    azure,
    gitops,
    settings: toDomainSettings(config),
    wakeReconciler: () => void requestSyncPass(),
    wakeJobs: wakeJobRunner,
    observers,
  };
}

/**
 * Starts this process's background work: the outbox job runner and the reconciler (one leader across
 * processes on PostgreSQL). The portal calls it on start-up unless BACKGROUND_WORK=external; `npm run worker`
 * always does.
 */
export async function startBackgroundWork(options: { workerId: string; log?: (m: string) => void }): Promise<{ workerId: string }> {
  const context = await getServerContext();
  const runner = await startJobRunner(context.db, getServerContext, options);
  await startReconciler({ ...options, database: context.database, config: context.config, getDeps: getServerContext });
  return { workerId: runner.workerId };
}

/** Stops the background work of this process, waiting for the job in hand. */
export async function stopBackgroundWork(): Promise<void> {
  await stopReconciler();
  await stopJobRunner();
}
