/**
 * The benchmark's cost section, in one process: the domain (lib/requests, lib/jobs, lib/sync) against the
 * GitHub and Azure emulators with a counting proxy in front of each, so every call is counted on the wire as
 * the emulator receives it. Prints one JSON object on its last line (read by scripts/bench/run.ts).
 *
 * Run by `npm run bench` with NODE_EXTRA_CA_CERTS set to the emulators' local CA (Node reads it at start).
 *   BENCH_OPEN_PRS   open PRs for the idle-portal minute (default 20; npm run bench's poll section measures 1,000)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startAzureEmulator } from "../../emulators/azure/server";
import { FAST_TIMINGS } from "../../emulators/github/actions-runner";
import { startGitHubEmulator } from "../../emulators/github/server";
import { SEED_ACCOUNTS } from "../../emulators/seed/world";
import { createAzureClient } from "../../lib/azure";
import { createGitOpsClient } from "../../lib/gitops";
import { createJobHandlers, JobRunner } from "../../lib/jobs";
import { approveRequest, DEFAULT_SETTINGS, openRequestPullRequest, pollGitHub, submitRequest, type DomainDeps } from "../../lib/requests";
import { runSyncPass } from "../../lib/sync";
import { startCountingProxy, type CallSummary, type CountingProxy } from "../../test/counting-proxy";
import { openTestDatabase } from "../../test/test-db";
import { runBenchScript } from "./entry";

const REVIEWER_TOKEN = "bench-reviewer-token";
const AUE = "contoso-openai-aue";
const SYNC_INTERVAL_SECONDS = 30;

type IdleResult = { openPrs: number; pollIntervalSeconds: number; syncIntervalSeconds: number; callsPerMinute: number; chargedPerMinute: number; pollCalls: number; pollCharged: number; syncGitHubCalls: number; syncGitHubCharged: number; pollByRoute: CallSummary["byRoute"] };

interface Result {
  openPr: { calls: number; charged: number; byRoute: CallSummary["byRoute"]; submissionTotal: number };
  approval: { calls: number; charged: number; byRoute: CallSummary["byRoute"] };
  approveToSucceededMs: { p50: number; p95: number; n: number } | null;
  idle: IdleResult | { notMeasured: string };
  azure: { accounts: number; callsPerPass: number; perAccount: number; byRoute: CallSummary["byRoute"] };
}

const T0 = Date.now();
function log(line: string) {
  process.stderr.write(`[cost +${Math.round((Date.now() - T0) / 1000)} s] ${line}\n`);
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]);
}

async function main() {
  const openPrs = Number(process.env.BENCH_OPEN_PRS ?? 20);
  const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-bench-cost-"));
  const t = await openTestDatabase();
  const azure = await startAzureEmulator({ port: 0, persist: false, seed: true, lroStepMs: 20 });
  const github = await startGitHubEmulator({
    port: 0,
    dataDir: path.join(dir, "github"),
    reset: true,
    extraTokens: { [REVIEWER_TOKEN]: "platform-approver" },
    azure: { url: azure.url, subscriptionId: azure.subscriptionId, ca: readFileSync(azure.caPath) },
    timings: { ...FAST_TIMINGS, azurePollMs: 20, azureTimeoutMs: 30_000 },
  });
  const certDir = path.dirname(azure.caPath);
  const ghProxy: CountingProxy = await startCountingProxy({ target: github.url });
  const azProxy: CountingProxy = await startCountingProxy({
    target: azure.url,
    tls: { key: readFileSync(path.join(certDir, "key.pem")), cert: readFileSync(path.join(certDir, "cert.pem")) },
    ca: readFileSync(azure.caPath),
  });
  const deps: DomainDeps = {
    db: t.db.prisma,
    azure: createAzureClient({ subscriptionId: azure.subscriptionId, endpoint: azProxy.url, credential: { kind: "static-token", token: "bench" }, retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 }, pollIntervalMs: 5 }),
    gitops: createGitOpsClient(
      { baseUrl: ghProxy.url, owner: github.owner, repo: github.repo, auth: { kind: "token", token: github.token }, reviewerAuth: { kind: "token", token: REVIEWER_TOKEN }, mergeMethod: "squash" },
      { writeIntervalMs: 0, retryBaseMs: 5, rateLimitWaitUnitMs: 5, timeoutMs: 20_000 },
    ),
    // Per-person submission limits are not what this measures: 100 open PRs come from two people.
    settings: { ...DEFAULT_SETTINGS, publicUrl: "https://modelgate.test", subscriptionId: azure.subscriptionId, mergeMethod: "squash", submissionsPerHour: 10_000, decisionsPerHour: 10_000 },
  };
  const runner = new JobRunner(t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 5, log: () => {} });
  let seq = 0;
  const submit = (user = t.users.priya) =>
    submitRequest(deps, user, {
      action: "create",
      account: AUE,
      teamId: user.teams[0].id,
      deploymentName: `bench-mini-${++seq}`,
      modelName: "gpt-4o-mini",
      modelVersion: "2024-07-18",
      skuName: "GlobalStandard",
      capacity: 1,
      justification: "Benchmark: the cost of one request against GitHub.",
      submissionKey: `bench-${seq}-${Math.random().toString(36).slice(2)}`,
    });

  try {
    // Quota is not what this measures: the seed's pool is sized for the demo, not for 100 open requests.
    const quota = await fetch(`${azure.url}/_emulator/quota`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ location: "australiaeast", usageName: "OpenAI.GlobalStandard.gpt-4o-mini", limit: 100_000 }),
    });
    if (!quota.ok) throw new Error(`raising the emulator's quota failed: ${await quota.text()}`);
    // A first reconciler pass so the portal knows Azure (as a running portal would).
    await runSyncPass(deps);

    // Opening one PR: the open-pr job alone, then everything the submission triggers (review, plan comment).
    const first = await submit();
    ghProxy.reset();
    await openRequestPullRequest(deps, first.requestId);
    const open = ghProxy.summary();
    await runner.drain();
    await github.idle();
    await runner.drain();
    const submissionTotal = ghProxy.summary().total;
    log(`open one PR: ${open.total} calls (${submissionTotal} with the review)`);

    // Approvals: the approve use case (re-read PR, review as reviewer, merge); then approve → Succeeded.
    const approvalCalls: CallSummary[] = [];
    const e2e: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { requestId } = i === 0 ? first : await submit();
      await runner.drain();
      const r = await until(() => t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } }), (x) => x.status === "awaiting_approval", "awaiting approval");
      await until(() => deps.gitops.getPullRequest(r.prNumber!), (p) => p.checks === "success" || p.checks === "failure", "checks");
      await github.idle();
      await runner.drain();
      const fresh = await t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
      ghProxy.reset();
      const started = performance.now();
      await approveRequest(deps, t.users.alex, { requestId, expectedVersion: fresh.version, expectedHeadSha: fresh.headSha });
      approvalCalls.push(ghProxy.summary());
      await until(
        async () => {
          await github.idle();
          await runSyncPass(deps);
          return t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
        },
        (x) => x.status === "succeeded" || x.status === "failed",
        "succeeded",
      );
      e2e.push(performance.now() - started);
      await runner.drain();
    }
    const approval = approvalCalls.at(-1)!;
    log(`approval: ${approval.total} calls; approve → succeeded p50 ${quantile(e2e, 0.5)} ms`);

    // Azure: one reconciler pass, warm, per account.
    await runSyncPass(deps);
    azProxy.reset();
    await runSyncPass(deps);
    const az = azProxy.summary();
    const accounts = SEED_ACCOUNTS.length;
    log(`azure: ${az.total} ARM calls per pass over ${accounts} accounts`);

    // What is measured so far, in case the idle minute's setup runs past the section's time bound.
    const partial = (idle: Result["idle"]): Result => ({
      openPr: { calls: open.total, charged: open.charged, byRoute: open.byRoute, submissionTotal },
      approval: { calls: approval.total, charged: approval.charged, byRoute: approval.byRoute },
      approveToSucceededMs: e2e.length ? { p50: quantile(e2e, 0.5), p95: quantile(e2e, 0.95), n: e2e.length } : null,
      idle,
      azure: { accounts, callsPerPass: az.total, perAccount: Math.round((az.total / accounts) * 10) / 10, byRoute: az.byRoute },
    });
    console.log(JSON.stringify(partial({ notMeasured: `opening ${openPrs} PRs did not finish within the section's time bound` })));
    const measureIdle = async (): Promise<IdleResult> => {
      // The idle portal with N open PRs: open them, let checks finish, then a minute of the schedule
      // (a poll every pollIntervalSeconds and a reconciler pass every SYNC_INTERVAL_SECONDS), nothing changing.
      log(`opening ${openPrs} PRs…`);
      for (let i = 0; i < openPrs; i++) await submit(i % 2 ? t.users.priya : t.users.marcus);
      const openDeadline = Date.now() + 8 * 60_000;
      while ((await t.db.prisma.request.count({ where: { status: "submitting" } })) > 0) {
        if (Date.now() > openDeadline) throw new Error("opening the PRs took more than 8 minutes");
        await runner.drain();
      }
      await github.idle();
      await runner.drain();
      const interval = deps.settings.pollIntervalSeconds;
      let clock = Date.now();
      const pollDeps = { db: t.db.prisma, gitops: deps.gitops, now: () => new Date(clock) };
      // Warm: the first poll and pass after the PRs were opened read what changed.
      for (let i = 0; i < 2; i++) {
        await pollGitHub(pollDeps);
        await runSyncPass(deps);
        await runner.drain();
        clock += interval * 1000;
      }
      ghProxy.reset();
      const pollsPerMinute = Math.max(1, Math.round(60 / interval));
      for (let i = 0; i < pollsPerMinute; i++) {
        await pollGitHub(pollDeps);
        clock += interval * 1000;
      }
      const polls = ghProxy.summary();
      ghProxy.reset();
      const passesPerMinute = Math.max(1, Math.round(60 / SYNC_INTERVAL_SECONDS));
      for (let i = 0; i < passesPerMinute; i++) await runSyncPass(deps);
      const passes = ghProxy.summary();
      return {
        openPrs: await t.db.prisma.request.count({ where: { status: "awaiting_approval" } }),
        pollIntervalSeconds: interval,
        syncIntervalSeconds: SYNC_INTERVAL_SECONDS,
        callsPerMinute: polls.total + passes.total,
        chargedPerMinute: polls.charged + passes.charged,
        pollCalls: polls.total,
        pollCharged: polls.charged,
        syncGitHubCalls: passes.total,
        syncGitHubCharged: passes.charged,
        pollByRoute: polls.byRoute,
      };
    };
    let idle: Result["idle"];
    try {
      idle = await measureIdle();
      log(`idle minute with ${idle.openPrs} open PRs: ${idle.callsPerMinute} calls, ${idle.chargedPerMinute} charged`);
    } catch (e) {
      idle = { notMeasured: e instanceof Error ? e.message : String(e) };
    }

    const result = partial(idle);
    console.log(JSON.stringify(result));
  } finally {
    await ghProxy.close();
    await azProxy.close();
    await github.close();
    await azure.close();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchScript(main);
