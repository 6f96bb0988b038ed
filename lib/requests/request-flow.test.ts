/**
 * The request flow against the in-process GitHub and Azure emulators and a PGlite database: submission,
 * authorisation, the open-PR job (idempotent across crashes and flaky GitHub), refresh on a moved main, cancel.
 */
import { diffLines } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "@/test/emulators";
import type { TestDatabase } from "@/test/test-db";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { RateLimitedError } from "@/lib/rate-limit";
import { cancelRequest } from "./cancel-request";
import type { DomainDeps } from "./deps";
import { ForbiddenError, RefusedError } from "./errors";
import { openRequestPullRequest } from "./open-pull-request";
import { enqueuePrRefresh } from "./refresh-pull-request";
import { branchNameFor } from "./rules/naming";
import { describeQuota, findUsage, loadHeldByPending, quotaImpact } from "./rules/quota";
import { submitRequest } from "./submit-request";

const AUE = "contoso-openai-aue";
const FILE = "manage-ai-models/contoso-openai-aue.bicepparam";

let t: TestDatabase;
let github: GitHubEmulator;
let deps: DomainDeps;
let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({ settings: { prLabels: ["modelgate"] } });
  ({ t, github, deps } = world);
}, 120_000);

afterAll(async () => world?.close());

let keySeq = 0;
function input(overrides: Record<string, unknown> = {}) {
  return {
    action: "create",
    account: AUE,
    teamId: t.users.priya.teams[0].id,
    deploymentName: `search-mini-${++keySeq}`,
    modelName: "gpt-4o-mini",
    modelVersion: "2024-07-18",
    skuName: "GlobalStandard",
    capacity: 2,
    justification: "Needed for the search relevance experiments.",
    submissionKey: `key-${keySeq}-${Math.random().toString(36).slice(2, 10)}`,
    ...overrides,
  };
}

/** One pool's picture as the form shows it: Azure's usage now and what pending requests hold. */
async function getQuotaPicture(location: string, usageName: string) {
  const [usages, held] = await Promise.all([deps.azure.listUsages(location), loadHeldByPending(t.db.prisma, { locations: [location] })]);
  return describeQuota(location, usageName, findUsage(usages, usageName), held.get(location, usageName));
}

function runner(options: { leaseMs?: number } = {}) {
  return new JobRunner(t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 5, leaseMs: options.leaseMs, log: () => {} });
}

async function pulls(): Promise<{ number: number; state: string; head: { ref: string; sha: string }; base: { sha: string }; body: string; title: string }[]> {
  const res = await fetch(`${github.url}/repos/${github.owner}/${github.repo}/pulls?state=all&per_page=100`, { headers: { authorization: `token ${github.token}` } });
  return res.json();
}

async function counts() {
  return { requests: await t.db.prisma.request.count(), jobs: await t.db.prisma.outboxJob.count(), pulls: (await pulls()).length };
}

