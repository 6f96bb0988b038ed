/**
 * The demo world: what `npm run demo` shows a first-time visitor, made once per data folder through the real
 * paths — the domain's use cases (submit, approve, reject, cancel), the outbox jobs that open the pull requests,
 * the GitHub emulator's workflow that deploys merged files to the Azure emulator, the reconciler that settles
 * requests and snapshots Azure, and the emulators' own "someone did it by hand" endpoints.
 *
 * scripts/demo.ts runs it (after the emulators, before the portal: the embedded database serves one process)
 * unless `--empty` is given or the data folder says the world was made already (`demo-world.json`). It listens
 * on the portal's port for GitHub's webhooks meanwhile, through the same intake as the portal's route.
 *
 * History: the emulators can't go back in time, so the past requests run now and then get a plausible past —
 * their timeline entries and milestones are moved to the days the plan gives them (relative order kept), and the
 * quota snapshots of those days are derived from today's figures minus what those requests added since. Pull
 * requests on the GitHub emulator keep today's dates.
 *
 *   tsx --conditions=react-server scripts/demo-world.ts   (env: the demo's, as scripts/demo.ts passes it)
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { findUserWithTeams, type UserWithTeams } from "../lib/db";
import { DEMO_WORLD_MARKER, DEMO_WORLD_PLAN, type PlannedRequest } from "./lib/demo-world-plan";

const DAY = 86_400_000;

type Ctx = Awaited<ReturnType<typeof import("../lib/server").getServerContext>>;

function log(message: string) {
  console.log(`demo world: ${message}`);
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== null && v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`demo world: gave up waiting for ${what}${lastError ? ` (${lastError instanceof Error ? lastError.message : String(lastError)})` : ""}`);
}

/** GitHub's webhooks, received on the portal's port while the portal is not up yet (same intake as its route). */
function listenForWebhooks(ctx: Ctx, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      // Anything else (a health check waiting for the portal) hears that the portal isn't up yet.
      if (req.method !== "POST" || req.url !== "/api/webhooks/github") {
        res.writeHead(503, { "content-type": "text/plain", "retry-after": "5" }).end("ModelGate is making the demo world; the portal starts when it is ready.\n");
        return;
      }
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        void (async () => {
          const { receiveGitHubWebhook } = await import("../lib/requests");
          const result = await receiveGitHubWebhook(ctx.db, {
            secret: ctx.config.github.webhookSecret,
            body: Buffer.concat(chunks).toString("utf8"),
            signature: (req.headers["x-hub-signature-256"] as string | undefined) ?? null,
            event: (req.headers["x-github-event"] as string | undefined) ?? null,
            deliveryId: (req.headers["x-github-delivery"] as string | undefined) ?? null,
          });
          if (result.queued) ctx.wakeJobs();
          res.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify(result.body));
        })().catch((e) => res.writeHead(500).end(String(e)));
      });
    });
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function adminPost(url: string, body: unknown, method = "POST", headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
}

async function personByEmail(ctx: Ctx, email: string): Promise<UserWithTeams> {
  const row = await ctx.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return (await findUserWithTeams(ctx.db, row.id))!;
}

async function submit(ctx: Ctx, p: PlannedRequest): Promise<string> {
  const { submitRequest } = await import("../lib/requests");
  const user = await personByEmail(ctx, p.by);
  const team = user.teams.find((t) => t.slug === p.team) ?? user.teams[0];
  const input = {
    action: p.action,
    account: p.account,
    teamId: team.id,
    deploymentName: p.deploymentName,
    ...(p.model ? { modelName: p.model.name, modelVersion: p.model.version, skuName: p.model.sku } : {}),
    ...(p.capacity !== undefined ? { capacity: p.capacity } : {}),
    justification: p.justification,
    submissionKey: randomUUID(),
  };
  // The form's options come from Azure and the repository; on a fresh start the first read may still be warming.
  const result = await until(`the submission of ${p.deploymentName}`, () => submitRequest(ctx, user, input), 60_000);
  ctx.wakeJobs();
  return result.requestId;
}

async function waitForStatus(ctx: Ctx, id: string, statuses: string[], timeoutMs = 180_000) {
  return until(`request ${id} to reach ${statuses.join("/")}`, async () => {
    const r = await ctx.db.request.findUniqueOrThrow({ where: { id } });
    return statuses.includes(r.status) ? r : null;
  }, timeoutMs);
}

/** Waits for the PR's checks to finish (the emulated workflow), as an approver would before deciding. */
async function waitForChecks(ctx: Ctx, id: string) {
  const r = await waitForStatus(ctx, id, ["awaiting_approval"]);
  return until(`the checks of #${r.number}`, async () => {
    const pr = await ctx.gitops.getPullRequest(r.prNumber!);
    return pr.checks === "success" || pr.checks === "failure" ? pr : null;
  });
}

