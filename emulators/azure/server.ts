/**
 * An Azure Resource Manager emulator for Microsoft.CognitiveServices (api-version 2025-09-01) and the template
 * deployments (Microsoft.Resources/deployments, 2025-03-01) that apply a parameter file: HTTPS on 127.0.0.1,
 * ARM's paths and JSON shapes, long-running operations, quota, and switches for latency, 5xx answers,
 * throttling, failing deployments and limited-access models. Used by tests (in-process) and by the demo.
 * Routes live in routes/*.ts, one module per resource type; request handling in request-handler.ts.
 */
import https from "node:https";
import path from "node:path";
import { SEED_SUBSCRIPTION_ID, SEED_TENANT_ID } from "../seed/world";
import { Router, closeServer, listen } from "../shared/http-router";
import { ensureLocalCertificates } from "../tls";
import { AzureWorld } from "./engine";
import { createRequestHandler } from "./request-handler";
import { accountRoutes } from "./routes/accounts";
import { armDeploymentRoutes } from "./routes/arm-deployments";
import { adminRoutes } from "./routes/admin";
import type { ArmHandler, RouteKit } from "./routes/context";
import { deploymentRoutes } from "./routes/deployments";
import { modelRoutes } from "./routes/models";
import { operationRoutes } from "./routes/operations";
import { raiPolicyRoutes } from "./routes/rai-policies";
import { usageRoutes } from "./routes/usages";
import { loadState, saveState, seedState, type EmulatorState } from "./state";
import { FaultControls, type AzureEmulatorSwitches, type DeploymentFailure } from "./switches";
import { TemplateDeployments } from "./template-deployments/deployments";

export { DEFAULT_API_VERSION } from "./request-handler";
export type { AzureEmulatorSwitches, DeploymentFailure } from "./switches";

export const DEFAULT_AZURE_EMULATOR_PORT = 4020;

export interface AzureEmulatorOptions {
  /** Port to listen on; 0 picks a free one. Default 4020. */
  port?: number;
  host?: "127.0.0.1";
  /** Where state.json lives. Default `.data/azure-emulator`. */
  dataDir?: string;
  /** Keep state in a file (default true); false keeps it in memory only. */
  persist?: boolean;
  /** Start from the seed world even when a state file exists (what `--reset` does). Default false. */
  seed?: boolean;
  /** Local CA and certificate directory (see emulators/tls.ts). Default `.data/certs`. */
  certDir?: string;
  /** Time a deployment spends in each provisioning state. Default 1500 ms; 0 completes on the first poll. */
  lroStepMs?: number;
  /** Items per page before a `nextLink` is returned. Default 100. */
  pageSize?: number;
  switches?: Partial<AzureEmulatorSwitches>;
  failDeployments?: DeploymentFailure[];
  /** Clock (ms since epoch); lets tests pin "today" for retirement checks. */
  now?: () => number;
}

export interface AzureEmulator {
  /** Base URL, e.g. https://127.0.0.1:4020 (use as the ARM endpoint). */
  url: string;
  port: number;
  subscriptionId: string;
  tenantId: string;
  /** CA certificate clients must trust (NODE_EXTRA_CA_CERTS). */
  caPath: string;
  /** The state file, when persisting. */
  stateFile?: string;
  /** Restores the seed world and clears all switches and pending failures. */
  reset(): void;
  /** Changes switches at runtime; returns the switches now in force. */
  configure(switches: Partial<AzureEmulatorSwitches>): AzureEmulatorSwitches;
  /** Makes the next create/update of a deployment end Failed with an ARM error. */
  failNextDeployment(failure: DeploymentFailure): void;
  /** A copy of the current world (after moving operations along). */
  snapshot(): EmulatorState;
  close(): Promise<void>;
}

/** The saved world, unless told to start from the seed; an unreadable file is reported and replaced. */
function initialState(stateFile: string | undefined, seed: boolean | undefined): EmulatorState {
  if (stateFile && !seed) {
    const loaded = loadState(stateFile);
    if (loaded.source === "invalid") {
      process.stderr.write(`azure emulator: ignoring unreadable state file ${stateFile} (${loaded.reason}); starting from the seed\n`);
    }
    if (loaded.state) return loaded.state;
  }
  return seedState(SEED_SUBSCRIPTION_ID);
}

/** Starts the emulator on 127.0.0.1 with HTTPS; resolves once it listens. */
export async function startAzureEmulator(options: AzureEmulatorOptions = {}): Promise<AzureEmulator> {
  const host = options.host ?? "127.0.0.1";
  const persist = options.persist ?? true;
  const stateFile = persist ? path.resolve(options.dataDir ?? ".data/azure-emulator", "state.json") : undefined;
  const certificates = ensureLocalCertificates(options.certDir);

  const faults = new FaultControls(options.switches, options.failDeployments);
  const world = new AzureWorld(initialState(stateFile, options.seed), {
    lroStepMs: options.lroStepMs ?? 1500,
    now: options.now ?? Date.now,
    onChange: () => {
      if (stateFile) saveState(stateFile, world.state);
    },
    takeFailure: (account, deployment) => faults.takeFailure(account, deployment),
    limitedAccessGranted: () => faults.switches.limitedAccessGranted,
  });
  if (stateFile) saveState(stateFile, world.state);

  let baseUrl = "";
  const kit: RouteKit = {
    world,
    faults,
    templates: new TemplateDeployments(world),
    baseUrl: () => baseUrl,
    pageSize: Math.max(1, options.pageSize ?? 100),
  };
  const reset = () => {
    world.state = seedState(SEED_SUBSCRIPTION_ID);
    kit.faults.reset();
    if (stateFile) saveState(stateFile, world.state);
  };

  const arm = new Router<ArmHandler>({ caseInsensitive: true });
  for (const register of [accountRoutes, deploymentRoutes, raiPolicyRoutes, modelRoutes, usageRoutes, operationRoutes, armDeploymentRoutes]) register(arm, kit);
  const handler = createRequestHandler(kit, arm, adminRoutes(kit, reset));

  const server = https.createServer({ cert: certificates.cert, key: certificates.key }, handler);
  const port = await listen(server, options.port ?? DEFAULT_AZURE_EMULATOR_PORT, host, "AZURE_EMULATOR_PORT");
  baseUrl = `https://${host}:${port}`;

  return {
    url: baseUrl,
    port,
    subscriptionId: world.subscriptionId,
    tenantId: SEED_TENANT_ID,
    caPath: certificates.caPath,
    ...(stateFile ? { stateFile } : {}),
    reset,
    configure: (partial) => kit.faults.configure(partial),
    failNextDeployment: (failure) => kit.faults.addFailure(failure),
    snapshot() {
      world.advance();
      return structuredClone(world.state);
    },
    close: () => closeServer(server),
  };
}