describe("submission", () => {
  it("writes request, event and job in one go; the job opens exactly one PR adding exactly the element", async () => {
    const first = await submitRequest(deps, t.users.priya, input({ deploymentName: "search-gpt-4o-2", modelName: "gpt-4o", modelVersion: "2024-11-20", capacity: 10, submissionKey: "double-click-key" }));
    // A double click (same form key) returns the same request.
    const again = await submitRequest(deps, t.users.priya, input({ deploymentName: "search-gpt-4o-2", modelName: "gpt-4o", modelVersion: "2024-11-20", capacity: 10, submissionKey: "double-click-key" }));
    expect(again).toMatchObject({ requestId: first.requestId, created: false });
    const row = await t.db.prisma.request.findUniqueOrThrow({ where: { id: first.requestId }, include: { events: true, jobs: true } });
    expect(row).toMatchObject({ status: "submitting", kind: "create", accountName: AUE, location: "australiaeast", paramFilePath: FILE, branch: branchNameFor(row.number, "search-gpt-4o-2") });
    expect(row.change).toMatchObject({ op: "add", comment: `team: Search · request #${row.number} (ModelGate)` });
    expect(row.events.map((e) => e.type)).toEqual(["submitted"]);
    expect(row.jobs).toHaveLength(1);

    // The quota it holds shows at once.
    const picture = await getQuotaPicture("australiaeast", "OpenAI.GlobalStandard.gpt-4o");
    expect(picture).toMatchObject({ limit: 160, usedInAzure: 150, heldByPending: 10, free: 0 });
    const impact = await quotaImpact(deps, row);
    expect(impact).toMatchObject({ requested: 10, heldByPending: 0, fits: true, beforePercent: 93.8, afterPercent: 100 });

    // The open-PR job, the notify job its move to Awaiting approval wrote, and the review it queues for the approver
    // (diff, plan, the PR's plan comment) — again when the checks' verdict changed while it ran.
    expect(await runner().drain()).toBeGreaterThanOrEqual(3);
    const jobs = await t.db.prisma.outboxJob.findMany({ where: { requestId: first.requestId }, select: { kind: true, status: true } });
    expect(jobs.filter((j) => j.kind === "open-pr")).toEqual([{ kind: "open-pr", status: "done" }]);
    expect(jobs.filter((j) => j.kind === "prepare-review").length).toBeGreaterThanOrEqual(1);
    expect(jobs.every((j) => j.status === "done")).toBe(true);
    const done = await t.db.prisma.request.findUniqueOrThrow({ where: { id: first.requestId }, include: { events: { orderBy: { id: "asc" } } } });
    expect(done.status).toBe("awaiting_approval");
    // The review job reads the PR's checks, and notes their verdict when they already reported.
    expect(done.events.map((e) => e.type).filter((t) => t !== "checks")).toEqual(["submitted", "pr_opened"]);
    const mine = (await pulls()).filter((p) => p.head.ref === done.branch);
    expect(mine).toHaveLength(1);
    expect(mine[0].number).toBe(done.prNumber);
    expect(mine[0].title).toBe(`ai-models(${AUE}): add search-gpt-4o-2 (gpt-4o 2024-11-20, GlobalStandard 10) [ModelGate #${done.number}]`);
    expect(mine[0].body).toContain(`https://modelgate.test/requests/${done.id}`);
    expect(mine[0].body).toContain("| OpenAI\\.GlobalStandard\\.gpt\\-4o | 160 | 150 | 0 | 10 |");
    const before = (await github.readFile(FILE, "main"))!;
    const after = (await github.readFile(FILE, done.branch!))!;
    const parts = diffLines(before, after);
    expect(parts.filter((p) => p.removed)).toHaveLength(0);
    expect(parts.filter((p) => p.added).map((p) => p.value)).toEqual([
      [
        `  // team: Search · request #${done.number} (ModelGate)`,
        "  {",
        "    model: {",
        "      format: 'OpenAI'",
        "      name: 'gpt-4o'",
        "      version: '2024-11-20'",
        "    }",
        "    name: 'search-gpt-4o-2'",
        "    sku: {",
        "      capacity: 10",
        "      name: 'GlobalStandard'",
        "    }",
        "  }",
        "",
      ].join("\n"),
    ]);
  }, 60_000);

  it("refuses over-quota, duplicate names (file, Azure, pending) and retired versions, writing nothing", async () => {
    const start = await counts();
    const refuse = async (overrides: Record<string, unknown>, field: string, pattern: RegExp) => {
      const err = await submitRequest(deps, t.users.priya, input(overrides)).catch((e) => e);
      expect(err).toBeInstanceOf(RefusedError);
      expect((err as RefusedError).fieldErrors[field as "capacity"]).toMatch(pattern);
    };
    await refuse({ modelName: "gpt-4o", modelVersion: "2024-11-20", capacity: 1 }, "capacity", /No quota is free for this model in this region: OpenAI.GlobalStandard.gpt-4o in australiaeast has 0 of 160,000 tokens per minute free/);
    await refuse({ deploymentName: "SEARCH-GPT-4O" }, "deploymentName", /already used on contoso-openai-aue \(in the parameter file\)/);
    await refuse({ deploymentName: "search-gpt-4o-2" }, "deploymentName", /already used on contoso-openai-aue \(requested in #\d+\)/);
    await refuse({ modelName: "gpt-4o", modelVersion: "2024-05-13", capacity: 1 }, "modelVersion", /retired on 2026-06-30/);
    await refuse({ capacity: 0 }, "capacity", /at least 1/);
    await refuse({ deploymentName: "bad name!" }, "deploymentName", /contains " "/);
    expect(await counts()).toEqual(start);
  }, 60_000);
});

describe("authorisation", () => {
  it("refuses a Manager and an Approver, a team the user isn't in, another team's deployment, and forged fields", async () => {
    const start = await counts();
    await expect(submitRequest(deps, t.users.dana, input({ teamId: t.users.priya.teams[0].id }))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(submitRequest(deps, t.users.alex, input({ teamId: t.users.alex.teams[0].id }))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(submitRequest(deps, t.users.marcus, input({ teamId: t.users.priya.teams[0].id }))).rejects.toBeInstanceOf(ForbiddenError);

    const other = await submitRequest(deps, t.users.marcus, {
      action: "change",
      account: AUE,
      teamId: t.users.marcus.teams[0].id,
      deploymentName: "search-embedding-large",
      capacity: 125,
      justification: "We want Search's deployment.",
      submissionKey: "marcus-forged-change",
    }).catch((e) => e);
    expect(other).toBeInstanceOf(RefusedError);
    expect(other.fieldErrors.deploymentName).toMatch(/belongs to the Search team/);
    const removal = await submitRequest(deps, t.users.marcus, { action: "decommission", account: AUE, teamId: t.users.marcus.teams[0].id, deploymentName: "search-gpt-4o", justification: "Not ours but let's try.", submissionKey: "marcus-forged-remove" }).catch((e) => e);
    expect(removal).toBeInstanceOf(RefusedError);

    const forged = await submitRequest(deps, t.users.priya, { ...input(), status: "approved" }).catch((e) => e);
    expect(forged).toBeInstanceOf(RefusedError);
    expect(forged.fieldErrors.form).toMatch(/Unexpected field: status/);
    const badSku = await submitRequest(deps, t.users.priya, input({ skuName: "SuperCheap" })).catch((e) => e);
    expect(badSku.fieldErrors.skuName).toMatch(/not offered/);
    const badAccount = await submitRequest(deps, t.users.priya, input({ account: "someone-elses-account" })).catch((e) => e);
    expect(badAccount.fieldErrors.account).toMatch(/no account/);
    expect(await counts()).toEqual(start);
  }, 60_000);

  it("lets the owning team change its deployment (only the increase holds quota) and an admin change anyone's", async () => {
    const mine = await submitRequest(deps, t.users.priya, { action: "change", account: AUE, teamId: t.users.priya.teams[0].id, deploymentName: "search-embedding-large", capacity: 130, justification: "More embeddings for reindexing.", submissionKey: "priya-change-1" });
    const row = await t.db.prisma.request.findUniqueOrThrow({ where: { id: mine.requestId } });
    expect(row).toMatchObject({ kind: "change", capacity: 130, change: { op: "update", name: "search-embedding-large", set: { sku: { capacity: 130 } } }, previous: { sku: { capacity: 120 }, team: "Search" } });
    const held = await getQuotaPicture("australiaeast", "OpenAI.Standard.text-embedding-3-large");
    expect(held.heldByPending).toBe(10);
    const admin = await submitRequest(deps, t.users.sam, { action: "decommission", account: AUE, teamId: t.users.sam.teams[0].id, deploymentName: "support-gpt-35-turbo", justification: "Retiring the old model.", submissionKey: "sam-remove-1" });
    expect(admin.created).toBe(true);
    await runner().drain();
    const both = await t.db.prisma.request.findMany({ where: { id: { in: [mine.requestId, admin.requestId] } } });
    expect(both.map((r) => r.status)).toEqual(["awaiting_approval", "awaiting_approval"]);
  }, 60_000);
});

describe("exactly one PR", () => {
  it("after the job runner is killed between the database write and the PR (and after the PR, before recording it)", async () => {
    const a = await submitRequest(deps, t.users.priya, input());
    const b = await submitRequest(deps, t.users.priya, input());
    // Worker 1 claims both jobs and dies: for A after creating the branch and commit, for B after opening the PR.
    const dying = runner({ leaseMs: 300 });
    expect(await dying.claimNext()).not.toBeNull();
    expect(await dying.claimNext()).not.toBeNull();
    const ra = await t.db.prisma.request.findUniqueOrThrow({ where: { id: a.requestId } });
    const main = await deps.gitops.getBranchSha();
    await deps.gitops.commitFile({ branch: ra.branch!, path: FILE, content: (await deps.gitops.readFile(FILE)).content + "\n", message: "half done", expectedSha: (await deps.gitops.readFile(FILE)).sha, baseSha: main });
    const rb = await t.db.prisma.request.findUniqueOrThrow({ where: { id: b.requestId } });
    const lost = { ...deps, db: new Proxy(t.db.prisma, { get: (target, prop) => (prop === "$transaction" ? () => Promise.reject(new Error("killed")) : Reflect.get(target, prop)) }) };
    await expect(openRequestPullRequest(lost, rb.id)).rejects.toThrow("killed");
    expect((await pulls()).filter((p) => p.head.ref === rb.branch)).toHaveLength(1);

    // Restart: a new worker picks the jobs up once the lease has run out.
    await new Promise((r) => setTimeout(r, 400));
    const restarted = runner();
    await restarted.drain();
    for (const id of [a.requestId, b.requestId]) {
      const r = await t.db.prisma.request.findUniqueOrThrow({ where: { id } });
      expect(r.status).toBe("awaiting_approval");
      const prs = (await pulls()).filter((p) => p.head.ref === r.branch);
      expect(prs).toHaveLength(1);
      expect(prs[0].number).toBe(r.prNumber);
      // The branch holds exactly the request's edit on top of main.
      const parts = diffLines((await github.readFile(FILE, "main"))!, (await github.readFile(FILE, r.branch!))!);
      expect(parts.filter((p) => p.removed)).toHaveLength(0);
      expect(parts.filter((p) => p.added)).toHaveLength(1);
      expect(parts.find((p) => p.added)!.value).toContain(`name: '${r.deploymentName}'`);
    }
  }, 60_000);

  it("with 30% of GitHub calls failing, every request of several ends with exactly one PR", async () => {
    github.setFaults({ errorRate: 0.3 });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const body = input();
        // The user retries a failed post with the same form: still one request.
        for (let attempt = 0; ; attempt++) {
          try {
            ids.push((await submitRequest(deps, t.users.priya, body)).requestId);
            break;
          } catch (e) {
            if (attempt > 10 || e instanceof RefusedError) throw e;
          }
        }
      }
      const r = runner();
      const deadline = Date.now() + 45_000;
      for (;;) {
        await r.drain();
        const open = await t.db.prisma.request.count({ where: { id: { in: ids }, status: "submitting" } });
        if (open === 0) break;
        if (Date.now() > deadline) throw new Error(`${open} requests still submitting`);
        await new Promise((res) => setTimeout(res, 20));
      }
    } finally {
      github.setFaults({});
    }
    const rows = await t.db.prisma.request.findMany({ where: { id: { in: ids } } });
    expect(rows).toHaveLength(5);
    const all = await pulls();
    for (const row of rows) {
      expect(row.status).toBe("awaiting_approval");
      expect(all.filter((p) => p.head.ref === row.branch).map((p) => p.number)).toEqual([row.prNumber]);
    }
  }, 90_000);
});

describe("keeping the PR on top of main, and cancelling", () => {
  it("re-applies the edit when main moves, then cancel closes the PR", async () => {
    const { requestId } = await submitRequest(deps, t.users.priya, input());
    await runner().drain();
    const opened = await t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
    // Someone merges a change to the same file on main.
    const main = (await github.readFile(FILE, "main"))!;
    await github.pushCommitAs("someone", { path: FILE, content: main.replace("capacity: 60", "capacity: 55"), message: "Shrink gpt-35-turbo" });
    await t.db.prisma.$transaction(async (tx) => {
      await enqueuePrRefresh(tx, requestId);
      await enqueuePrRefresh(tx, requestId);
    });
    expect(await t.db.prisma.outboxJob.count({ where: { requestId, kind: "refresh-pr", status: "pending" } })).toBe(1);
    await runner().drain();
    const refreshed = await t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId }, include: { events: { orderBy: { id: "asc" } } } });
    expect(refreshed.baseSha).not.toBe(opened.baseSha);
    expect(refreshed.headSha).not.toBe(opened.headSha);
    // The branch update is the last thing ModelGate did; the new head's checks may have reported since.
    expect(refreshed.events.filter((e) => e.type !== "checks").at(-1)?.type).toBe("branch_updated");
    const newMain = (await github.readFile(FILE, "main"))!;
    const head = (await github.readFile(FILE, refreshed.branch!))!;
    expect(head).toContain("capacity: 55");
    const parts = diffLines(newMain, head);
    expect(parts.filter((p) => p.removed)).toHaveLength(0);
    expect(parts.filter((p) => p.added)).toHaveLength(1);

    // Only the requester, the team or an admin may cancel.
    await expect(cancelRequest(deps, t.users.marcus, requestId)).rejects.toBeInstanceOf(ForbiddenError);
    await cancelRequest(deps, t.users.priya, requestId, "No longer needed");
    await runner().drain();
    const pr = (await pulls()).find((p) => p.number === refreshed.prNumber)!;
    expect(pr.state).toBe("closed");
    const cancelled = await t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(cancelled.status).toBe("cancelled");
    // A cancelled request no longer holds quota and its PR stays closed when jobs run again.
    await runner().drain();
    expect((await pulls()).find((p) => p.number === refreshed.prNumber)!.state).toBe("closed");
  }, 60_000);
});

