import type { IncomingHttpHeaders } from "node:http";
import { Router as SharedRouter } from "../shared/http-router";
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

/** A GitHub path template as the shared router's pattern: `{name}` → `:name`, a trailing `{path}`/`{ref}` → `*name`. */
function toPattern(template: string): string {
  const parts = template.split("/").filter(Boolean);
  return parts
    .map((p, i) => {
      const m = /^\{(.+)\}$/.exec(p);
      if (!m) return p;
      return i === parts.length - 1 && GREEDY_PARAMS.has(m[1]) ? `*${m[1]}` : `:${m[1]}`;
    })
    .join("/");
}

/** Matches request paths against GitHub path templates; a trailing {path} or {ref} swallows the rest. */
export class Router {
  private readonly inner = new SharedRouter<Route>();

  constructor(readonly routes: Route[]) {
    for (const route of routes) this.inner.on(route.method, toPattern(route.path), route);
  }

  /** The route for a method and raw path; `methodMismatch` when only the method is wrong. */
  match(method: string, rawPath: string): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
    const m = this.inner.match(method, rawPath);
    if (!m) return { methodMismatch: false };
    if ("allowed" in m) return { methodMismatch: true };
    return { route: m.handler, params: m.params };
  }
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
