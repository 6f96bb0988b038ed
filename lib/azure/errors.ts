import "server-only";

/**
 * The small set of failures callers have to tell apart. `invalid` covers requests Azure rejects as malformed
 * (HTTP 400 other than quota), so a form can show Azure's reason next to the field.
 */
export type AzureErrorKind =
  | "not-found"
  | "forbidden"
  | "throttled"
  | "conflict"
  | "quota-exceeded"
  | "invalid"
  | "unavailable"
  | "unknown";

export interface AzureErrorDetails {
  /** Azure's error code, e.g. InsufficientQuota or DeploymentNotFound. */
  code?: string;
  statusCode?: number;
  retryAfterSeconds?: number;
  /** Azure's own message, unchanged. */
  azureMessage?: string;
  requestId?: string;
}

/** An Azure call that failed, classified, with a message a person can act on. */
export class AzureError extends Error {
  readonly kind: AzureErrorKind;
  readonly code?: string;
  readonly statusCode?: number;
  readonly retryAfterSeconds?: number;
  readonly azureMessage?: string;
  readonly requestId?: string;

  constructor(kind: AzureErrorKind, message: string, details: AzureErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AzureError";
    this.kind = kind;
    this.code = details.code;
    this.statusCode = details.statusCode;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.azureMessage = details.azureMessage;
    this.requestId = details.requestId;
  }
}

/** True for errors thrown by lib/azure. */
export function isAzureError(error: unknown): error is AzureError {
  return error instanceof AzureError;
}

const NOT_FOUND_CODES = new Set(["ResourceNotFound", "DeploymentNotFound", "ResourceGroupNotFound", "SubscriptionNotFound", "NotFound", "ParentResourceNotFound"]);
const FORBIDDEN_CODES = new Set(["AuthorizationFailed", "AuthenticationFailed", "InvalidAuthenticationToken", "LinkedAuthorizationFailed"]);
const CONFLICT_CODES = new Set(["Conflict", "RequestConflict", "AnotherOperationInProgress"]);
const UNAVAILABLE_CODES = new Set(["InternalServerError", "ServiceUnavailable", "GatewayTimeout", "BadGateway"]);
const CREDENTIAL_ERRORS = new Set(["CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError", "AuthenticationRequiredError"]);
const NETWORK_CODES = new Set(["REQUEST_SEND_ERROR", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "ESOCKETTIMEDOUT"]);
const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const LRO_FAILED = /^The long-running operation has failed\.\s+([^.\s]+)\.\s+([\s\S]*)$/;

function kindFor(statusCode: number | undefined, code: string | undefined): AzureErrorKind {
  if (code === "InsufficientQuota") return "quota-exceeded";
  if (statusCode === 429 || code === "TooManyRequests" || code === "SubscriptionRequestsThrottled") return "throttled";
  if (statusCode === 404 || (code && NOT_FOUND_CODES.has(code))) return "not-found";
  if (statusCode === 401 || statusCode === 403 || (code && FORBIDDEN_CODES.has(code))) return "forbidden";
  if (statusCode === 409 || (code && CONFLICT_CODES.has(code))) return "conflict";
  if (statusCode === 408 || (statusCode !== undefined && statusCode >= 500) || (code && UNAVAILABLE_CODES.has(code))) return "unavailable";
  if (statusCode === 400) return "invalid";
  return "unknown";
}

