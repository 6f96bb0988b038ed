import "server-only";
import type { GitOpsRequestEvent } from "./types";

interface CachedResponse {
  etag: string;
  body: string;
  headers: [string, string][];
}

/**
 * A bounded LRU of GET responses by URL (and Accept), for conditional requests: a 304 is only free when the
 * body it stands for is still here. Bounded by entries and by the bytes of the bodies it holds, so a few
 * large answers (a parameter file, a long list) can't push everything else out, nor grow without limit.
 */
export class EtagCache {
  private readonly entries = new Map<string, CachedResponse>();
  private heldBytes = 0;

  constructor(
    private readonly maxEntries = 500,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  get(key: string): CachedResponse | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: CachedResponse): void {
    this.delete(key);
    // An answer bigger than a quarter of the cache would evict most of it for one URL: don't keep it.
    if (value.body.length > this.maxBytes / 4) return;
    this.entries.set(key, value);
    this.heldBytes += value.body.length;
    while (this.entries.size > this.maxEntries || this.heldBytes > this.maxBytes) this.delete(this.entries.keys().next().value!);
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.heldBytes -= old.body.length;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Characters of response bodies held. */
  get bytes(): number {
    return this.heldBytes;
  }
}

function headerRecord(init: RequestInit | undefined): Headers {
  return new Headers(init?.headers as HeadersInit | undefined);
}

/**
 * Wraps fetch for Octokit: sends If-None-Match for GETs it has an ETag for and turns a 304 back into the cached
 * 200 (GitHub doesn't charge a 304 against the rate limit), applies a per-request timeout, and reports every
 * HTTP request to `onRequest`. Octokit, plugin-retry and plugin-throttling see ordinary responses.
 */
export function createEtagFetch(opts: { fetch?: typeof fetch; cache: EtagCache; timeoutMs: number; onRequest?: (e: GitOpsRequestEvent) => void }): typeof fetch {
  const base = opts.fetch ?? globalThis.fetch;
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const headers = headerRecord(init);
    const key = `${url} ${headers.get("accept") ?? ""}`;
    // A caller that sends its own If-None-Match keeps the ETag itself (the poll stores it): pass through.
    const own = headers.has("if-none-match");
    const cached = method === "GET" && !own ? opts.cache.get(key) : undefined;
    if (cached) headers.set("if-none-match", cached.etag);
    const signal = init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs);
    const started = performance.now();
    let res: Response;
    try {
      res = await base(input, { ...init, headers, signal });
    } catch (e) {
      opts.onRequest?.({ method, url, status: 0, notModified: false, durationMs: performance.now() - started });
      throw e;
    }
    const remaining = res.headers.get("x-ratelimit-remaining");
    const limit = res.headers.get("x-ratelimit-limit");
    const reset = res.headers.get("x-ratelimit-reset");
    const event: GitOpsRequestEvent = {
      method,
      url,
      status: res.status,
      notModified: res.status === 304,
      durationMs: performance.now() - started,
      rateLimitRemaining: remaining === null ? undefined : Number(remaining),
      ...(limit !== null ? { rateLimitLimit: Number(limit) } : {}),
      ...(reset !== null ? { rateLimitReset: Number(reset) } : {}),
    };
    if (res.status === 304 && cached) {
      opts.onRequest?.(event);
      const merged = new Headers(cached.headers);
      res.headers.forEach((v, k) => merged.set(k, v));
      merged.delete("content-length");
      return new Response(cached.body, { status: 200, statusText: "OK", headers: merged });
    }
    if (method === "GET" && !own && res.status === 200 && res.headers.get("etag")) {
      const body = await res.text();
      opts.onRequest?.({ ...event, durationMs: performance.now() - started });
      const list: [string, string][] = [];
      res.headers.forEach((v, k) => list.push([k, v]));
      opts.cache.set(key, { etag: res.headers.get("etag")!, body, headers: list });
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
    opts.onRequest?.(event);
    return res;
  };
}
