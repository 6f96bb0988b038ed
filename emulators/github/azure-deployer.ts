import http from "node:http";
import https from "node:https";
import { aiModelsParameters, aiModelsTemplate } from "../seed/ai-models-template";
import type { DeploymentElementInput, ParamFileTarget } from "./validate-param-files";

export { aiModelsParameters, aiModelsTemplate };

// Talks to Azure the way the platform workflow's deploy job does: one template deployment per parameter file
// (submitTemplateDeployment). applyDeployment/deleteDeployment write single deployments (deployment stacks
// delete what a file no longer manages).

/** Where the emulated workflow deploys: an ARM endpoint (the Azure emulator) and a subscription. */
export interface AzureTarget {
  url: string;
  subscriptionId: string;
  /** PEM of the CA that signed the endpoint's certificate; else NODE_EXTRA_CA_CERTS / the system store. */
  ca?: string | Buffer;
  /** Bearer token sent to ARM (the emulator accepts any). */
  token?: string;
}

export const ARM_API_VERSION = "2025-09-01";
/** The Microsoft.Resources api-version az CLI sends for template deployments. */
export const ARM_DEPLOYMENTS_API_VERSION = "2025-04-01";
/** The workflow's fixed deployment name (`az deployment sub create --name deploy_ai_models`). */
export const ARM_DEPLOYMENT_NAME = "deploy_ai_models";
/**
 * Where the subscription-scope deployment's metadata lives. The workflow's `location` env, one for every
 * parameter file: ARM refuses to reuse a deployment name in another location (InvalidDeploymentLocation).
 */
export const ARM_DEPLOYMENT_LOCATION = "australiaeast";

export interface ArmResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface DeployOutcome {
  ok: boolean;
  code?: string;
  message?: string;
  provisioningState?: string;
}

function armPath(target: AzureTarget, account: ParamFileTarget, deployment?: string): string {
  const base = `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourceGroups/${encodeURIComponent(account.resourceGroup)}/providers/Microsoft.CognitiveServices/accounts/${encodeURIComponent(account.name)}`;
  return deployment === undefined ? base : `${base}/deployments/${encodeURIComponent(deployment)}`;
}

