/**
 * /api/health's logic: GitHub and Azure reported from what the process last observed, a probe of its own
 * only when nothing was seen for a minute (one at a time, at most once a minute however often it is asked),
 * and every call's outcome classified (a 404 is GitHub answering; a 502 or no answer is GitHub unwell).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureError, type AzureClient } from "@/lib/azure";
import type { GitOpsClient } from "@/lib/gitops";
import { openTestDatabase, type TestDatabase } from "@/test/test-db";
import { createDependencyObservers, DependencyObserver, observeAzureClient, observeGitHubRequests } from "@/lib/health";
import { checkHealth } from "./health";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

function fakes() {
  const calls = { github: 0, azure: 0 };
  const gitops = { checkHealth: async () => (calls.github++, { ok: true, latencyMs: 3, rateLimit: { limit: 5000, remaining: 4999, resetAt: "2026-11-25T13:00:00.000Z" } }) } as unknown as GitOpsClient;
  const azure = { checkHealth: async () => (calls.azure++, { ok: true, latencyMs: 4, detail: "https://azure.test" }) } as unknown as AzureClient;
  return { calls, gitops, azure };
}

describe("health from observations", () => {
  it("probes GitHub and Azure at most once a minute, however often it is asked", async () => {
    const { calls, gitops, azure } = fakes();
    const observers = createDependencyObservers();
    const reports = await Promise.all(Array.from({ length: 20 }, () => checkHealth({ database: t.db, gitops, azure, mode: "demo", observers })));
    for (let i = 0; i < 30; i++) await checkHealth({ database: t.db, gitops, azure, mode: "demo", observers });
    expect(calls).toEqual({ github: 1, azure: 1 });
    expect(reports[0]).toMatchObject({ status: "ok", components: { database: { ok: true }, github: { ok: true, source: "probe", rateLimit: { limit: 5000, remaining: 4999 } }, azure: { ok: true, source: "probe" } } });
  });

  it("reports the last call the portal made instead of probing, and says when it was", async () => {
    const { calls, gitops, azure } = fakes();
    const observers = createDependencyObservers();
    const hook = observeGitHubRequests(observers.github);
    hook({ method: "GET", url: "https://api.github.test/repos/o/r/pulls?state=open", status: 304, notModified: true, durationMs: 12, rateLimitRemaining: 4100 });
    const report = await checkHealth({ database: t.db, gitops, azure, mode: "demo", observers });
    expect(calls.github).toBe(0);
    expect(report.components.github).toMatchObject({ ok: true, source: "traffic", latencyMs: 12, detail: "last call GET /repos/o/r/pulls → 304", rateLimit: { remaining: 4100 } });
    hook({ method: "GET", url: "https://api.github.test/repos/o/r/pulls/7", status: 502, notModified: false, durationMs: 40 });
    const down = await checkHealth({ database: t.db, gitops, azure, mode: "demo", observers });
    expect(down.status).toBe("degraded");
    expect(down.components.github).toMatchObject({ ok: false, error: "GitHub answered 502 to GET /repos/o/r/pulls/7" });
  });

  it("probes again once the last observation is older than the interval", async () => {
    const observer = new DependencyObserver();
    let probes = 0;
    const probe = async () => (probes++, { ok: true, latencyMs: 1 });
    const t0 = Date.now();
    await observer.current(probe, 60_000, t0);
    await observer.current(probe, 60_000, t0 + 30_000);
    expect(probes).toBe(1);
    await observer.current(probe, 60_000, Date.now() + 61_000);
    expect(probes).toBe(2);
  });

  it("classifies GitHub answers: 404 is an answer, no answer, 5xx, 401 and an exhausted rate limit are not", () => {
    const observer = new DependencyObserver();
    const hook = observeGitHubRequests(observer);
    const see = (status: number, rateLimitRemaining?: number) => {
      hook({ method: "GET", url: "https://api.github.test/x", status, notModified: false, durationMs: 1, rateLimitRemaining });
      return observer.latest!.ok;
    };
    expect([see(200), see(304), see(404), see(422), see(403, 10)]).toEqual([true, true, true, true, true]);
    expect([see(0), see(500), see(503), see(401), see(429), see(403, 0)]).toEqual([false, false, false, false, false, false]);
  });

  it("records Azure calls: an answer about the request is Azure up, unavailable or throttled is not", async () => {
    const observer = new DependencyObserver();
    let next: Error | null = null;
    const inner = { subscriptionId: "s", listModels: async () => { if (next) throw next; return []; } } as unknown as AzureClient;
    const azure = observeAzureClient(inner, observer);
    expect(azure.subscriptionId).toBe("s");
    await azure.listModels("eastus");
    expect(observer.latest).toMatchObject({ ok: true, source: "traffic" });
    next = new AzureError("not-found", "No such deployment.");
    await expect(azure.listModels("eastus")).rejects.toBe(next);
    expect(observer.latest!.ok).toBe(true);
    next = new AzureError("unavailable", "Azure could not be reached.");
    await expect(azure.listModels("eastus")).rejects.toBe(next);
    expect(observer.latest).toMatchObject({ ok: false, error: "Azure could not be reached." });
  });
});
