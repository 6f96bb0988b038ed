import { describe, expect, it } from "vitest";
import { summarizeChecks } from "./client";
import { toGitOpsError } from "./errors";
import { createEtagFetch, EtagCache } from "./etag-fetch";
import { planPolls, pollIntervalMs } from "./poll-plan";
import { gitOpsConfigSchema, type CheckRunSummary, type GitOpsRequestEvent } from "./types";

const err = (status: number | undefined, data: unknown, headers: Record<string, string> = {}, response = true) =>
  Object.assign(new Error(typeof (data as { message?: string })?.message === "string" ? (data as { message: string }).message : "x"), {
    status,
    ...(response ? { response: { headers, data } } : {}),
  });

describe("toGitOpsError", () => {
  const map = (e: unknown) => toGitOpsError(e, "merge pull request #3", "contoso/platform-ai-models");

  it("maps statuses to kinds with actionable messages", () => {
    expect(map(err(401, { message: "Bad credentials" }))).toMatchObject({ kind: "unauthorized", status: 401, message: expect.stringMatching(/^merge pull request #3 failed: .*token/) });
    expect(map(err(404, { message: "Not Found" }))).toMatchObject({ kind: "not-found", message: expect.stringContaining("contoso/platform-ai-models") });
    expect(map(err(403, { message: "Resource not accessible by integration" }))).toMatchObject({ kind: "forbidden", message: expect.stringContaining("permissions") });
    expect(map(err(409, { message: "Head branch was modified. Review and try the merge again." }))).toMatchObject({ kind: "conflict", reason: "head-moved" });
    expect(map(err(409, { message: "x.bicepparam does not match abc" }))).toMatchObject({ kind: "conflict", reason: "stale-file" });
    expect(map(err(405, { message: "Pull Request is not mergeable" }))).toMatchObject({ kind: "conflict", reason: "not-mergeable" });
    expect(map(err(422, { message: "Reference already exists" }))).toMatchObject({ kind: "conflict", reason: "branch-exists" });
    expect(map(err(422, { message: "Validation Failed", errors: [{ message: "A pull request already exists for contoso:b." }] }))).toMatchObject({ kind: "conflict", reason: "pull-request-exists" });
    expect(map(err(422, { message: "Unprocessable Entity", errors: ["Can not approve your own pull request"] }))).toMatchObject({ kind: "validation", reason: "self-review" });
    expect(map(err(422, { message: "Validation Failed" }))).toMatchObject({ kind: "validation" });
    expect(map(err(502, { message: "Server Error" }))).toMatchObject({ kind: "unavailable", retryable: true });
    expect(map(err(418, { message: "teapot" }))).toMatchObject({ kind: "unknown" });
  });

  it("tells a network failure from a GitHub 500", () => {
    expect(map(err(500, undefined, {}, false))).toMatchObject({ kind: "unavailable", message: expect.stringContaining("could not be reached") });
    expect(map(err(500, { message: "Server Error" }))).toMatchObject({ kind: "unavailable", message: expect.stringContaining("having trouble") });
  });

  it("reads the reset time of primary and secondary rate limits", () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    const primary = map(err(403, { message: "API rate limit exceeded for user ID 1." }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }));
    expect(primary).toMatchObject({ kind: "rate-limited", reason: "primary-rate-limit", retryable: true });
    expect(primary.resetAt!.getTime()).toBe(reset * 1000);
    const before = Date.now();
    const secondary = map(err(429, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "30" }));
    expect(secondary).toMatchObject({ kind: "rate-limited", reason: "secondary-rate-limit" });
    expect(secondary.resetAt!.getTime()).toBeGreaterThanOrEqual(before + 30_000);
  });
});

describe("planPolls", () => {
  const now = new Date("2025-06-01T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it("polls new items now, backs off while quiet, and jumps the queue on a webhook hint", () => {
    const plan = planPolls(
      [
        { id: "new", pullNumber: 1, phase: "open" },
        { id: "quiet", pullNumber: 2, phase: "open", lastPolledAt: ago(20_000), lastChangedAt: ago(3_600_000) },
        { id: "busy", pullNumber: 3, phase: "open", lastPolledAt: ago(20_000), lastChangedAt: ago(30_000) },
        { id: "hinted", pullNumber: 4, phase: "open", lastPolledAt: ago(1_000), lastChangedAt: ago(3_600_000), hintedAt: ago(500) },
        { id: "deploying", pullNumber: 5, phase: "merged", mergeCommitSha: "abc", lastPolledAt: ago(60_000), lastChangedAt: ago(60_000) },
      ],
      now,
    );
    expect(plan.due.map((t) => t.id).sort()).toEqual(["busy", "deploying", "hinted", "new"]);
    expect(plan.due.find((t) => t.id === "deploying")).toEqual({ id: "deploying", kind: "workflow-runs", pullNumber: 5, headSha: "abc" });
    // "quiet" waits a quarter of its quiet time, capped at 5 minutes.
    expect(plan.nextPollAt).toEqual(new Date(ago(20_000).getTime() + 300_000));
    expect(pollIntervalMs({ id: "q", pullNumber: 2, phase: "open", lastChangedAt: ago(60_000) }, now)).toBe(15_000);
  });

  it("caps a plan at maxTargets, longest-waiting first", () => {
    const tracked = Array.from({ length: 5 }, (_, i) => ({ id: String(i), pullNumber: i, phase: "open" as const, lastPolledAt: ago((i + 1) * 60_000) }));
    const plan = planPolls(tracked, now, { maxTargets: 2 });
    expect(plan.due.map((t) => t.id)).toEqual(["4", "3"]);
    expect(plan.nextPollAt).toEqual(now);
    expect(planPolls([], now)).toEqual({ due: [], nextPollAt: null });
  });
});

