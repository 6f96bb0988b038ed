import { createHash, randomBytes } from "node:crypto";
import type http from "node:http";
import { readBody } from "../shared/http-router";
import type { Credentials } from "./credentials";
import { injectedFault, type GitHubFaults } from "./faults";
import { ApiError, type ApiResponse } from "./http-kit";
import { acceptedPermissionsHeader, permissionRefusal } from "./permissions";
import { RateLimits } from "./rate-limits";
import type { World } from "./world";

/** One answer of the REST API, as the OpenAPI conformance test records it. */
export interface RecordedResponse {
  operationId: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface ApiHandlerDeps {
  world: () => World;
  credentials: Credentials;
  rateLimits: RateLimits;
  faults: () => GitHubFaults;
  onResponse?: (record: RecordedResponse) => void;
}

/** GitHub's Vary: the representation depends on the caller, so a cache must not share it across tokens. */
const VARY = "Accept, Authorization, Cookie, X-GitHub-OTP,Accept-Encoding, Accept, X-Requested-With";

const BASE_HEADERS = {
  vary: VARY,
  "x-github-media-type": "github.v3; format=json",
  "x-github-api-version-selected": "2022-11-28",
  "access-control-allow-origin": "*",
  "access-control-expose-headers":
    "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset",
};

function requestId(): string {
  const h = randomBytes(10).toString("hex").toUpperCase();
  return `${h.slice(0, 4)}:${h.slice(4, 10)}:${h.slice(10, 16)}:${h.slice(16, 20)}`;
}

/** A weak ETag of the answer as this caller sees it: the same body for another token has another ETag. */
function etagOf(json: string, login: string, accept: string | undefined): string {
  return `W/"${createHash("sha256").update(`${login}\n${accept ?? ""}\n${json}`).digest("hex").slice(0, 64)}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || strip(t) === strip(etag));
}

/** Writes a JSON answer (or an empty one when body is undefined). */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(json ? { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(json)) } : {}),
    ...headers,
  });
  res.end(json);
}

/**
 * The REST API's request pipeline, in GitHub's order: route → authentication (token, or the App's JWT on app
 * routes) → fault switches → primary rate limit → the App installation's permissions → handler → ETag per caller
 * (a matching If-None-Match is a free 304; Vary names Authorization on every answer).
 */
export function createApiHandler(deps: ApiHandlerDeps) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const w = deps.world();
    const reqId = requestId();
    const headers: Record<string, string> = { "x-github-request-id": reqId, ...BASE_HEADERS };
    const method = req.method ?? "GET";
    let raw: string;
    try {
      raw = (await readBody(req, 50 * 1024 * 1024)).toString("utf8");
    } catch {
      return sendJson(res, 413, new ApiError(413, "Request body too large").toResponse().body, headers);
    }
    const latency = deps.faults().latencyMs;
    if (latency) await new Promise((r) => setTimeout(r, latency));

    const match = w.router.match(method, url.pathname);
    const operationId = "route" in match ? (match.route.operationId ?? "") : "";
    const reply = (r: ApiResponse) => {
      sendJson(res, r.status, r.body, { ...headers, ...r.headers });
      if (operationId) deps.onResponse?.({ operationId, method, path: url.pathname, status: r.status, body: r.body });
    };
    if (!("route" in match)) return reply(new ApiError(404, "Not Found").toResponse());

    // Authentication: "token X" or "Bearer X"; app routes take the App's JWT instead.
    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    let login = "";
    if (match.route.auth === "app-jwt") {
      if (!auth || !deps.credentials.verifyAppJwt(auth)) return reply(new ApiError(401, "A JSON web token could not be decoded").toResponse());
    } else {
      if (!auth) return reply(new ApiError(401, "Requires authentication").toResponse());
      const who = deps.credentials.loginFor(auth, w.model);
      if (!who) return reply(new ApiError(401, "Bad credentials").toResponse());
      login = who;
    }

    // Faults come after authentication, like GitHub's front end.
    const fault = injectedFault(deps.faults(), reqId);
    if (fault) return reply(fault.toResponse());

    const counts = login !== "" && match.route.path !== "/rate_limit";
    if (login) {
      const rl = deps.rateLimits.snapshot(login);
      Object.assign(headers, RateLimits.headers(rl));
      if (counts && rl.remaining <= 0) return reply(RateLimits.exceeded(login, reqId).toResponse());
    }
    const charge = () => {
      if (counts) Object.assign(headers, RateLimits.headers(deps.rateLimits.charge(login)));
    };

    // Installation tokens act within the installation's permissions; GitHub names what an operation needs.
    if (deps.credentials.isInstallation(login)) {
      const accepted = acceptedPermissionsHeader(operationId);
      if (accepted) headers["x-accepted-github-permissions"] = accepted;
      const refusal = permissionRefusal(operationId, deps.credentials.installationPermissions);
      if (refusal) {
        charge();
        return reply(refusal.toResponse());
      }
    }

    let body: unknown = undefined;
    if (raw.trim()) {
      try {
        body = JSON.parse(raw);
      } catch {
        charge();
        return reply(new ApiError(400, "Problems parsing JSON").toResponse());
      }
    }
    let result: ApiResponse;
    try {
      result = await match.route.handler({ method, path: url.pathname, params: match.params, query: url.searchParams, body, headers: req.headers, login });
    } catch (e) {
      if (e instanceof ApiError) result = e.toResponse();
      else {
        console.error("github emulator: handler failed:", e);
        result = new ApiError(500, "Server Error").toResponse();
      }
    }
    if (method === "GET" && result.status === 200) {
      const etag = etagOf(JSON.stringify(result.body), login, req.headers.accept);
      headers.etag = etag;
      headers["cache-control"] = "private, max-age=60, s-maxage=60";
      // A conditional request answered 304 doesn't count against the rate limit.
      if (etagMatches(req.headers["if-none-match"], etag)) {
        res.writeHead(304, { ...headers, ...result.headers });
        res.end();
        return;
      }
    }
    charge();
    reply(result);
  };
}
