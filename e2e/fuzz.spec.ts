import fc from "fast-check";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { storageStatePath } from "./support";

/**
 * Fuzzes every page's and route handler's query parameters as an Admin (who may open every page): random
 * names and values — unicode, control characters, prototype keys, huge numbers, broken escapes — must never
 * get a 500 or a stack trace. Bounded: a fixed number of runs per route and a time budget for the whole spec.
 */
const ROUTES = [
  "/",
  "/requests",
  "/requests/new",
  "/queue",
  "/inventory",
  "/inventory/retirements",
  "/inventory/contoso-openai-aue/search-gpt-4o",
  "/dashboards/quota",
  "/admin/people",
  "/admin/audit",
  "/signin",
  "/api/health",
  "/auth/signin",
  "/auth/callback",
];
const KNOWN_PARAMS = ["next", "error", "outcome", "decided", "account", "team", "model", "status", "sort", "page", "mode", "deployment", "action", "actor", "target", "from", "to", "signedOut", "code", "state", "scope", "q"];
const NASTY = ["__proto__", "constructor", "toString", "hasOwnProperty", "-1", "0x10", "1e309", "NaN", "9".repeat(400), "%", "%E0%A4%A", "%00", "\u202e", "../../etc/passwd", "//evil.example", "/\t/evil.example", "<script>", "' OR 1=1 --", "{}", "[]", "null"];
const BUDGET_MS = 90_000;
const RUNS_PER_ROUTE = 25;

const paramValue = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 20 }), fc.integer().map(String));
const paramName = fc.oneof(fc.constantFrom(...KNOWN_PARAMS), fc.constantFrom(...NASTY), fc.string({ minLength: 1, maxLength: 12 }));

test("query parameters of every route never get a 500 or a stack trace", async ({ baseURL }) => {
  test.setTimeout(BUDGET_MS + 60_000);
  const context = await playwrightRequest.newContext({ baseURL, storageState: storageStatePath("sam") });
  const started = Date.now();
  const failures: string[] = [];
  let requests = 0;
  for (const route of ROUTES) {
    const samples = fc.sample(fc.array(fc.tuple(paramName, paramValue), { minLength: 1, maxLength: 4 }), { numRuns: RUNS_PER_ROUTE });
    for (const params of samples) {
      if (Date.now() - started > BUDGET_MS) break;
      // Half the values go in raw (broken escapes and all), half encoded as a browser would.
      const query = params
        .map(([k, v], i) => (i % 2 ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${encodeURIComponent(k)}=${v.replace(/[#&\s]/g, (c) => encodeURIComponent(c))}`))
        .join("&");
      const url = `${route}?${query}`;
      let status: number;
      let body = "";
      try {
        const res = await context.get(url, { maxRedirects: 0, timeout: 30_000 });
        status = res.status();
        body = await res.text();
      } catch (e) {
        // Some raw bytes can't even be sent as a URL; that is the client refusing, not the server.
        if (/Invalid URL|invalid character/i.test(String(e))) continue;
        throw e;
      }
      requests++;
      if (status >= 500 || /\n\s+at .+\(.+:\d+:\d+\)|digest:/.test(body)) failures.push(`${status} ${url}`);
    }
  }
  await context.dispose();
  console.log(`fuzzed ${requests} requests over ${ROUTES.length} routes in ${Math.round((Date.now() - started) / 1000)} s`);
  expect(requests).toBeGreaterThan(ROUTES.length * 5);
  expect(failures).toEqual([]);
});
