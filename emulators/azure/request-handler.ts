/**
 * One HTTP request through the emulator: admin endpoints, or ARM's pipeline (latency, bearer token,
 * api-version, injected faults, route, ARM error envelope with request ids).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { SEED_TENANT_ID } from "../seed/world";
import { readBody, sendResult, type HttpResult, type Router } from "../shared/http-router";
import { requireSupportedApiVersion } from "./api-versions";
import { ArmError, PROVIDER } from "./arm";
import type { ArmRouter, RouteKit } from "./routes/context";
import type { AdminHandler } from "./routes/admin";

export const DEFAULT_API_VERSION = "2025-09-01";

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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function commonHeaders(req: IncomingMessage): Record<string, string> {
  const correlation = req.headers["x-ms-client-request-id"];
  return {
    "x-ms-request-id": randomUUID(),
    "x-ms-correlation-request-id": typeof correlation === "string" && correlation ? correlation : randomUUID(),
  };
}

function armError(error: ArmError, headers: Record<string, string>): HttpResult {
  return { status: error.status, headers: { ...headers, ...error.headers }, body: error.body() };
}

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

/** Builds the emulator's request listener from its ARM and admin routers. */
export function createRequestHandler(kit: RouteKit, arm: ArmRouter, admin: Router<AdminHandler>): (req: IncomingMessage, res: ServerResponse) => void {
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
    const latency = kit.faults.switches.latencyMs;
    if (latency > 0) await sleep(latency);
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
      return armError(new ArmError(400, "InvalidApiVersionParameter", `The api-version '${apiVersion}' is invalid. The supported versions are '${DEFAULT_API_VERSION}'.`), headers);
    }
    try {
      requireSupportedApiVersion(url.pathname, apiVersion, (p) => {
        const m = /\/resourceGroups\/([^/]+)\/providers\/[^/]+\/accounts\/([^/]+)/i.exec(p);
        return m ? kit.world.state.accounts.find((a) => a.resourceGroup.toLowerCase() === decodeURIComponent(m[1]).toLowerCase() && a.name.toLowerCase() === decodeURIComponent(m[2]).toLowerCase())?.location : undefined;
      });
    } catch (error) {
      if (error instanceof ArmError) return armError(error, headers);
      throw error;
    }
    const injected = kit.faults.injectFault();
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
    kit.world.advance();
    const result = match.handler({ params: match.params, query: url.searchParams, url, apiVersion, body, principal: principalFromToken(token) });
    return { ...result, headers: { ...headers, ...(result.headers ?? {}) } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = commonHeaders(req);
    let result: HttpResult;
    try {
      const url = new URL(req.url ?? "/", kit.baseUrl());
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

  return (req, res) => {
    void handle(req, res);
  };
}