async function decide(ctx: Ctx, id: string, p: PlannedRequest) {
  const { approveRequest, rejectRequest, cancelRequest } = await import("../lib/requests");
  const alex = await personByEmail(ctx, "alex.kim@contoso.example");
  if (p.outcome === "cancelled") {
    await waitForStatus(ctx, id, ["awaiting_approval"]);
    await cancelRequest(ctx, await personByEmail(ctx, p.by), id, p.decisionComment);
    return;
  }
  if (p.outcome === "rejected") {
    await waitForChecks(ctx, id);
    const r = await ctx.db.request.findUniqueOrThrow({ where: { id } });
    await rejectRequest(ctx, alex, { requestId: id, expectedVersion: r.version, comment: p.decisionComment ?? "Not this quarter." });
    return;
  }
  if (p.outcome === "failed") {
    await adminPost(`${ctx.config.azure.endpoint}/_emulator/fail-deployment`, { deployment: p.deploymentName, account: p.account, code: p.azureError!.code, message: p.azureError!.message });
  }
  // Another merge just before may have moved main: ModelGate rebuilds the branch and the checks run again.
  await until(`the approval of ${p.deploymentName}`, async () => {
    const pr = await waitForChecks(ctx, id);
    const r = await ctx.db.request.findUniqueOrThrow({ where: { id } });
    await approveRequest(ctx, alex, { requestId: id, expectedVersion: r.version, expectedHeadSha: pr.headSha });
    return true;
  });
}

