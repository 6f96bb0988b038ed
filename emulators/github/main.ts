/**
 * CLI: `npm run emulator:github [-- --reset]`. Prints exactly one line once listening, then serves until
 * SIGINT/SIGTERM. Configuration comes from GITHUB_EMULATOR_* variables and AZURE_EMULATOR_URL (see README.md).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SEED_SUBSCRIPTION_ID } from "../seed/world";
import { createEmulatorCli } from "../shared/cli";
import { DEMO_TIMINGS, FAST_TIMINGS } from "./actions-runner";
import { parsePermissions, type Permissions } from "./permissions";
import { DEFAULT_TOKEN, startGitHubEmulator, type GitHubEmulatorOptions } from "./server";

export const DEFAULT_PORT = 4010;
export const DEFAULT_REVIEWER_TOKEN = "modelgate-demo-reviewer-token";
export const DEFAULT_WEBHOOK_SECRET = "modelgate-demo-webhook-secret";

const cli = createEmulatorCli("github emulator");
const { env, numberEnv, boolEnv, fail } = cli;

function listEnv(name: string): string[] | undefined {
  return env(name)?.split(",").map((s) => s.trim()).filter(Boolean);
}

function permissionsEnv(name: string): Permissions | undefined {
  const raw = env(name);
  if (raw === undefined) return undefined;
  try {
    return parsePermissions(raw);
  } catch (e) {
    return fail(`${name}=${raw} is invalid: ${(e as Error).message}`, 2);
  }
}

/** PEM text, or the path of a PEM file. */
function pem(value: string): string {
  return value.includes("-----BEGIN") ? value.replace(/\\n/g, "\n") : readFileSync(value, "utf8");
}

function optionsFromEnv(reset: boolean): GitHubEmulatorOptions {
  const port = numberEnv("GITHUB_EMULATOR_PORT", 0, 65535) ?? DEFAULT_PORT;
  const azureUrl = env("AZURE_EMULATOR_URL");
  const caFile = env("AZURE_EMULATOR_CA_FILE") ?? (existsSync(".data/certs/ca.pem") ? path.resolve(".data/certs/ca.pem") : undefined);
  const webhookUrl = env("GITHUB_EMULATOR_WEBHOOK_URL");
  const appId = env("GITHUB_EMULATOR_APP_ID");
  const timingsName = env("GITHUB_EMULATOR_TIMINGS") ?? "demo";
  if (timingsName !== "demo" && timingsName !== "fast") fail(`GITHUB_EMULATOR_TIMINGS=${timingsName} is invalid: expected demo or fast`, 2);
  const stepMs = numberEnv("GITHUB_EMULATOR_STEP_MS", 0, 600_000);
  return {
    port,
    reset,
    dataDir: env("GITHUB_EMULATOR_DATA_DIR") ?? ".data/github-emulator",
    token: env("GITHUB_EMULATOR_TOKEN") ?? DEFAULT_TOKEN,
    tokenUser: env("GITHUB_EMULATOR_TOKEN_USER"),
    extraTokens: { [env("GITHUB_EMULATOR_REVIEWER_TOKEN") ?? DEFAULT_REVIEWER_TOKEN]: env("GITHUB_EMULATOR_REVIEWER_USER") ?? "platform-approver" },
    azure: azureUrl
      ? { url: azureUrl, subscriptionId: env("AZURE_SUBSCRIPTION_ID") ?? SEED_SUBSCRIPTION_ID, ca: caFile && existsSync(caFile) ? readFileSync(caFile) : undefined }
      : undefined,
    webhook: webhookUrl ? { url: webhookUrl, secret: env("GITHUB_EMULATOR_WEBHOOK_SECRET") ?? DEFAULT_WEBHOOK_SECRET } : undefined,
    app: appId
      ? {
          appId,
          privateKey: pem(env("GITHUB_EMULATOR_APP_PRIVATE_KEY") ?? fail("GITHUB_EMULATOR_APP_ID needs GITHUB_EMULATOR_APP_PRIVATE_KEY (PEM or file path)", 2)),
          installationId: env("GITHUB_EMULATOR_APP_INSTALLATION_ID") ?? fail("GITHUB_EMULATOR_APP_ID needs GITHUB_EMULATOR_APP_INSTALLATION_ID", 2),
          permissions: permissionsEnv("GITHUB_EMULATOR_APP_PERMISSIONS"),
        }
      : undefined,
    timings: { ...(timingsName === "fast" ? FAST_TIMINGS : DEMO_TIMINGS), ...(stepMs !== undefined ? { stepMs } : {}) },
    mergeabilityDelayMs: timingsName === "fast" ? 0 : 1000,
    faults: {
      latencyMs: numberEnv("GITHUB_EMULATOR_LATENCY_MS", 0, 120_000),
      errorRate: numberEnv("GITHUB_EMULATOR_ERROR_RATE", 0, 1),
      secondaryRateLimitRate: numberEnv("GITHUB_EMULATOR_SECONDARY_RATE_LIMIT_RATE", 0, 1),
    },
    branchProtection: {
      requiredApprovals: numberEnv("GITHUB_EMULATOR_REQUIRED_APPROVALS", 0, 10) ?? 1,
      requireUpToDate: boolEnv("GITHUB_EMULATOR_REQUIRE_UP_TO_DATE") ?? false,
      dismissStaleReviews: boolEnv("GITHUB_EMULATOR_DISMISS_STALE_REVIEWS") ?? false,
    },
    deployConcurrency: boolEnv("GITHUB_EMULATOR_DEPLOY_CONCURRENCY"),
    collaborators: listEnv("GITHUB_EMULATOR_COLLABORATORS"),
    teams: listEnv("GITHUB_EMULATOR_TEAMS"),
    allowSelfApproval: boolEnv("GITHUB_EMULATOR_ALLOW_SELF_APPROVAL"),
    deleteOnUnmanage: boolEnv("GITHUB_EMULATOR_DELETE_ON_UNMANAGE"),
  };
}

const options = optionsFromEnv(cli.parseArgs().reset);
void cli.serve({
  port: options.port ?? DEFAULT_PORT,
  portEnv: "GITHUB_EMULATOR_PORT",
  start: () => startGitHubEmulator(options),
  readyLine: (emulator) => `github emulator listening on ${emulator.url} repo ${emulator.owner}/${emulator.repo}`,
});
