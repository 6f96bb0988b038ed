/**
 * A whole ModelGate world for integration tests: a fresh database, both emulators in-process (GitHub's
 * deploy runs apply to the Azure emulator), and the domain's DomainDeps wired to them with fast timings.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startAzureEmulator, type AzureEmulator } from "../emulators/azure/server";
import { startGitHubEmulator, type GitHubEmulator, type GitHubEmulatorOptions } from "../emulators/github/server";
import { createAzureClient } from "@/lib/azure";
import { createGitOpsClient, type GitOpsClientOptions } from "@/lib/gitops";
import { DEFAULT_SETTINGS, type DomainDeps, type DomainSettings } from "@/lib/requests";
import { openTestDatabase, type TestDatabase } from "./test-db";

export interface TestWorld {
  t: TestDatabase;
  azure: AzureEmulator;
  github: GitHubEmulator;
  deps: DomainDeps;
  close(): Promise<void>;
}

export interface TestWorldOptions {
  /** The Azure emulator's clock (retirement dates, provisioning steps). */
  azureNow?: () => number;
  /** The domain's clock. */
  now?: () => Date;
  lroStepMs?: number;
  azurePollMs?: number;
  azureMaxRetries?: number;
  gitops?: Partial<GitOpsClientOptions>;
  settings?: Partial<DomainSettings>;
  /** More GitHub emulator options (branch protection, collaborators, the workflow's concurrency group…). */
  github?: Partial<GitHubEmulatorOptions>;
  /** Authenticate to GitHub as an App installation (with these installation permissions) instead of a token. */
  githubApp?: { permissions?: Record<string, "read" | "write" | "admin"> };
  /** A second GitHub identity for reviews, as production needs (GitHub refuses approvals by a PR's author). */
  reviewer?: boolean;
  /** Create the database on this PostgreSQL server (for tests that run parts of the portal as other processes). */
  postgresUrl?: string;
}

const REVIEWER_TOKEN = "test-reviewer-token";

/** Starts the world; call close() in afterAll. */
export async function startTestWorld(options: TestWorldOptions = {}): Promise<TestWorld> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-world-"));
  const t = await openTestDatabase({ postgresUrl: options.postgresUrl });
  const azure = await startAzureEmulator({ port: 0, persist: false, seed: true, lroStepMs: options.lroStepMs ?? 20, now: options.azureNow });
  const app = options.githubApp
    ? { appId: 4242, installationId: 77, privateKey: generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey }
    : undefined;
  const github = await startGitHubEmulator({
    port: 0,
    dataDir: path.join(dir, "github"),
    reset: true,
    ...(options.reviewer ? { extraTokens: { [REVIEWER_TOKEN]: "platform-approver" } } : {}),
    azure: { url: azure.url, subscriptionId: azure.subscriptionId, ca: readFileSync(azure.caPath) },
    timings: { queuedMs: 5, stepMs: 5, azurePollMs: options.azurePollMs ?? 20, azureTimeoutMs: 15_000 },
    ...(app ? { app: { ...app, permissions: options.githubApp?.permissions } } : {}),
    ...options.github,
  });
  const maxRetries = options.azureMaxRetries ?? 3;
  const deps: DomainDeps = {
    db: t.db.prisma,
    azure: createAzureClient({
      subscriptionId: azure.subscriptionId,
      endpoint: azure.url,
      credential: { kind: "static-token", token: "test" },
      retry: { maxRetries, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
      pollIntervalMs: 5,
    }),
    gitops: createGitOpsClient(
      {
        baseUrl: github.url,
        owner: github.owner,
        repo: github.repo,
        auth: app ? { kind: "app", ...app } : { kind: "token", token: github.token },
        ...(options.reviewer ? { reviewerAuth: { kind: "token" as const, token: REVIEWER_TOKEN } } : {}),
      },
      { writeIntervalMs: 0, retryBaseMs: 5, rateLimitWaitUnitMs: 5, timeoutMs: 10_000, ...options.gitops },
    ),
    settings: {
      ...DEFAULT_SETTINGS,
      publicUrl: "https://modelgate.test",
      subscriptionId: azure.subscriptionId,
      mergeMethod: "squash",
      ...options.settings,
    },
    ...(options.now ? { now: options.now } : {}),
  };
  return {
    t,
    azure,
    github,
    deps,
    close: async () => {
      await github.close();
      await azure.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
