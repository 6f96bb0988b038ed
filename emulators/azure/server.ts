/**
 * An Azure Resource Manager emulator for Microsoft.CognitiveServices (api-version 2025-09-01): HTTPS on
 * 127.0.0.1, ARM's paths and JSON shapes, long-running deployment operations, quota, and switches for
 * latency, 5xx answers, throttling and failing deployments. Used by tests (in-process) and by the demo.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import path from "node:path";
import { z } from "zod";
import { SEED_SUBSCRIPTION_ID, SEED_TENANT_ID } from "../seed/world";
import { closeServer, listen, readBody, Router, sendResult, type HttpResult } from "../shared/http-router";
import { ensureLocalCertificates } from "../tls";
import {
  ArmError,
  PROVIDER,
  renderAccount,
  renderDeployment,
  renderModel,
  renderOperationStatus,
  renderRaiPolicy,
  renderSkuCapacity,
  renderUsage,
} from "./arm";
import { isProvisionedSku, type CapacityBounds } from "./catalogue";
import { AzureWorld, type DeploymentWrite } from "./engine";
import { loadState, saveState, seedState, type ArmErrorBody, type EmulatorState } from "./state";

export const DEFAULT_AZURE_EMULATOR_PORT = 4020;
export const DEFAULT_API_VERSION = "2025-09-01";

/** Fault-injection switches; all off by default. */
export interface AzureEmulatorSwitches {
  /** Added delay before every ARM response, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of ARM requests answered 500 InternalServerError. */
  errorRate: number;
  /** Share (0..1) of ARM requests answered 429 TooManyRequests. */
  throttleRate: number;
  /** Retry-After (seconds) sent with 429 answers. */
  retryAfterSeconds: number;
  /** The next N ARM requests are answered 500 (deterministic, for tests). */
  errorNext: number;
  /** The next N ARM requests are answered 429 (deterministic, for tests). */
  throttleNext: number;
}

export interface DeploymentFailure {
  /** Deployment name whose next create/update fails. */
  deployment: string;
  /** Restrict to one account (any account when absent). */
  account?: string;
  code?: string;
  message?: string;
}

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

const NO_SWITCHES: AzureEmulatorSwitches = { latencyMs: 0, errorRate: 0, throttleRate: 0, retryAfterSeconds: 1, errorNext: 0, throttleNext: 0 };

const SwitchesSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    errorRate: z.number().min(0).max(1),
    throttleRate: z.number().min(0).max(1),
    retryAfterSeconds: z.number().int().min(0).max(3600),
    errorNext: z.number().int().min(0),
    throttleNext: z.number().int().min(0),
  })
  .partial()
  .strict();

const FailureSchema = z
  .object({ deployment: z.string().min(1), account: z.string().min(1).optional(), code: z.string().min(1).optional(), message: z.string().min(1).optional() })
  .strict();

const ConfigBodySchema = SwitchesSchema.extend({ failDeployments: z.array(FailureSchema).optional() }).strict();

const HandChangeSchema = z
  .object({
    capacity: z.number().int().min(0).optional(),
    skuName: z.string().min(1).optional(),
    version: z.string().min(1).optional(),
    provisioningState: z.string().min(1).optional(),
  })
  .strict();

const QuotaSchema = z.object({ location: z.string().min(1), usageName: z.string().min(1), limit: z.number().int().min(0) }).strict();

interface ArmContext {
  params: Record<string, string>;
  query: URLSearchParams;
  url: URL;
  apiVersion: string;
  body: unknown;
  principal: string;
}

type ArmHandler = (ctx: ArmContext) => HttpResult;
type AdminHandler = (ctx: { params: Record<string, string>; body: unknown }) => HttpResult;

const SUB = "/subscriptions/:subscriptionId";
const RG = `${SUB}/resourceGroups/:resourceGroupName/providers/${PROVIDER}`;
const ACCOUNT = `${RG}/accounts/:accountName`;
const DEPLOYMENT = `${ACCOUNT}/deployments/:deploymentName`;
const LOCATION = `${SUB}/providers/${PROVIDER}/locations/:location`;

