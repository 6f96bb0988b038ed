import type { IncomingHttpHeaders } from "node:http";
import { errorBody } from "./shapes";

export interface ApiRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** Login of the authenticated caller ("" for unauthenticated routes). */
  login: string;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** GitHub's path template, e.g. /repos/{owner}/{repo}/pulls/{pull_number}. */
  path: string;
  /** GitHub's operationId for the route (used by the conformance test); absent for emulator-only routes. */
  operationId?: string;
  /** Route needs no token (GitHub's app JWT routes authenticate differently). */
  auth?: "token" | "app-jwt" | "none";
  handler: (req: ApiRequest) => Promise<ApiResponse>;
}

/** An error response with GitHub's body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentationUrl = "https://docs.github.com/rest",
    readonly errors?: unknown[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toResponse(): ApiResponse {
    return { status: this.status, body: errorBody(this.status, this.message, this.documentationUrl, this.errors), headers: this.headers };
  }
}

export function notFound(doc = "https://docs.github.com/rest"): ApiError {
  return new ApiError(404, "Not Found", doc);
}

export function validationFailed(errors: unknown[], doc = "https://docs.github.com/rest"): ApiError {
  return new ApiError(422, "Validation Failed", doc, errors);
}

// File paths and ref names contain slashes; GitHub accepts them raw or %2F-encoded in these positions.
const GREEDY_PARAMS = new Set(["path", "ref"]);

interface CompiledRoute {
  route: Route;
  segments: { literal?: string; param?: string; greedy?: boolean }[];
}

/** Matches request paths against GitHub path templates; a trailing {path} or {ref} swallows the rest. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: Route[]) {
    this.compiled = routes.map((route) => {
      const parts = route.path.split("/").filter(Boolean);
      return {
        route,
        segments: parts.map((p, i) => {
          const m = /^\{(.+)\}$/.exec(p);
          return m ? { param: m[1], greedy: i === parts.length - 1 && GREEDY_PARAMS.has(m[1]) } : { literal: p };
        }),
      };
    });
  }

  /** The route for a method and raw path; `methodMismatch` when only the method is wrong. */
  match(method: string, rawPath: string): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
    const raw = rawPath.split("/").filter(Boolean);
    let methodMismatch = false;
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, raw);
      if (!params) continue;
      if (c.route.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { route: c.route, params };
    }
    return { methodMismatch };
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchSegments(segments: CompiledRoute["segments"], raw: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s.greedy && s.param) {
      if (i >= raw.length) return null;
      params[s.param] = raw.slice(i).map(decode).join("/");
      return params;
    }
    if (i >= raw.length) return null;
    if (s.literal !== undefined) {
      if (s.literal !== raw[i]) return null;
    } else if (s.param) params[s.param] = decode(raw[i]);
  }
  return segments.length === raw.length ? params : null;
}

/** Reads an object field of a JSON body as a string, or throws GitHub's 422. */
export function requireString(body: unknown, field: string, doc?: string): string {
  const value = (body as Record<string, unknown> | null)?.[field];
  if (typeof value !== "string" || value === "") {
    throw new ApiError(422, `Invalid request.\n\n"${field}" wasn't supplied.`, doc);
  }
  return value;
}

export function optionalString(body: unknown, field: string): string | undefined {
  const value = (body as Record<string, unknown> | null)?.[field];
  return typeof value === "string" ? value : undefined;
}

export function bodyObject(body: unknown): Record<string, unknown> {
  return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
