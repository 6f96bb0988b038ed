import "server-only";
import { prisma, type PrismaClient } from "@/lib/db";
import { getConfig } from "@/lib/env";
import type { GitOpsClient } from "@/lib/gitops";
import { getGitOpsClient } from "./integrations";

/** What approval decisions and GitHub sync need; tests pass their own (PGlite, in-process emulator). */
export interface QueueDeps {
  db: PrismaClient;
  gitops: GitOpsClient;
  settings: QueueSettings;
  now?: () => Date;
}

export interface QueueSettings {
  /** "none" leaves merging to GitHub (branch protection / auto-merge): ModelGate only approves. */
  mergeMethod: "merge" | "squash" | "rebase" | "none";
  /** Nobody decides a request their own team submitted. */
  forbidSameTeam: boolean;
  /** Upper bound between two GitHub polls, in seconds. */
  pollIntervalSeconds: number;
}

/** The process's database, GitHub client and decision settings. */
export async function getQueueDeps(): Promise<QueueDeps> {
  const config = getConfig();
  return {
    db: await prisma(),
    gitops: getGitOpsClient(),
    settings: {
      mergeMethod: config.github.mergeMethod,
      forbidSameTeam: config.approvalForbidSameTeam,
      pollIntervalSeconds: config.syncIntervalSeconds,
    },
  };
}
