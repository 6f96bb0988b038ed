import { describe, expect, it } from "vitest";
import { createEtagFetch, EtagCache } from "./etag-fetch";

const entry = (body: string) => ({ etag: `"${body.length}"`, body, headers: [] as [string, string][] });

describe("EtagCache", () => {
  it("is bounded by the bytes it holds as well as by entries, oldest out first", () => {
    const cache = new EtagCache(100, 1000);
    cache.set("a", entry("x".repeat(200)));
    cache.set("b", entry("x".repeat(200)));
    cache.get("a"); // a is now the most recently used
    cache.set("c", entry("x".repeat(200)));
    cache.set("d", entry("x".repeat(200)));
    cache.set("e", entry("x".repeat(200)));
    expect(cache.bytes).toBeLessThanOrEqual(1000);
    cache.set("f", entry("x".repeat(200)));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.size).toBe(5);
    // One answer of more than a quarter of the budget is not kept at all.
    cache.set("huge", entry("x".repeat(300)));
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.size).toBe(5);
  });

  it("leaves a request with the caller's own If-None-Match alone: no cached ETag, the 304 passes through", async () => {
    const cache = new EtagCache();
    const seen: (string | null)[] = [];
    const fetchStub = (async (_url: string, init: RequestInit) => {
      const inm = new Headers(init.headers).get("if-none-match");
      seen.push(inm);
      return inm === '"v1"' ? new Response(null, { status: 304 }) : new Response("{}", { status: 200, headers: { etag: '"v1"', "x-ratelimit-remaining": "10", "x-ratelimit-limit": "50", "x-ratelimit-reset": "1800000000" } });
    }) as unknown as typeof fetch;
    const events: unknown[] = [];
    const f = createEtagFetch({ fetch: fetchStub, cache, timeoutMs: 1000, onRequest: (e) => events.push(e) });
    expect((await f("https://api.test/x", { headers: { "if-none-match": '"v1"' } })).status).toBe(304);
    expect(cache.size).toBe(0);
    expect((await f("https://api.test/x", {})).status).toBe(200);
    expect((await f("https://api.test/x", {})).status).toBe(200); // answered from the cache after a 304
    expect(seen).toEqual(['"v1"', null, '"v1"']);
    expect(events[1]).toMatchObject({ rateLimitRemaining: 10, rateLimitLimit: 50, rateLimitReset: 1800000000 });
  });
});
