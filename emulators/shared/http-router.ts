/**
 * A tiny HTTP router and JSON helpers for the emulators (node:http/https, no framework). Generic on purpose:
 * nothing here knows about ARM or GitHub.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless undefined (then the response has no body). */
  body?: unknown;
}

export interface RouteMatch<H> {
  handler: H;
  params: Record<string, string>;
}

interface CompiledRoute<H> {
  method: string;
  segments: { literal?: string; param?: string; rest?: string }[];
  handler: H;
}

/**
 * Matches `METHOD /literal/:param/*rest` patterns segment by segment. `:name` captures one decoded segment,
 * `*name` the (decoded) remainder. Literal matching can be case-insensitive, as ARM paths are.
 */
export class Router<H> {
  private readonly routes: CompiledRoute<H>[] = [];

  constructor(private readonly options: { caseInsensitive?: boolean } = {}) {}

  on(method: string, pattern: string, handler: H): this {
    const segments = pattern
      .split("/")
      .filter(Boolean)
      .map((s) => (s.startsWith(":") ? { param: s.slice(1) } : s.startsWith("*") ? { rest: s.slice(1) } : { literal: s }));
    this.routes.push({ method: method.toUpperCase(), segments, handler });
    return this;
  }

  /** The matching route, or `allowed` (methods that would match the path) when only the method is wrong. */
  match(method: string, pathname: string): RouteMatch<H> | { allowed: string[] } | undefined {
    let parts: string[];
    try {
      parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    } catch {
      return undefined;
    }
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = this.matchSegments(route, parts);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }

  private matchSegments(route: CompiledRoute<H>, parts: string[]): Record<string, string> | undefined {
    const params: Record<string, string> = {};
    for (let i = 0; i < route.segments.length; i++) {
      const seg = route.segments[i];
      if (seg.rest !== undefined) {
        params[seg.rest] = parts.slice(i).join("/");
        return params;
      }
      const part = parts[i];
      if (part === undefined) return undefined;
      if (seg.param !== undefined) params[seg.param] = part;
      else if (this.options.caseInsensitive ? seg.literal!.toLowerCase() !== part.toLowerCase() : seg.literal !== part) return undefined;
    }
    return parts.length === route.segments.length ? params : undefined;
  }
}

/** Reads a request body up to `limitBytes`; rejects with `too-large` beyond it. */
export function readBody(req: IncomingMessage, limitBytes = 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(Object.assign(new Error("request body too large"), { code: "too-large" }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Writes a result as JSON (or an empty body) with the given headers. */
export function sendResult(res: ServerResponse, result: HttpResult): void {
  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  if (result.body === undefined) {
    headers["Content-Length"] = "0";
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(result.body);
  headers["Content-Type"] ??= "application/json; charset=utf-8";
  headers["Content-Length"] = String(Buffer.byteLength(text));
  res.writeHead(result.status, headers);
  res.end(text);
}

/** Listens on host:port; a taken port rejects with a one-line, actionable message. */
export function listen(server: Server, port: number, host: string, portEnvName?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") {
        const hint = portEnvName ? ` (set ${portEnvName} to use another port)` : "";
        reject(Object.assign(new Error(`port ${port} on ${host} is already in use${hint}`), { code: "EADDRINUSE" }));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/** Closes a server and drops its idle keep-alive connections, so tests and Ctrl-C don't hang. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
    // Requests in flight get a moment to finish before their sockets are cut.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}