/** Who made a change: the token's user or app when it is a JWT, otherwise a fixed demo principal. */
function principalFromToken(token: string): string {
  const parts = token.split(".");
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Record<string, unknown>;
      for (const key of ["upn", "unique_name", "preferred_username", "appid", "oid"]) {
        if (typeof claims[key] === "string" && claims[key]) return claims[key] as string;
      }
    } catch {
      // not a JWT after all
    }
  }
  return "modelgate-demo";
}

function allowedValues(bounds: CapacityBounds): number[] {
  const values: number[] = [];
  for (let v = bounds.minimum; v <= bounds.maximum; v += bounds.step) values.push(v);
  return values;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts the emulator on 127.0.0.1 with HTTPS; resolves once it listens. */
export async function startAzureEmulator(options: AzureEmulatorOptions = {}): Promise<AzureEmulator> {
  const host = options.host ?? "127.0.0.1";
  const persist = options.persist ?? true;
  const stateFile = persist ? path.resolve(options.dataDir ?? ".data/azure-emulator", "state.json") : undefined;
  const pageSize = Math.max(1, options.pageSize ?? 100);
  const now = options.now ?? Date.now;
  const certificates = ensureLocalCertificates(options.certDir);

  let initial: EmulatorState | undefined;
  if (stateFile && !options.seed) {
    const loaded = loadState(stateFile);
    if (loaded.source === "invalid") {
      process.stderr.write(`azure emulator: ignoring unreadable state file ${stateFile} (${loaded.reason}); starting from the seed\n`);
    }
    initial = loaded.state;
  }
  const world = new AzureWorld(initial ?? seedState(SEED_SUBSCRIPTION_ID), {
    lroStepMs: options.lroStepMs ?? 1500,
    now,
    onChange: () => {
      if (stateFile) saveState(stateFile, world.state);
    },
  });
  if (stateFile) saveState(stateFile, world.state);

  let switches: AzureEmulatorSwitches = { ...NO_SWITCHES, ...SwitchesSchema.parse(options.switches ?? {}) };
  let failures: DeploymentFailure[] = (options.failDeployments ?? []).map((f) => FailureSchema.parse(f));
  let baseUrl = "";

  const takeFailure = (account: string, deployment: string): ArmErrorBody | undefined => {
    const index = failures.findIndex(
      (f) => f.deployment.toLowerCase() === deployment.toLowerCase() && (!f.account || f.account.toLowerCase() === account.toLowerCase()),
    );
    if (index < 0) return undefined;
    const [failure] = failures.splice(index, 1);
    return {
      code: failure.code ?? "InternalServerError",
      message:
        failure.message ??
        `An internal error occurred while provisioning deployment '${deployment}'. Retry the operation; if it fails again, contact Azure support.`,
    };
  };

  // ---- ARM routes ----------------------------------------------------------------------------------------

  const page = (items: unknown[], ctx: ArmContext): HttpResult => {
    const skip = Math.max(0, Number.parseInt(ctx.query.get("$skipToken") ?? "0", 10) || 0);
    const value = items.slice(skip, skip + pageSize);
    const body: Record<string, unknown> = { value };
    if (skip + pageSize < items.length) {
      const next = new URL(ctx.url.pathname + ctx.url.search, baseUrl);
      next.searchParams.set("$skipToken", String(skip + pageSize));
      body.nextLink = next.toString();
    }
    return { status: 200, body };
  };

  const operationHeaders = (write: DeploymentWrite, apiVersion: string): Record<string, string> => {
    const op = write.operation!;
    const base = `${baseUrl}/subscriptions/${world.subscriptionId}/providers/${PROVIDER}/locations/${op.location}`;
    const headers: Record<string, string> = {
      "Azure-AsyncOperation": `${base}/operationStatuses/${op.id}?api-version=${apiVersion}`,
      Location: `${base}/operationResults/${op.id}?api-version=${apiVersion}`,
    };
    const retryAfter = Math.round(op.stepMs / 1000);
    if (retryAfter > 0) headers["Retry-After"] = String(retryAfter);
    return headers;
  };

  const sub = (ctx: ArmContext) => world.requireSubscription(ctx.params.subscriptionId);

  const arm = new Router<ArmHandler>({ caseInsensitive: true })
    .on("GET", `${SUB}/providers/${PROVIDER}/accounts`, (ctx) => {
      sub(ctx);
      return page(world.listAccounts().map((a) => renderAccount(world.subscriptionId, a)), ctx);
    })
    .on("GET", `${RG}/accounts`, (ctx) => {
      sub(ctx);
      return page(world.listAccounts(ctx.params.resourceGroupName).map((a) => renderAccount(world.subscriptionId, a)), ctx);
    })
    .on("GET", ACCOUNT, (ctx) => {
      sub(ctx);
      return { status: 200, body: renderAccount(world.subscriptionId, world.getAccount(ctx.params.resourceGroupName, ctx.params.accountName)) };
    })
    .on("GET", `${ACCOUNT}/deployments`, (ctx) => {
      sub(ctx);
      const list = world.listDeployments(ctx.params.resourceGroupName, ctx.params.accountName);
      return page(list.map((d) => renderDeployment(world.subscriptionId, d)), ctx);
    })
    .on("GET", DEPLOYMENT, (ctx) => {
      sub(ctx);
      const d = world.getDeployment(ctx.params.resourceGroupName, ctx.params.accountName, ctx.params.deploymentName);
      return { status: 200, body: renderDeployment(world.subscriptionId, d) };
    })
    .on("PUT", DEPLOYMENT, (ctx) => {
      sub(ctx);
      const { resourceGroupName, accountName, deploymentName } = ctx.params;
      world.getAccount(resourceGroupName, accountName);
      const failure = takeFailure(accountName, deploymentName);
      let write: DeploymentWrite;
      try {
        write = world.putDeployment(resourceGroupName, accountName, deploymentName, ctx.body, ctx.principal, failure);
      } catch (error) {
        // A request rejected up front does not use up the failure switch.
        if (failure) failures.unshift({ deployment: deploymentName, account: accountName, ...failure });
        throw error;
      }
      return { status: write.status, headers: operationHeaders(write, ctx.apiVersion), body: renderDeployment(world.subscriptionId, write.deployment!) };
    })
    .on("PATCH", DEPLOYMENT, (ctx) => {
      sub(ctx);
      const { resourceGroupName, accountName, deploymentName } = ctx.params;
      world.getDeployment(resourceGroupName, accountName, deploymentName);
      const failure = takeFailure(accountName, deploymentName);
      let write: DeploymentWrite;
      try {
        write = world.patchDeployment(resourceGroupName, accountName, deploymentName, ctx.body, ctx.principal, failure);
      } catch (error) {
        if (failure) failures.unshift({ deployment: deploymentName, account: accountName, ...failure });
        throw error;
      }
      return { status: 202, headers: operationHeaders(write, ctx.apiVersion) };
    })
    .on("DELETE", DEPLOYMENT, (ctx) => {
      sub(ctx);
      const write = world.deleteDeployment(ctx.params.resourceGroupName, ctx.params.accountName, ctx.params.deploymentName);
      if (write.status === 204) return { status: 204 };
      return { status: 202, headers: operationHeaders(write, ctx.apiVersion) };
    })
    .on("GET", `${DEPLOYMENT}/skus`, (ctx) => {
      sub(ctx);
      const skus = world.listDeploymentSkus(ctx.params.resourceGroupName, ctx.params.accountName, ctx.params.deploymentName);
      return page(
        skus.map((s) => ({
          resourceType: `${PROVIDER}/accounts/deployments`,
          sku: { name: s.skuName, capacity: s.capacity },
          capacity: {
            minimum: s.bounds.minimum,
            maximum: s.bounds.maximum,
            step: s.bounds.step,
            default: s.bounds.default,
            // Provisioned capacity comes in discrete blocks, which Azure also lists explicitly.
            ...(isProvisionedSku(s.skuName) ? { allowedValues: allowedValues(s.bounds) } : {}),
          },
        })),
        ctx,
      );
    })
    .on("GET", `${ACCOUNT}/raiPolicies`, (ctx) => {
      sub(ctx);
      const list = world.listRaiPolicies(ctx.params.resourceGroupName, ctx.params.accountName);
      return page(list.map((p) => renderRaiPolicy(world.subscriptionId, p)), ctx);
    })
    .on("GET", `${ACCOUNT}/raiPolicies/:raiPolicyName`, (ctx) => {
      sub(ctx);
      const p = world.getRaiPolicy(ctx.params.resourceGroupName, ctx.params.accountName, ctx.params.raiPolicyName);
      return { status: 200, body: renderRaiPolicy(world.subscriptionId, p) };
    })
    .on("GET", `${LOCATION}/models`, (ctx) => {
      sub(ctx);
      return page(world.listModels(ctx.params.location).map((m) => renderModel(m.model, m.version, m.region)), ctx);
    })
    .on("GET", `${LOCATION}/usages`, (ctx) => {
      sub(ctx);
      return page(world.listUsages(ctx.params.location).map((u) => renderUsage(u.usageName, u.current, u.limit)), ctx);
    })
    .on("GET", `${SUB}/providers/${PROVIDER}/modelCapacities`, (ctx) => capacities(ctx, undefined))
    .on("GET", `${LOCATION}/modelCapacities`, (ctx) => capacities(ctx, ctx.params.location))
    .on("GET", `${LOCATION}/operationStatuses/:operationId`, (ctx) => {
      sub(ctx);
      const op = world.getOperation(ctx.params.location, ctx.params.operationId);
      // Like ARM, tell pollers when to come back while the operation runs.
      const retryAfter = Math.round(op.stepMs / 1000);
      const headers = op.status === "InProgress" && retryAfter > 0 ? { "Retry-After": String(retryAfter) } : undefined;
      return { status: 200, ...(headers ? { headers } : {}), body: renderOperationStatus(world.subscriptionId, op) };
    })
    .on("GET", `${LOCATION}/operationResults/:operationId`, (ctx) => {
      sub(ctx);
      const op = world.getOperation(ctx.params.location, ctx.params.operationId);
      if (op.status === "InProgress") {
        return { status: 202, headers: { Location: ctx.url.toString().replace(ctx.url.origin, baseUrl), "Retry-After": String(Math.max(1, Math.round(op.stepMs / 1000))) } };
      }
      if (op.status === "Failed") throw new ArmError(400, op.error?.code ?? "OperationFailed", op.error?.message ?? "The operation failed.");
      if (op.kind === "delete") return { status: 204 };
      const d = world.getDeployment(op.resourceGroup, op.accountName, op.deploymentName);
      return { status: 200, body: renderDeployment(world.subscriptionId, d) };
    });

  function capacities(ctx: ArmContext, location: string | undefined): HttpResult {
    sub(ctx);
    const format = ctx.query.get("modelFormat");
    const name = ctx.query.get("modelName");
    const version = ctx.query.get("modelVersion");
    for (const [key, value] of [["modelFormat", format], ["modelName", name], ["modelVersion", version]] as const) {
      if (!value) throw new ArmError(400, "MissingRequiredParameter", `The query parameter '${key}' is required.`);
    }
    const ref = { format: format!, name: name!, version: version! };
    const list = world.listModelCapacities(ref, location);
    return page(
      list.map((c) => renderSkuCapacity(world.subscriptionId, c.region, ref, c.skuName, c.available, c.availableFinetune)),
      ctx,
    );
  }

  // ---- admin routes (no auth: loopback only) -------------------------------------------------------------

  const reset = () => {
    world.state = seedState(SEED_SUBSCRIPTION_ID);
    switches = { ...NO_SWITCHES };
    failures = [];
    if (stateFile) saveState(stateFile, world.state);
  };

  const configView = () => ({ ...switches, failDeployments: failures.map((f) => ({ ...f })) });

  const admin = new Router<AdminHandler>()
    .on("GET", "/_emulator/health", () => ({ status: 200, body: { ok: true, subscriptionId: world.subscriptionId } }))
    .on("GET", "/_emulator/config", () => ({ status: 200, body: configView() }))
    .on("POST", "/_emulator/config", ({ body }) => {
      const parsed = ConfigBodySchema.parse(body ?? {});
      const { failDeployments, ...rest } = parsed;
      switches = { ...switches, ...rest };
      if (failDeployments) failures.push(...failDeployments);
      return { status: 200, body: configView() };
    })
    .on("POST", "/_emulator/fail-deployment", ({ body }) => {
      failures.push(FailureSchema.parse(body));
      return { status: 200, body: configView() };
    })
    .on("POST", "/_emulator/reset", () => {
      reset();
      return { status: 200, body: { ok: true } };
    })
    .on("POST", "/_emulator/quota", ({ body }) => {
      const q = QuotaSchema.parse(body);
      const region = world.requireRegion(q.location, "locations/usages");
      world.setQuotaLimit(region, q.usageName, q.limit);
      return { status: 200, body: { location: region, usageName: q.usageName, limit: q.limit, currentValue: world.currentUsage(region, q.usageName) } };
    })
    .on("POST", "/_emulator/accounts/:accountName/deployments/:deploymentName", ({ params, body }) => {
      world.advance();
      const d = world.setDeploymentByHand(params.accountName, params.deploymentName, HandChangeSchema.parse(body));
      return { status: 200, body: renderDeployment(world.subscriptionId, d) };
    })
    .on("GET", "/_emulator/state", () => {
      world.advance();
      return { status: 200, body: world.state };
    });

  // ---- request handling ----------------------------------------------------------------------------------

  const commonHeaders = (req: IncomingMessage): Record<string, string> => {
    const correlation = req.headers["x-ms-client-request-id"];
    return {
      "x-ms-request-id": randomUUID(),
      "x-ms-correlation-request-id": typeof correlation === "string" && correlation ? correlation : randomUUID(),
    };
  };

  const armError = (error: ArmError, headers: Record<string, string>): HttpResult => ({
    status: error.status,
    headers: { ...headers, ...error.headers },
    body: error.body(),
  });

  async function parseBody(req: IncomingMessage): Promise<unknown> {
    if (req.method === "GET" || req.method === "DELETE" || req.method === "HEAD") return undefined;
    const raw = await readBody(req);
    if (raw.length === 0) return undefined;
    try {
      return JSON.parse(raw.toString("utf8"));
    } catch {
      throw new ArmError(400, "InvalidRequestContent", "The request content was not valid JSON.");
    }
  }

  async function handleAdmin(req: IncomingMessage, url: URL): Promise<HttpResult> {
    const match = admin.match(req.method ?? "GET", url.pathname);
    if (!match) return { status: 404, body: { error: { code: "NotFound", message: `No emulator admin endpoint ${req.method} ${url.pathname}.` } } };
    if ("allowed" in match) return { status: 405, headers: { Allow: match.allowed.join(", ") }, body: { error: { code: "MethodNotAllowed", message: `Use ${match.allowed.join(" or ")}.` } } };
    try {
      return match.handler({ params: match.params, body: await parseBody(req) });
    } catch (error) {
      if (error instanceof z.ZodError) {
        return { status: 400, body: { error: { code: "InvalidRequestContent", message: error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") } } };
      }
      throw error;
    }
  }

  async function handleArm(req: IncomingMessage, url: URL, headers: Record<string, string>): Promise<HttpResult> {
    if (switches.latencyMs > 0) await sleep(switches.latencyMs);
    const auth = req.headers.authorization ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    if (!token) {
      const message = auth
        ? "Authentication failed. The 'Authorization' header is provided in an invalid format."
        : "Authentication failed. The 'Authorization' header is missing.";
      return armError(
        new ArmError(401, "AuthenticationFailed", message, {
          "WWW-Authenticate": `Bearer authorization_uri="https://login.microsoftonline.com/${SEED_TENANT_ID}", error="invalid_token", error_description="${message}"`,
        }),
        headers,
      );
    }
    const apiVersion = url.searchParams.get("api-version");
    if (!apiVersion) {
      return armError(new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."), headers);
    }
    if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion)) {
      return armError(new ArmError(400, "InvalidApiVersionParameter", `The api-version '${apiVersion}' is invalid. The supported versions include '${DEFAULT_API_VERSION}'.`), headers);
    }
    const injected = injectFault();
    if (injected) return armError(injected, headers);

    const match = arm.match(req.method ?? "GET", url.pathname);
    if (!match) {
      const message = url.pathname.toLowerCase().includes(`/providers/${PROVIDER.toLowerCase()}/`)
        ? `The resource type could not be found in the namespace '${PROVIDER}' for api version '${apiVersion}'.`
        : `No route for ${req.method} ${url.pathname} in this emulator.`;
      return armError(new ArmError(404, url.pathname.toLowerCase().includes("/providers/") ? "InvalidResourceType" : "NotFound", message), headers);
    }
    if ("allowed" in match) {
      return armError(new ArmError(405, "MethodNotAllowed", `The requested method ${req.method} is not allowed; use ${match.allowed.join(" or ")}.`, { Allow: match.allowed.join(", ") }), headers);
    }
    const body = await parseBody(req);
    world.advance();
    const result = match.handler({ params: match.params, query: url.searchParams, url, apiVersion, body, principal: principalFromToken(token) });
    return { ...result, headers: { ...headers, ...(result.headers ?? {}) } };
  }

  function injectFault(): ArmError | undefined {
    const throttle = () =>
      new ArmError(
        429,
        "TooManyRequests",
        `The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. Please try again after '${switches.retryAfterSeconds}' seconds. For more information, refer to https://aka.ms/armthrottling`,
        { "Retry-After": String(switches.retryAfterSeconds), "x-ms-ratelimit-remaining-subscription-reads": "0" },
      );
    const serverError = () =>
      new ArmError(500, "InternalServerError", `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', tracking id '${randomUUID()}'.`);
    if (switches.throttleNext > 0) {
      switches.throttleNext -= 1;
      return throttle();
    }
    if (switches.errorNext > 0) {
      switches.errorNext -= 1;
      return serverError();
    }
    if (switches.throttleRate > 0 && Math.random() < switches.throttleRate) return throttle();
    if (switches.errorRate > 0 && Math.random() < switches.errorRate) return serverError();
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = commonHeaders(req);
    let result: HttpResult;
    try {
      const url = new URL(req.url ?? "/", baseUrl);
      result = url.pathname.startsWith("/_emulator/") ? await handleAdmin(req, url) : await handleArm(req, url, headers);
    } catch (error) {
      if (error instanceof ArmError) {
        result = armError(error, headers);
      } else if ((error as { code?: string }).code === "too-large") {
        result = armError(new ArmError(413, "RequestEntityTooLarge", "The request content is too large."), headers);
      } else {
        result = armError(new ArmError(500, "InternalServerError", `The emulator failed: ${(error as Error).message}`), headers);
      }
    }
    sendResult(res, result);
  }

  const server = https.createServer({ cert: certificates.cert, key: certificates.key }, (req, res) => {
    void handle(req, res);
  });
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
    configure(partial) {
      switches = { ...switches, ...SwitchesSchema.parse(partial) };
      return { ...switches };
    },
    failNextDeployment(failure) {
      failures.push(FailureSchema.parse(failure));
    },
    snapshot() {
      world.advance();
      return structuredClone(world.state);
    },
    close: () => closeServer(server),
  };
}
