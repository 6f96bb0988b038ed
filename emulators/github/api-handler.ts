import { createHash, randomBytes } from "node:crypto";
import type http from "node:http";
import { readBody } from "../shared/http-router";
import type { Credentials } from "./credentials";
import { injectedFault, type GitHubFaults } from "./faults";
import { ApiError, type ApiResponse } from "./http-kit";
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

const BASE_HEADERS = {
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

function etagOf(json: string): string {
  return `W/"${createHash("sha256").update(json).digest("hex").slice(0, 64)}"`;
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
 * routes) → fault switches → primary rate limit → handler → ETag (a matching If-None-Match is a free 304).
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
      const etag = etagOf(JSON.stringify(result.body));
      headers.etag = etag;
      headers["cache-control"] = "private, max-age=60, s-maxage=60";
      headers.vary = "Accept, Authorization, Cookie, X-GitHub-OTP";
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
