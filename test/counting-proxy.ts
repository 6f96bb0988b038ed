/**
 * A reverse proxy that counts the calls passing through it — put one in front of the GitHub or Azure
 * emulator to measure what the portal costs: calls per route, how many GitHub answered 304 (free) and how
 * many were charged against the rate limit. For measurement scripts and the benchmark; not a test double:
 * requests and answers pass through unchanged. Fault tests give it a `hold` hook to act at an exact call (kill
 * the process that made it, stop a database) before the call goes on — or never does.
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export interface CountedCall {
  method: string;
  /** The path with ids, numbers and shas replaced by placeholders (`/repos/{o}/{r}/pulls/{n}`). */
  route: string;
  path: string;
  status: number;
  /** GitHub answered 304 to a conditional request (not charged). */
  notModified: boolean;
  at: number;
}

export interface CallSummary {
  total: number;
  /** Answers other than 304 (GitHub charges every authenticated request except a 304 to a conditional one). */
  charged: number;
  notModified: number;
  byRoute: Record<string, { calls: number; charged: number }>;
}

/** A call as the `hold` hook sees it, before it is forwarded. */
export interface HeldCall {
  method: string;
  route: string;
  path: string;
}

/** What the hook decides: forward the call as usual, or drop it (its client's connection is closed unanswered). */
export type HoldDecision = "forward" | "drop";

export interface CountingProxy {
  url: string;
  calls: CountedCall[];
  /** Forgets the calls counted so far. */
  reset(): void;
  /** Totals of the calls counted so far (or of `since` on). */
  summary(since?: number): CallSummary;
  close(): Promise<void>;
}

/** Replaces what varies in a path (numbers, shas, uuids, names after known segments) so calls group by route. */
export function routeOf(path: string): string {
  const pathname = path.split("?")[0];
  return pathname
    .replace(/\/repos\/[^/]+\/[^/]+/, "/repos/{o}/{r}")
    .replace(/\/subscriptions\/[^/]+/, "/subscriptions/{s}")
    .replace(/\/resourceGroups\/[^/]+/i, "/resourceGroups/{rg}")
    .replace(/\/(accounts|deployments|locations|raiPolicies)\/[^/]+/g, "/$1/{name}")
    .replace(/\/[0-9a-f]{40}(?=\/|$)/g, "/{sha}")
    .replace(/\/[0-9a-f-]{36}(?=\/|$)/g, "/{id}")
    .replace(/\/\d+(?=\/|$)/g, "/{n}")
    .replace(/\/(heads|ref|refs\/heads)\/.+$/, "/$1/{branch}");
}

/**
 * Starts a proxy on 127.0.0.1 (a free port) forwarding to `target`. For an HTTPS target (the Azure
 * emulator) give `tls` (the certificate the portal trusts) and `ca` (to trust the target).
 */
export async function startCountingProxy(options: {
  target: string;
  tls?: { key: string | Buffer; cert: string | Buffer };
  ca?: string | Buffer;
  /** Awaited before each call is forwarded; the call waits until it resolves. */
  hold?: (call: HeldCall) => HoldDecision | Promise<HoldDecision>;
}): Promise<CountingProxy> {
  const target = new URL(options.target);
  const calls: CountedCall[] = [];
  const client = target.protocol === "https:" ? https : http;
  const agent = target.protocol === "https:" ? new https.Agent({ keepAlive: true, ca: options.ca }) : new http.Agent({ keepAlive: true });
  const forward: http.RequestListener = (req, res) => {
    const started = Date.now();
    const headers = { ...req.headers, host: target.host };
    const upstream = client.request(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (up) => {
        calls.push({ method: req.method ?? "GET", route: routeOf(req.url ?? "/"), path: req.url ?? "/", status: up.statusCode ?? 0, notModified: up.statusCode === 304, at: started });
        res.writeHead(up.statusCode ?? 502, up.statusMessage, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", (e) => {
      calls.push({ method: req.method ?? "GET", route: routeOf(req.url ?? "/"), path: req.url ?? "/", status: 0, notModified: false, at: started });
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`counting proxy: ${e.message}`);
    });
    req.pipe(upstream);
  };
  const handler: http.RequestListener = (req, res) => {
    if (!options.hold) return forward(req, res);
    // Keep the body while the hook decides: it is piped on only when the call is forwarded.
    req.pause();
    void Promise.resolve(options.hold({ method: req.method ?? "GET", route: routeOf(req.url ?? "/"), path: req.url ?? "/" })).then(
      (decision) => {
        if (decision === "drop" || req.socket.destroyed) {
          req.socket.destroy();
          return;
        }
        forward(req, res);
        req.resume();
      },
      () => req.socket.destroy(),
    );
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    calls,
    reset: () => void calls.splice(0),
    summary: (since = 0) => {
      const byRoute: CallSummary["byRoute"] = {};
      let charged = 0;
      let notModified = 0;
      for (const c of calls) {
        if (c.at < since) continue;
        const key = `${c.method} ${c.route}`;
        const r = (byRoute[key] ??= { calls: 0, charged: 0 });
        r.calls++;
        if (c.notModified) notModified++;
        else {
          charged++;
          r.charged++;
        }
      }
      return { total: calls.filter((c) => c.at >= since).length, charged, notModified, byRoute };
    },
    close: async () => {
      agent.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