describe("double submits, rate limits and the audit log", () => {
  it("20 identical posts at once (same submission key) all get the one request they created", async () => {
    const same = input({ submissionKey: `burst-${Date.now()}` });
    const before = await t.db.prisma.request.count();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => submitRequest(deps, t.users.priya, same)));
    const failures = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const ids = new Set(results.map((r) => (r as PromiseFulfilledResult<{ requestId: string }>).value.requestId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => (r as PromiseFulfilledResult<{ created: boolean }>).value.created)).toHaveLength(1);
    expect(await t.db.prisma.request.count()).toBe(before + 1);
    expect(await t.db.prisma.auditEvent.count({ where: { action: "request.submit", targetId: [...ids][0] } })).toBe(1);
  }, 60_000);

  it("refuses a submission past the hourly limit with the wait, and writes nothing", async () => {
    const limited: DomainDeps = { ...deps, settings: { ...deps.settings, submissionsPerHour: 1 } };
    const userKey = `submit:${t.users.sam.id}`;
    const used = await t.db.prisma.rateLimitCounter.aggregate({ where: { key: userKey }, _sum: { count: true } });
    expect(used._sum.count ?? 0).toBeLessThanOrEqual(1);
    if ((used._sum.count ?? 0) === 0) {
      await submitRequest(limited, t.users.sam, input({ teamId: t.users.sam.teams[0].id, deploymentName: "platform-mini-1", submissionKey: `sam-1-${Date.now()}` }));
    }
    const before = await counts();
    const refused = await submitRequest(limited, t.users.sam, input({ teamId: t.users.sam.teams[0].id, deploymentName: "platform-mini-2", submissionKey: `sam-2-${Date.now()}` })).catch((e) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused.message).toMatch(/^You have submitted 1 request in the last hour, the most one person may\. Try again in \d+ (seconds?|minutes?)\.$/);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });

  it("records submissions and cancellations in the audit log, with who and from where", async () => {
    const { requestId } = await submitRequest({ ...deps, auditOrigin: { httpRequestId: "req-audit-1", ipAddress: "10.0.0.7", userAgent: "test" } }, t.users.priya, input());
    await cancelRequest({ ...deps, auditOrigin: { httpRequestId: "req-audit-2", ipAddress: "10.0.0.7", userAgent: "test" } }, t.users.priya, requestId, "Not needed after all");
    const rows = await t.db.prisma.auditEvent.findMany({ where: { targetId: requestId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.actorName, r.httpRequestId])).toEqual([
      ["request.submit", "Priya Shah", "req-audit-1"],
      ["request.cancel", "Priya Shah", "req-audit-2"],
    ]);
    expect(rows[1].summary).toContain("Not needed after all");
  });
});