function explain(kind: AzureErrorKind, azureMessage: string, code: string | undefined, statusCode: number | undefined, retryAfter?: number): string {
  const reason = code ? `${code}: ${azureMessage}` : azureMessage;
  switch (kind) {
    case "quota-exceeded":
      // Azure's text names the quota, the request and what is left; people and tools recognise it as is.
      return azureMessage;
    case "not-found":
      return `Azure could not find the resource (${reason}). Check the subscription, resource group, account and deployment names.`;
    case "forbidden":
      return `Azure refused ModelGate's identity (${reason}). Give it Cognitive Services Contributor on the accounts and Cognitive Services Usages Reader on the subscription, or fix the credential settings.`;
    case "throttled":
      return `Azure Resource Manager is throttling ModelGate's requests${retryAfter !== undefined ? `; retry after ${retryAfter} s` : ""} (${reason}).`;
    case "conflict":
      return `Another operation on this resource is still running (${reason}). Wait until it finishes, then retry.`;
    case "invalid":
      return `Azure rejected the request (${reason}).`;
    case "unavailable":
      return `Azure Resource Manager is unavailable${statusCode ? ` (HTTP ${statusCode})` : ""}: ${reason}. Retry later; check https://azure.status.microsoft if it persists.`;
    default:
      return `Azure call failed${statusCode ? ` (HTTP ${statusCode})` : ""}: ${reason}`;
  }
}

function parseRetryAfter(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : undefined;
}

interface RestErrorLike {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  response?: { headers?: { get(name: string): string | undefined }; bodyAsText?: string | null };
}

/** Maps anything the SDK, identity or the LRO poller throws to an AzureError. */
export function toAzureError(error: unknown): AzureError {
  if (error instanceof AzureError) return error;
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as RestErrorLike;
  const message = e.message ?? String(error);

  if (e.name === "AbortError") {
    return new AzureError("unavailable", `Azure Resource Manager did not answer in time (${message}).`, { azureMessage: message }, { cause: error });
  }
  if (e.name && CREDENTIAL_ERRORS.has(e.name)) {
    return new AzureError(
      "forbidden",
      `ModelGate could not get an Azure token (${e.name}: ${message}). Check the Azure credential settings (tenant, client id, secret, managed or workload identity).`,
      { code: e.name, azureMessage: message },
      { cause: error },
    );
  }
  const lro = LRO_FAILED.exec(message);
  if (lro) {
    const [, code, azureMessage] = lro;
    const kind = kindFor(undefined, code);
    const text =
      kind === "unknown"
        ? `Azure accepted the request but the operation ended Failed (${code}: ${azureMessage}). Fix the cause Azure names, then retry.`
        : explain(kind, azureMessage, code, undefined);
    return new AzureError(kind, text, { code, azureMessage }, { cause: error });
  }
  if (e.code && TLS_CODES.has(e.code)) {
    return new AzureError(
      "unavailable",
      `The TLS certificate of the Azure endpoint is not trusted (${e.code}: ${message}). For the local emulator, start ModelGate with NODE_EXTRA_CA_CERTS pointing at .data/certs/ca.pem; for Azure, check proxies that intercept TLS.`,
      { code: e.code, azureMessage: message },
      { cause: error },
    );
  }
  if (e.name === "RestError" || typeof e.statusCode === "number") {
    const statusCode = e.statusCode;
    if (statusCode === undefined && e.code && NETWORK_CODES.has(e.code)) {
      return new AzureError("unavailable", `Azure Resource Manager could not be reached (${message}). Check the endpoint and the network.`, { code: e.code, azureMessage: message }, { cause: error });
    }
    const code = e.code && !NETWORK_CODES.has(e.code) ? e.code : undefined;
    const retryAfterSeconds = parseRetryAfter(e.response?.headers?.get("retry-after"));
    const kind = kindFor(statusCode, code);
    return new AzureError(kind, explain(kind, message, code, statusCode, retryAfterSeconds), {
      code,
      statusCode,
      retryAfterSeconds: kind === "throttled" ? retryAfterSeconds : undefined,
      azureMessage: message,
      requestId: e.response?.headers?.get("x-ms-request-id"),
    }, { cause: error });
  }
  if (e.code && NETWORK_CODES.has(e.code)) {
    return new AzureError("unavailable", `Azure Resource Manager could not be reached (${message}). Check the endpoint and the network.`, { code: e.code, azureMessage: message }, { cause: error });
  }
  return new AzureError("unknown", `Azure call failed: ${message}`, { azureMessage: message }, { cause: error });
}
