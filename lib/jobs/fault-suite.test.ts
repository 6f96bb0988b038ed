/**
 * The fault suite: the whole request pipeline (submission, the outbox runner, approvals, the reconciler)
 * against the in-process emulators under load and faults. Nothing may be lost or duplicated: many requests
 * for one parameter file all land on main and in Azure; GitHub's secondary rate limits leave exactly one PR
 * per request and are waited out as GitHub asks; Azure throttling and 5xx degrade health and the reconciler
 * catches up when Azure recovers. Outcomes are polled for with deadlines, never timed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { createGitOpsClient } from "@/lib/gitops";
import { createDependencyObservers, observeAzureClient } from "@/lib/health";
import { checkHealth } from "@/lib/read-models";
import { approveRequest, enqueuePrRefresh, JOB_KINDS, RefusedError, submitRequest, type DomainDeps, type JobKind } from "@/lib/requests";
import { runSyncPass } from "@/lib/sync";
import { startCountingProxy, type CountingProxy } from "@/test/counting-proxy";
import { newSmallDeployment } from "@/test/request-input";
import { startTestWorld, type TestWorld } from "@/test/test-world";

const AUE = "contoso-openai-aue";
const FILE = "manage-ai-models/contoso-openai-aue.bicepparam";
const REVIEWER_TOKEN = "fault-suite-reviewer";
// At least 50 in the suite; a smaller number only to look at the test on a slow machine.
const CONCURRENT = Number(process.env.FAULT_SUITE_REQUESTS ?? 50);

let world: TestWorld;
let deps: DomainDeps;

beforeAll(async () => {
  world = await startTestWorld({
    lroStepMs: 10,
    azurePollMs: 10,
    github: { extraTokens: { [REVIEWER_TOKEN]: "platform-approver" } },
    // Per-person limits are not under test here: 50 requests come from two people, approved by one.
    settings: { submissionsPerHour: 10_000, decisionsPerHour: 10_000 },
  });
  // Enough quota for every request of the suite (the seed's pool is sized for the demo).
  const quota = await fetch(`${world.azure.url}/_emulator/quota`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ location: "australiaeast", usageName: "OpenAI.GlobalStandard.gpt-4o-mini", limit: 100_000 }),
  });
  expect(quota.ok, await quota.text()).toBe(true);
  // Reviews need a second identity (GitHub refuses an approval from the PR's author).
  deps = {
    ...world.deps,
    gitops: createGitOpsClient(
      { baseUrl: world.github.url, owner: world.github.owner, repo: world.github.repo, auth: { kind: "token", token: world.github.token }, reviewerAuth: { kind: "token", token: REVIEWER_TOKEN }, mergeMethod: "squash" },
      { writeIntervalMs: 0, retryBaseMs: 5, rateLimitWaitUnitMs: 5, timeoutMs: 20_000 },
    ),
  };
}, 120_000);

afterAll(async () => world?.close());

function runner(d: DomainDeps = deps, backoffMs = 5, kinds?: JobKind[]) {
  const all = createJobHandlers(async () => d);
  const handlers = kinds ? Object.fromEntries(kinds.map((k) => [k, all[k]])) : all;
  return new JobRunner(world.t.db.prisma, { handlers, backoff: () => backoffMs, log: () => {} });
}

let seq = 0;
function input(name = `fault-${++seq}`) {
  const user = seq % 2 ? world.t.users.priya : world.t.users.marcus;
  return { user, body: newSmallDeployment(user, name, "Fault suite: nothing may be lost or duplicated.", `${name}-${Math.random().toString(36).slice(2, 10)}`) };
}

async function pulls(): Promise<{ number: number; state: string; merged_at: string | null; head: { ref: string } }[]> {
  const all = [];
  for (let page = 1; ; page++) {
    const res = await fetch(`${world.github.url}/repos/${world.github.owner}/${world.github.repo}/pulls?state=all&per_page=100&page=${page}`, { headers: { authorization: `token ${world.github.token}` } });
    const batch = await res.json();
    all.push(...batch);
    if (batch.length < 100) return all;
  }
}

/** Repeats `step` until `done` says so, failing with `what` after the deadline. */
async function until<T>(step: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await step();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Drains the outbox until none of `ids` is still submitting. */
async function openAll(ids: string[], r: JobRunner, timeoutMs: number) {
  await until(
    async () => {
      await r.drain();
      return world.t.db.prisma.request.count({ where: { id: { in: ids }, status: "submitting" } });
    },
    (n) => n === 0,
    "requests still submitting",
    timeoutMs,
  );
}

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe("fault suite", () => {
  it(`${CONCURRENT} concurrent requests for one parameter file: ${CONCURRENT} PRs, merged in random order, all on main and all Succeeded`, async () => {
    await runSyncPass(deps);
    const inputs = Array.from({ length: CONCURRENT }, () => input());
    const submitted = await Promise.all(inputs.map(({ user, body }) => submitRequest(deps, user, body)));
    const ids = submitted.map((s) => s.requestId);
    expect(new Set(ids).size).toBe(CONCURRENT);
    await openAll(ids, runner(), 240_000);

    const rows = await world.t.db.prisma.request.findMany({ where: { id: { in: ids } } });
    const all = await pulls();
    for (const row of rows) {
      expect(row.status).toBe("awaiting_approval");
      expect(all.filter((p) => p.head.ref === row.branch).map((p) => p.number)).toEqual([row.prNumber]);
    }

    // Approve in random order. Every merge moves main, so the next PR is re-applied to main first (as the
    // portal does when main moves) and approved once its checks have run on the new head.
    const r = runner();
    for (const id of shuffle(ids)) {
      await until(
        async () => {
          const row = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id } });
          const pr = await deps.gitops.getPullRequest(row.prNumber!);
          if (pr.mergeable === false || (row.baseSha && row.baseSha !== (await deps.gitops.getBranchSha()))) {
            await world.t.db.prisma.$transaction((tx) => enqueuePrRefresh(tx, id));
            await r.drain();
            return false;
          }
          if (pr.checks === "pending" || pr.mergeable === null) {
            await r.drain();
            return false;
          }
          try {
            // The plan names the deployments merged before this one and not yet deployed ("unrelated changes"):
            // the approver confirms them, as the queue asks.
            const confirm = { confirmations: ["unrelated-changes" as const], overrideReason: "Earlier merges of this file deploy with it." };
            return (await approveRequest(deps, world.t.users.alex, { requestId: id, expectedVersion: row.version, expectedHeadSha: pr.headSha, ...confirm })).outcome === "merged";
          } catch (e) {
            // Main moved between the read and the merge, the head changed, or the review of the new head is still
            // being prepared: run what is queued and try again.
            if (e instanceof RefusedError) {
              await r.drain();
              return false;
            }
            throw e;
          }
        },
        (merged) => merged,
        `request ${id} merged`,
        120_000,
      );
    }

    const main = (await world.github.readFile(FILE, "main"))!;
    for (const row of rows) expect(main).toContain(`name: '${row.deploymentName}'`);
    const merged = (await pulls()).filter((p) => rows.some((row) => row.prNumber === p.number));
    expect(merged.filter((p) => p.merged_at)).toHaveLength(CONCURRENT);

    // The deploy runs apply main to Azure; the reconciler settles every request.
    await until(
      async () => {
        await world.github.idle();
        await runSyncPass(deps);
        return world.t.db.prisma.request.findMany({ where: { id: { in: ids } }, select: { status: true } });
      },
      (list) => list.every((x) => x.status === "succeeded" || x.status === "failed"),
      "every request settled",
      240_000,
    );
    const final = await world.t.db.prisma.request.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: true });
    expect(final).toEqual([{ status: "succeeded", _count: CONCURRENT }]);
    const deployed = await deps.azure.listDeployments({ resourceGroup: "contoso-openai-rg", name: AUE });
    for (const row of rows) expect(deployed.map((d) => d.name)).toContain(row.deploymentName);
  }, 2_400_000);

  for (const status of [403, 429] as const) {
    it(`GitHub answering secondary rate limits (${status} + Retry-After): exactly one PR per request, each retry after the wait GitHub asked for`, async () => {
      const proxy: CountingProxy = await startCountingProxy({ target: world.github.url });
      // Waits in real seconds, as against GitHub; the runner retries a failed job only after the same wait.
      const slow: DomainDeps = {
        ...deps,
        gitops: createGitOpsClient(
          { baseUrl: proxy.url, owner: world.github.owner, repo: world.github.repo, auth: { kind: "token", token: world.github.token }, mergeMethod: "squash" },
          { writeIntervalMs: 0, retryBaseMs: 5, rateLimitWaitUnitMs: 1000, timeoutMs: 20_000 },
        ),
      };
      const ids: string[] = [];
      try {
        world.github.setFaults({ failNext: { count: 2, status, retryAfterSeconds: 1 }, secondaryRateLimitRate: 0.2, secondaryRateLimitStatus: status, retryAfterSeconds: 1 });
        for (let i = 0; i < 3; i++) {
          const { user, body } = input();
          // Submitting reads main; when GitHub still refuses after the waits, the person posts the same form again.
          for (let attempt = 0; ; attempt++) {
            try {
              ids.push((await submitRequest(slow, user, body)).requestId);
              break;
            } catch (e) {
              if (attempt > 10 || e instanceof RefusedError) throw e;
              // The form says GitHub asked to wait; the person tries again after that.
              await new Promise((r) => setTimeout(r, 1000));
            }
          }
        }
        // Only the open-PR jobs: the reviews and notifications they queue would read the same main ref, and a
        // second reader's call is no retry of the first.
        await openAll(ids, runner(slow, 1100, [JOB_KINDS.openPr]), 180_000);
      } finally {
        world.github.setFaults({});
        await proxy.close();
      }
      const rows = await world.t.db.prisma.request.findMany({ where: { id: { in: ids } } });
      const all = await pulls();
      for (const row of rows) {
        expect(row.status).toBe("awaiting_approval");
        expect(all.filter((p) => p.head.ref === row.branch).map((p) => p.number)).toEqual([row.prNumber]);
      }
      // Every limited call was retried no sooner than Retry-After (1 s) later.
      const limited = proxy.calls.filter((c) => c.status === status);
      expect(limited.length).toBeGreaterThanOrEqual(2);
      let retried = 0;
      for (const c of limited) {
        const next = proxy.calls.find((x) => x.at > c.at && x.method === c.method && x.path === c.path);
        if (!next) continue;
        retried++;
        expect(next.at - c.at, `${c.method} ${c.route} retried after ${next.at - c.at} ms`).toBeGreaterThanOrEqual(950);
      }
      expect(retried).toBeGreaterThanOrEqual(1);
    }, 300_000);
  }

  it("Azure throttling (429 + Retry-After) and then 5xx: passes wait as asked, health says degraded, the reconciler catches up", async () => {
    const observers = createDependencyObservers();
    const observed: DomainDeps = { ...deps, azure: observeAzureClient(deps.azure, observers.azure) };
    const health = () => checkHealth({ database: world.t.db, azure: observed.azure, gitops: observed.gitops, mode: "demo", observers });
    expect((await runSyncPass(observed)).status.ok).toBe(true);

    // A request merged just before Azure starts throttling: its deploy run reaches Azure before the faults.
    const { user, body } = input();
    const { requestId } = await submitRequest(deps, user, body);
    const r = runner();
    await openAll([requestId], r, 60_000);
    await until(
      async () => {
        const row = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
        const pr = await deps.gitops.getPullRequest(row.prNumber!);
        if (pr.checks === "pending" || pr.mergeable === null) {
          await world.github.idle();
          return false;
        }
        return (await approveRequest(deps, world.t.users.alex, { requestId, expectedVersion: row.version, expectedHeadSha: pr.headSha })).outcome === "merged";
      },
      (m) => m,
      "merged",
      60_000,
    );
    await world.github.idle();

    const before = Date.now();
    try {
      world.azure.configure({ throttleRate: 1, retryAfterSeconds: 1 });
      const throttled = await runSyncPass(observed);
      expect(throttled.status.ok).toBe(false);
      expect(throttled.status.errors.some((e) => e.source === "azure")).toBe(true);
      // The SDK retried each throttled call only after Retry-After: a pass lasts at least that long.
      expect(Date.now() - before).toBeGreaterThanOrEqual(950);
      const report = await health();
      expect(report.status).toBe("degraded");
      expect(report.components.azure.ok).toBe(false);

      world.azure.configure({ throttleRate: 0, errorRate: 1 });
      const failing = await runSyncPass(observed);
      expect(failing.status.ok).toBe(false);
      expect((await health()).status).toBe("degraded");
      expect((await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } })).status).not.toBe("succeeded");
    } finally {
      world.azure.configure({ throttleRate: 0, errorRate: 0 });
    }

    // Azure recovers: the next passes catch up and health is ok again.
    await until(
      async () => {
        await world.github.idle();
        await runSyncPass(observed);
        return world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
      },
      (row) => row.status === "succeeded",
      "the request caught up to Succeeded",
      60_000,
    );
    const recovered = await health();
    expect(recovered.components.azure.ok).toBe(true);
    expect(recovered.status).toBe("ok");
  }, 300_000);
});