describe("summarizeChecks", () => {
  const run = (status: CheckRunSummary["status"], conclusion: string | null): CheckRunSummary => ({
    id: 1, name: "x", status, conclusion, startedAt: null, completedAt: null, detailsUrl: null, title: null, summary: null, annotationsCount: 0,
  });
  const noStatus = { state: "pending" as const, totalCount: 0, statuses: [] };
  it("combines check runs and statuses; skipped counts as fine, nothing reported is none", () => {
    expect(summarizeChecks([], noStatus)).toBe("none");
    expect(summarizeChecks([run("completed", "success"), run("completed", "skipped")], noStatus)).toBe("success");
    expect(summarizeChecks([run("completed", "success"), run("in_progress", null)], noStatus)).toBe("pending");
    expect(summarizeChecks([run("completed", "failure"), run("queued", null)], noStatus)).toBe("failure");
    expect(summarizeChecks([run("completed", "success")], { state: "failure", totalCount: 1, statuses: [] })).toBe("failure");
  });
});

describe("createEtagFetch", () => {
  it("sends If-None-Match for cached GETs and turns a 304 into the cached 200", async () => {
    const sent: Headers[] = [];
    const base = (async (_url: string, init: RequestInit) => {
      const h = new Headers(init.headers);
      sent.push(h);
      if (h.get("if-none-match") === 'W/"1"') return new Response(null, { status: 304, headers: { etag: 'W/"1"', "x-ratelimit-remaining": "10" } });
      return new Response('{"a":1}', { status: 200, headers: { etag: 'W/"1"', "content-type": "application/json", "x-ratelimit-remaining": "10" } });
    }) as unknown as typeof fetch;
    const events: GitOpsRequestEvent[] = [];
    const f = createEtagFetch({ fetch: base, cache: new EtagCache(10), timeoutMs: 1000, onRequest: (e) => events.push(e) });
    const r1 = await f("http://x/a", { method: "GET", headers: { accept: "application/json" } });
    expect(await r1.json()).toEqual({ a: 1 });
    const r2 = await f("http://x/a", { method: "GET", headers: { accept: "application/json" } });
    expect(r2.status).toBe(200);
    expect(await r2.json()).toEqual({ a: 1 });
    expect(sent[1].get("if-none-match")).toBe('W/"1"');
    expect(events.map((e) => [e.status, e.notModified])).toEqual([
      [200, false],
      [304, true],
    ]);
    await f("http://x/a", { method: "POST", headers: {}, body: "{}" });
    expect(sent[2].get("if-none-match")).toBeNull();
  });

  it("evicts the least recently used entry", () => {
    const c = new EtagCache(2);
    c.set("a", { etag: "1", body: "", headers: [] });
    c.set("b", { etag: "2", body: "", headers: [] });
    c.get("a");
    c.set("c", { etag: "3", body: "", headers: [] });
    expect([c.get("a")?.etag, c.get("b"), c.get("c")?.etag]).toEqual(["1", undefined, "3"]);
  });
});

describe("gitOpsConfigSchema", () => {
  it("accepts token and App configurations and rejects a key that isn't PEM", () => {
    expect(gitOpsConfigSchema.safeParse({ owner: "o", repo: "r", auth: { kind: "token", token: "t" } }).success).toBe(true);
    expect(gitOpsConfigSchema.safeParse({ owner: "o", repo: "r", baseUrl: "https://ghe.example/api/v3", auth: { kind: "app", appId: "1", installationId: 2, privateKey: "-----BEGIN PRIVATE KEY-----\n..." } }).success).toBe(true);
    expect(gitOpsConfigSchema.safeParse({ owner: "o", repo: "r", auth: { kind: "app", appId: "1", installationId: 2, privateKey: "nope" } }).success).toBe(false);
  });
});
