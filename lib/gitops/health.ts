import "server-only";
import { GitOpsClient } from "./client";
import type { GitHubHealth, GitOpsClientOptions, GitOpsConfig } from "./types";

/** Can ModelGate reach the platform repository with its credentials? {ok, latencyMs, error?}. */
export async function checkGitHubHealth(target: GitOpsConfig | GitOpsClient, options: GitOpsClientOptions = {}): Promise<GitHubHealth> {
  const client = target instanceof GitOpsClient ? target : new GitOpsClient(target, { timeoutMs: 5_000, retries: 0, ...options });
  return client.checkHealth();
}