/** Gives a finished request the past its plan says: timeline entries and milestones moved to those days. */
async function datePast(ctx: Ctx, id: string, p: PlannedRequest, now: number) {
  const start = now - p.daysAgo * DAY + (9 * 60 + (p.daysAgo * 37) % 300) * 60_000 - ((now % DAY) as number);
  const waitMs = (p.waitHours ?? 20) * 3_600_000;
  const at: Record<string, number> = {
    submitting: start,
    awaiting_approval: start + 45_000,
    approved: start + 45_000 + waitMs,
    rejected: start + 45_000 + waitMs,
    cancelled: start + 45_000 + waitMs,
    merged: start + 45_000 + waitMs + 20_000,
    deploying: start + 45_000 + waitMs + 60_000,
    succeeded: start + 45_000 + waitMs + 7 * 60_000,
    failed: start + 45_000 + waitMs + 6 * 60_000,
  };
  const events = await ctx.db.requestEvent.findMany({ where: { requestId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  let last = start;
  for (const e of events) {
    const t = e.toStatus && at[e.toStatus] !== undefined ? at[e.toStatus] : last + 1000;
    last = Math.max(t, last);
    await ctx.db.requestEvent.update({ where: { id: e.id }, data: { createdAt: new Date(last) } });
  }
  const r = await ctx.db.request.findUniqueOrThrow({ where: { id } });
  const d = (s: string, present: Date | null) => (present ? new Date(at[s]) : null);
  await ctx.db.request.update({
    where: { id },
    data: {
      createdAt: new Date(start),
      submittedAt: new Date(start),
      prOpenedAt: d("awaiting_approval", r.prOpenedAt),
      firstDecisionAt: r.firstDecisionAt ? new Date(at.approved) : null,
      decidedAt: r.decidedAt ? new Date(at.approved) : null,
      mergedAt: d("merged", r.mergedAt),
      completedAt: r.completedAt ? new Date(at[r.status] ?? last) : null,
      awaitingApprovalSeconds: r.status === "cancelled" || r.firstDecisionAt ? Math.round(waitMs / 1000) : r.awaitingApprovalSeconds,
      awaitingSince: null,
    },
  });
}

/**
 * The quota snapshots of the past 90 days: each day's figures are today's (the reconciler's latest snapshot)
 * minus the capacity the plan's succeeded requests added since that day.
 */
async function datePastSnapshots(ctx: Ctx, added: { location: string; usageName: string; delta: number; at: number }[], now: number) {
  const latest = await ctx.db.$queryRaw<{ subscription_id: string; location: string; usage_name: string; current_value: number; limit: number; unit: string }[]>`
    SELECT DISTINCT ON (subscription_id, location, usage_name) subscription_id, location, usage_name, current_value, "limit", unit
      FROM quota_snapshots ORDER BY subscription_id, location, usage_name, taken_at DESC`;
  const rows = [];
  for (let day = 90; day >= 1; day--) {
    const takenAt = now - day * DAY;
    for (const q of latest) {
      const later = added.filter((a) => a.at > takenAt && a.location === q.location && a.usageName.toLowerCase() === q.usage_name.toLowerCase()).reduce((s, a) => s + a.delta, 0);
      if (q.current_value === 0 && later === 0 && day % 7 !== 0) continue;
      rows.push({ takenAt: new Date(takenAt), subscriptionId: q.subscription_id, location: q.location, usageName: q.usage_name, currentValue: Math.max(0, q.current_value - later), limit: q.limit, unit: q.unit });
    }
  }
  await ctx.db.quotaSnapshot.createMany({ data: rows });
}

async function main() {
  const { getServerContext, startBackgroundWork, stopBackgroundWork } = await import("../lib/server");
  const ctx = await getServerContext();
  const now = Date.now();
  const server = await listenForWebhooks(ctx, ctx.config.port);
  await startBackgroundWork({ workerId: "demo-world", log: (m) => (process.env.DEMO_WORLD_VERBOSE ? log(m) : undefined) });
  const github = `http://127.0.0.1:${ctx.config.github.emulatorPort}`;
  const azure = ctx.config.azure.endpoint;
  const added: { location: string; usageName: string; delta: number; at: number }[] = [];
  try {
    // The past, oldest first. Each request is decided as soon as its checks are in; only a request whose
    // deployment comes up again later in the plan is waited for (one pending request per deployment).
    const past = DEMO_WORLD_PLAN.past;
    const made: { id: string; p: PlannedRequest }[] = [];
    for (const [i, p] of past.entries()) {
      const id = await submit(ctx, p);
      await decide(ctx, id, p);
      made.push({ id, p });
      const again = past.slice(i + 1).some((q) => q.account === p.account && q.deploymentName === p.deploymentName);
      if (again) await waitForStatus(ctx, id, [p.outcome!], 240_000);
    }
    for (const { id, p } of made) {
      const final = await waitForStatus(ctx, id, [p.outcome!], 300_000);
      await datePast(ctx, id, p, now);
      if (final.status === "succeeded" && final.usageName) added.push({ location: final.location, usageName: final.usageName, delta: final.quotaHold, at: now - p.daysAgo * DAY });
      log(`#${final.number} ${p.deploymentName}: ${final.status}, dated ${p.daysAgo} days ago`);
    }
    // Someone changes a capacity in the Azure portal (drift) and creates a deployment there (not in the repository).
    const { drift, handmade } = DEMO_WORLD_PLAN;
    await adminPost(`${azure}/_emulator/accounts/${drift.account}/deployments/${drift.deployment}`, { capacity: drift.capacity });
    await adminPost(
      `${azure}/subscriptions/${ctx.config.azure.subscriptionId}/resourceGroups/${handmade.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${handmade.account}/deployments/${handmade.deployment}?api-version=2025-09-01`,
      { sku: handmade.sku, properties: { model: handmade.model } },
      "PUT",
      { authorization: "Bearer demo-world" },
    );
    log(`drift on ${drift.deployment}, ${handmade.deployment} made by hand in Azure`);
    // Today: the approval queue.
    for (const p of DEMO_WORLD_PLAN.queue) {
      const id = await submit(ctx, p);
      const r = await waitForStatus(ctx, id, ["awaiting_approval"]);
      if (p.brokenCommit) {
        // Someone pushes a hand edit to the request's branch that the workflow's validation refuses.
        await waitForChecks(ctx, id);
        await adminPost(`${github}/_emulator/repos/${ctx.config.github.owner}/${ctx.config.github.repo}/commits`, {
          user: p.brokenCommit.user,
          branch: r.branch,
          path: r.paramFilePath,
          replace: p.brokenCommit.replace,
          message: p.brokenCommit.message,
        });
      }
      await until(`checks of #${r.number}`, async () => {
        const x = await ctx.db.request.findUniqueOrThrow({ where: { id } });
        return x.checkStatus === (p.brokenCommit ? "failure" : "success") ? x : null;
      });
      log(`#${r.number} ${p.deploymentName}: awaiting approval${p.brokenCommit ? " (checks failed)" : ""}`);
    }
    // The reconciler settles and snapshots once more with everything above, then the past's snapshots follow from it.
    const { runSyncPass } = await import("../lib/sync");
    await adminPost(`${github}/_emulator/idle`, {});
    await runSyncPass(ctx);
    await datePastSnapshots(ctx, added, now);
    writeFileSync(path.join(ctx.config.dataDir, DEMO_WORLD_MARKER), JSON.stringify({ madeAt: new Date(now).toISOString() }, null, 2));
    log("ready");
  } finally {
    await stopBackgroundWork();
    await new Promise((r) => server.close(r));
    await ctx.database.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
