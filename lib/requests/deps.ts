import "server-only";
import type { AzureClient } from "@/lib/azure";
import { prisma, type PrismaClient } from "@/lib/db";
import { getConfig } from "@/lib/env";
import type { GitOpsClient } from "@/lib/gitops";
import { getAzureClient, getGitOpsClient } from "./integrations";

/** What the request use cases talk to; tests pass their own (PGlite, in-process emulators). */
export interface RequestDeps {
  db: PrismaClient;
  azure: AzureClient;
  gitops: GitOpsClient;
  settings: RequestSettings;
  now?: () => Date;
}

export interface RequestSettings {
  publicUrl: string;
  subscriptionId: string;
  prLabels: string[];
  prReviewers: string[];
  prTeamReviewers: string[];
  retirementWindowDays: number;
}

/** The process's database, clients and settings. */
export async function getRequestDeps(): Promise<RequestDeps> {
  const config = getConfig();
  return {
    db: await prisma(),
    azure: getAzureClient(),
    gitops: getGitOpsClient(),
    settings: {
      publicUrl: config.publicUrl,
      subscriptionId: config.azure.subscriptionId,
      prLabels: config.github.prLabels,
      prReviewers: config.github.prReviewers,
      prTeamReviewers: config.github.prTeamReviewers,
      retirementWindowDays: config.retirementWindowDays,
    },
  };
}