/** One ARM call over http(s) with the local CA; JSON in, JSON out. `pathname` may be a full URL (LRO polling). */
export function armRequest(target: AzureTarget, method: string, pathname: string, body: unknown, signal?: AbortSignal): Promise<ArmResponse> {
  const url = /^https?:\/\//.test(pathname) ? new URL(pathname) : new URL(`${target.url.replace(/\/$/, "")}${pathname}`);
  if (!url.searchParams.has("api-version")) url.searchParams.set("api-version", ARM_API_VERSION);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const isHttps = url.protocol === "https:";
  const options: https.RequestOptions = {
    method,
    headers: {
      accept: "application/json",
      authorization: `Bearer ${target.token ?? "github-actions-emulator"}`,
      "user-agent": "github-emulator-actions-runner",
      ...(payload ? { "content-type": "application/json", "content-length": String(payload.length) } : {}),
    },
    signal,
    timeout: 30_000,
    ...(isHttps && target.ca ? { ca: target.ca } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown = raw;
        try {
          parsed = raw ? JSON.parse(raw) : null;
        } catch {
          // keep text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`ARM ${method} ${url.pathname} timed out`)));
    req.on("error", reject);
    req.end(payload);
  });
}

function armError(r: ArmResponse): { code: string; message: string } {
  const err = (r.body as { error?: { code?: string; message?: string } } | null)?.error;
  return { code: err?.code ?? `HTTP${r.status}`, message: err?.message ?? (typeof r.body === "string" ? r.body : `ARM answered ${r.status}`) };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function retryAfterMs(r: ArmResponse, fallback: number): number {
  const s = Number(r.headers["retry-after"]);
  return Number.isFinite(s) && s >= 0 ? Math.min(s * 1000, 30_000) : fallback;
}

/** ARM call with the retries az CLI does for throttling (429) and server errors (5xx). */
async function armWithRetry(target: AzureTarget, method: string, pathname: string, body: unknown, opts: { signal?: AbortSignal; pollMs: number; log: (l: string) => void }): Promise<ArmResponse> {
  for (let attempt = 1; ; attempt++) {
    const r = await armRequest(target, method, pathname, body, opts.signal);
    if ((r.status === 429 || r.status >= 500) && attempt < 5) {
      const wait = retryAfterMs(r, opts.pollMs * attempt);
      opts.log(`  ARM ${method} answered ${r.status}; retrying in ${wait} ms`);
      await sleep(wait, opts.signal);
      continue;
    }
    return r;
  }
}

/** An ARM error as template deployments nest it. */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

/** What `az deployment sub create` ended with. */
export interface ArmDeploymentOutcome {
  ok: boolean;
  /**
   * validation: ARM's preflight refused the template and nothing was applied (nor recorded in the deployment
   * history); deployment: it ran and a resource failed; submission: ARM refused the request itself (e.g.
   * DeploymentActive, InvalidDeploymentLocation) or could not be reached.
   */
  stage?: "validation" | "deployment" | "submission";
  provisioningState?: string;
  /** The innermost error (what az CLI users look for). */
  code?: string;
  message?: string;
  /** The whole error as ARM returned it. */
  error?: ArmErrorDetail;
  /** Deployments (element names) the error is about, from its targets or the failed operations. */
  failedDeployments?: string[];
}

/** The innermost errors of a nested ARM error (depth first). */
export function rootCauses(error: ArmErrorDetail): ArmErrorDetail[] {
  return error.details?.length ? error.details.flatMap(rootCauses) : [error];
}

function deploymentNameOf(resourceId: string | undefined): string | undefined {
  return resourceId ? /\/deployments\/([^/]+)$/i.exec(resourceId)?.[1] : undefined;
}

function subscriptionDeploymentPath(target: AzureTarget, name: string): string {
  return `/subscriptions/${encodeURIComponent(target.subscriptionId)}/providers/Microsoft.Resources/deployments/${encodeURIComponent(name)}`;
}

function outcomeFromError(stage: ArmDeploymentOutcome["stage"], error: ArmErrorDetail, provisioningState?: string): ArmDeploymentOutcome {
  const [cause] = rootCauses(error);
  const failed = rootCauses(error)
    .map((e) => deploymentNameOf(e.target))
    .filter((n): n is string => n !== undefined);
  return { ok: false, stage, code: cause.code, message: cause.message, error, ...(provisioningState ? { provisioningState } : {}), ...(failed.length ? { failedDeployments: failed } : {}) };
}

/** The element names whose operations failed in the module deployments a template deployment started. */
async function failedOperationTargets(target: AzureTarget, account: ParamFileTarget, opts: { signal?: AbortSignal; pollMs: number; log: (l: string) => void }): Promise<string[]> {
  const nested = `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourcegroups/${encodeURIComponent(account.resourceGroup)}/deployments/${encodeURIComponent(`ai-models-${account.name}`)}/operations?api-version=${ARM_DEPLOYMENTS_API_VERSION}`;
  const r = await armWithRetry(target, "GET", nested, undefined, opts);
  const value = (r.body as { value?: { properties?: { provisioningState?: string; targetResource?: { id?: string } } }[] } | null)?.value ?? [];
  return value
    .filter((op) => op.properties?.provisioningState === "Failed")
    .map((op) => deploymentNameOf(op.properties?.targetResource?.id))
    .filter((n): n is string => n !== undefined);
}

/**
 * `az deployment sub create --name deploy_ai_models --location <l> --template-file ai-models.bicep
 * --parameters <file>`: submits the whole parameter file as ONE template deployment (Incremental), then
 * follows it to the end the way az CLI does (its Azure-AsyncOperation), and on failure reads which
 * deployments failed from the deployment's operations.
 */
export async function submitTemplateDeployment(
  target: AzureTarget,
  input: { account: ParamFileTarget; elements: DeploymentElementInput[]; deploymentName?: string; location?: string },
  opts: { signal?: AbortSignal; pollMs: number; timeoutMs: number; log: (l: string) => void },
): Promise<ArmDeploymentOutcome> {
  const name = input.deploymentName ?? ARM_DEPLOYMENT_NAME;
  const path = `${subscriptionDeploymentPath(target, name)}?api-version=${ARM_DEPLOYMENTS_API_VERSION}`;
  const body = {
    location: input.location ?? ARM_DEPLOYMENT_LOCATION,
    properties: { mode: "Incremental", template: aiModelsTemplate(), parameters: aiModelsParameters(input.account, input.elements) },
  };
  const put = await armWithRetry(target, "PUT", path, body, opts);
  if (put.status < 200 || put.status > 299) {
    const error = (put.body as { error?: ArmErrorDetail } | null)?.error ?? { code: `HTTP${put.status}`, message: `ARM answered ${put.status}` };
    return outcomeFromError(error.code === "InvalidTemplateDeployment" ? "validation" : "submission", error);
  }
  const statusUrl = put.headers["azure-asyncoperation"];
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const poll = typeof statusUrl === "string" && statusUrl ? await armWithRetry(target, "GET", statusUrl, undefined, opts) : await armWithRetry(target, "GET", path, undefined, opts);
    const status =
      (poll.body as { status?: string } | null)?.status ?? (poll.body as { properties?: { provisioningState?: string } } | null)?.properties?.provisioningState;
    if (status === "Succeeded") return { ok: true, provisioningState: status };
    if (status === "Failed" || status === "Canceled") {
      const error =
        (poll.body as { error?: ArmErrorDetail } | null)?.error ??
        (poll.body as { properties?: { error?: ArmErrorDetail } } | null)?.properties?.error ?? { code: status, message: `deployment ${name} ${status}` };
      const outcome = outcomeFromError("deployment", error, status);
      const failed = await failedOperationTargets(target, input.account, opts).catch(() => []);
      return failed.length ? { ...outcome, failedDeployments: failed } : outcome;
    }
    if (poll.status >= 400 && poll.status !== 404) return outcomeFromError("deployment", (poll.body as { error?: ArmErrorDetail } | null)?.error ?? { code: `HTTP${poll.status}`, message: `ARM answered ${poll.status}` });
    if (Date.now() > deadline) return { ok: false, stage: "deployment", code: "DeploymentTimedOut", message: `deployment ${name} did not finish within ${opts.timeoutMs} ms` };
    await sleep(opts.pollMs, opts.signal);
  }
}

/** The ARM body for one deployments element, as the AVM module builds it. */
export function deploymentBody(el: DeploymentElementInput): Record<string, unknown> {
  const properties: Record<string, unknown> = { model: { format: el.model.format, name: el.model.name, version: el.model.version } };
  if (el.raiPolicyName) properties.raiPolicyName = el.raiPolicyName;
  if (el.versionUpgradeOption) properties.versionUpgradeOption = el.versionUpgradeOption;
  return { sku: { name: el.sku?.name ?? "Standard", capacity: el.sku?.capacity ?? 1 }, properties };
}

/** Does the account exist? (the what-if step's only question). */
export async function readAccount(target: AzureTarget, account: ParamFileTarget, signal?: AbortSignal): Promise<ArmResponse> {
  return armRequest(target, "GET", armPath(target, account), undefined, signal);
}

/** PUTs one deployment and polls it until Azure says Succeeded or Failed (the operation, then the resource). */
export async function applyDeployment(
  target: AzureTarget,
  account: ParamFileTarget,
  el: DeploymentElementInput,
  opts: { signal?: AbortSignal; pollMs: number; timeoutMs: number; log: (l: string) => void },
): Promise<DeployOutcome> {
  const p = armPath(target, account, el.name);
  const put = await armWithRetry(target, "PUT", p, deploymentBody(el), opts);
  if (put.status < 200 || put.status > 299) return { ok: false, ...armError(put) };
  const deadline = Date.now() + opts.timeoutMs;
  // Like az CLI: follow Azure-AsyncOperation, which carries the error of a failed operation.
  const operationUrl = put.headers["azure-asyncoperation"];
  if (typeof operationUrl === "string" && operationUrl) {
    for (;;) {
      const op = await armWithRetry(target, "GET", operationUrl, undefined, opts);
      const body = op.body as { status?: string; error?: { code?: string; message?: string } } | null;
      if (op.status >= 200 && op.status < 300 && body?.status) {
        if (body.status === "Succeeded") return { ok: true, provisioningState: "Succeeded" };
        if (body.status === "Failed" || body.status === "Canceled") {
          return { ok: false, provisioningState: body.status, code: body.error?.code ?? body.status, message: body.error?.message ?? `deployment ${el.name} ${body.status}` };
        }
      } else if (op.status !== 404) break; // fall back to reading the resource
      if (Date.now() > deadline) return { ok: false, code: "DeploymentTimedOut", message: `deployment ${el.name} did not finish within ${opts.timeoutMs} ms` };
      await sleep(opts.pollMs, opts.signal);
    }
  }
  let state = (put.body as { properties?: { provisioningState?: string } } | null)?.properties?.provisioningState;
  while (state !== "Succeeded" && state !== "Failed" && state !== "Canceled") {
    if (Date.now() > deadline) return { ok: false, code: "DeploymentTimedOut", message: `deployment ${el.name} did not finish within ${opts.timeoutMs} ms` };
    await sleep(opts.pollMs, opts.signal);
    const get = await armWithRetry(target, "GET", p, undefined, opts);
    if (get.status === 404) continue;
    if (get.status < 200 || get.status > 299) return { ok: false, ...armError(get) };
    const props = (get.body as { properties?: { provisioningState?: string; error?: { code?: string; message?: string } } } | null)?.properties;
    state = props?.provisioningState;
    if (state === "Failed" || state === "Canceled") {
      return { ok: false, provisioningState: state, code: props?.error?.code ?? state, message: props?.error?.message ?? `deployment ${el.name} ${state}` };
    }
  }
  return state === "Succeeded" ? { ok: true, provisioningState: state } : { ok: false, provisioningState: state, code: state, message: `deployment ${el.name} ${state}` };
}

/** Deletes one deployment (deployment stacks with actionOnUnmanage=delete do this for removed elements). */
export async function deleteDeployment(
  target: AzureTarget,
  account: ParamFileTarget,
  name: string,
  opts: { signal?: AbortSignal; pollMs: number; timeoutMs: number; log: (l: string) => void },
): Promise<DeployOutcome> {
  const p = armPath(target, account, name);
  const del = await armWithRetry(target, "DELETE", p, undefined, opts);
  if (del.status === 404 || del.status === 204) return { ok: true };
  if (del.status < 200 || del.status > 299) return { ok: false, ...armError(del) };
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const get = await armWithRetry(target, "GET", p, undefined, opts);
    if (get.status === 404) return { ok: true };
    if (Date.now() > deadline) return { ok: false, code: "DeleteTimedOut", message: `deployment ${name} was not deleted within ${opts.timeoutMs} ms` };
    await sleep(opts.pollMs, opts.signal);
  }
}
