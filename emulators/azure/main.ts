/**
 * CLI: `npm run emulator:azure [-- --reset]`. Prints exactly one line once listening, then serves until
 * SIGINT/SIGTERM. Configuration comes from AZURE_EMULATOR_* variables (see emulators/azure/README.md).
 */
import { DEFAULT_AZURE_EMULATOR_PORT, startAzureEmulator, type AzureEmulatorSwitches, type DeploymentFailure } from "./server";

function fail(message: string, code = 1): never {
  process.stderr.write(`azure emulator: ${message}\n`);
  process.exit(code);
}

function numberFromEnv(name: string, min: number, max: number, integer: boolean): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    fail(`${name}=${raw} is invalid: expected ${integer ? "an integer" : "a number"} from ${min} to ${max}`, 2);
  }
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--reset");
  if (unknown.length > 0) fail(`unknown argument ${unknown[0]} (the only flag is --reset)`, 2);

  const switches: Partial<AzureEmulatorSwitches> = {};
  const entries: [Exclude<keyof AzureEmulatorSwitches, "limitedAccessGranted">, string, number, number, boolean][] = [
    ["latencyMs", "AZURE_EMULATOR_LATENCY_MS", 0, 120_000, true],
    ["errorRate", "AZURE_EMULATOR_ERROR_RATE", 0, 1, false],
    ["throttleRate", "AZURE_EMULATOR_THROTTLE_RATE", 0, 1, false],
    ["retryAfterSeconds", "AZURE_EMULATOR_RETRY_AFTER_SECONDS", 0, 3600, true],
  ];
  for (const [key, env, min, max, integer] of entries) {
    const value = numberFromEnv(env, min, max, integer);
    if (value !== undefined) switches[key] = value;
  }
  const access = process.env.AZURE_EMULATOR_LIMITED_ACCESS;
  if (access !== undefined && access !== "") {
    if (access !== "granted" && access !== "denied") fail(`AZURE_EMULATOR_LIMITED_ACCESS=${access} is invalid: expected granted or denied`, 2);
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

  const port = numberFromEnv("AZURE_EMULATOR_PORT", 0, 65535, true) ?? DEFAULT_AZURE_EMULATOR_PORT;
  let emulator;
  try {
    emulator = await startAzureEmulator({
      port,
      dataDir: process.env.AZURE_EMULATOR_DATA_DIR || undefined,
      certDir: process.env.AZURE_EMULATOR_CERT_DIR || undefined,
      lroStepMs: numberFromEnv("AZURE_EMULATOR_LRO_STEP_MS", 0, 600_000, true),
      seed: args.includes("--reset"),
      switches,
      failDeployments,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  process.stdout.write(`azure emulator listening on ${emulator.url} subscription ${emulator.subscriptionId}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
