import type { AzureClient } from "@/lib/azure";
import type { PrismaClient } from "@/lib/db";
import type { GitOpsClient } from "@/lib/gitops";
import type { AuditOrigin } from "@/lib/audit";

/**
 * What the use cases talk to. The composition root (lib/server.ts) builds one per process; tests build
 * their own against PGlite and in-process emulators (test/test-world.ts).
 */
export interface DomainDeps {
  db: PrismaClient;
  azure: AzureClient;
  gitops: GitOpsClient;
  settings: DomainSettings;
  now?: () => Date;
  /** Asks the reconciler for a pass now (a merge was recorded); the composition root wires it. */
  wakeReconciler?: () => void;
  /** The HTTP request a use case runs for, recorded with its audit entries (server actions set it). */
  auditOrigin?: AuditOrigin;
}

/** The settings of the platform the domain needs; the composition root fills them from lib/env. */
export interface DomainSettings {
  /** The portal's public URL, for links in pull requests. */
  publicUrl: string;
  subscriptionId: string;
  prLabels: string[];
  prReviewers: string[];
  prTeamReviewers: string[];
  retirementWindowDays: number;
  /** "none" leaves merging to GitHub (branch protection / auto-merge): ModelGate only approves. */
  mergeMethod: "merge" | "squash" | "rebase" | "none";
  /** Nobody decides a request their own team submitted. */
  forbidSameTeam: boolean;
  /** Upper bound between two GitHub polls, in seconds. */
  pollIntervalSeconds: number;
  /** The parameter that holds the deployments array in every parameter file. */
  deploymentsParam: string;
  /** Where notifications go besides the in-app menu (lib/notify sends them from the job runner). */
  notifications: NotificationSettings;
  /** New requests one person may submit per hour. */
  submissionsPerHour: number;
  /** Decisions one person may make per hour. */
  decisionsPerHour: number;
  /** The name of the deploy workflow's subscription-scope template deployment in Azure. */
  armDeploymentName: string;
  /** What the repository's deploy does with deployments the file no longer has (plans say so). */
  deployRemovedDeployments: "keep" | "delete";
}

/** E-mail (SMTP) and chat webhooks for notifications; each is off when unset. */
export interface NotificationSettings {
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string; from: string } | null;
  teamsWebhookUrl?: string;
  slackWebhookUrl?: string;
  /** Approvers hear of requests waiting for a decision longer than this many hours. */
  waitingHours: number;
}

/** The settings tests and tools start from (the demo's values); override what matters. */
export const DEFAULT_SETTINGS: DomainSettings = {
  publicUrl: "http://127.0.0.1:3000",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  prLabels: [],
  prReviewers: [],
  prTeamReviewers: [],
  retirementWindowDays: 90,
  mergeMethod: "squash",
  forbidSameTeam: true,
  pollIntervalSeconds: 30,
  deploymentsParam: "openaiDeployments",
  notifications: { smtp: null, waitingHours: 24 },
  submissionsPerHour: 30,
  decisionsPerHour: 120,
  armDeploymentName: "deploy_ai_models",
  deployRemovedDeployments: "keep",
};
