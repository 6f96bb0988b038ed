/**
 * CLI: `npm run emulator:azure [-- --reset]`. Prints exactly one line once listening, then serves until
 * SIGINT/SIGTERM. Configuration comes from AZURE_EMULATOR_* variables (see emulators/azure/README.md).
 */
import { createEmulatorCli } from "../shared/cli";
import { DEFAULT_AZURE_EMULATOR_PORT, startAzureEmulator, type AzureEmulatorSwitches, type DeploymentFailure } from "./server";

const cli = createEmulatorCli("azure emulator");

function main(): Promise<void> {
  const { reset } = cli.parseArgs();

  const switches: Partial<AzureEmulatorSwitches> = {};
  const entries: [Exclude<keyof AzureEmulatorSwitches, "limitedAccessGranted">, string, number, number, boolean][] = [
    ["latencyMs", "AZURE_EMULATOR_LATENCY_MS", 0, 120_000, true],
    ["errorRate", "AZURE_EMULATOR_ERROR_RATE", 0, 1, false],
    ["throttleRate", "AZURE_EMULATOR_THROTTLE_RATE", 0, 1, false],
    ["retryAfterSeconds", "AZURE_EMULATOR_RETRY_AFTER_SECONDS", 0, 3600, true],
  ];
  for (const [key, env, min, max, integer] of entries) {
    const value = cli.numberEnv(env, min, max, { integer });
    if (value !== undefined) switches[key] = value;
  }
  const access = process.env.AZURE_EMULATOR_LIMITED_ACCESS;
  if (access !== undefined && access !== "") {
    if (access !== "granted" && access !== "denied") cli.fail(`AZURE_EMULATOR_LIMITED_ACCESS=${access} is invalid: expected granted or denied`, 2);
    switches.limitedAccessGranted = access === "granted";
  }
  const failDeployments: DeploymentFailure[] = (process.env.AZURE_EMULATOR_FAIL_DEPLOYMENTS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [account, deployment] = entry.includes("/") ? entry.split("/", 2) : [undefined, entry];
      return account ? { account, deployment } : { deployment };
    });

  const port = cli.numberEnv("AZURE_EMULATOR_PORT", 0, 65535, { integer: true }) ?? DEFAULT_AZURE_EMULATOR_PORT;
  const lroStepMs = cli.numberEnv("AZURE_EMULATOR_LRO_STEP_MS", 0, 600_000, { integer: true });
  return cli.serve({
    port,
    portEnv: "AZURE_EMULATOR_PORT",
    start: () =>
      startAzureEmulator({
        port,
        dataDir: process.env.AZURE_EMULATOR_DATA_DIR || undefined,
        certDir: process.env.AZURE_EMULATOR_CERT_DIR || undefined,
        lroStepMs,
        seed: reset,
        switches,
        failDeployments,
      }),
    readyLine: (emulator) => `azure emulator listening on ${emulator.url} subscription ${emulator.subscriptionId}`,
  });
}

void main();
