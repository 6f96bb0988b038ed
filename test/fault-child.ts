/**
 * One piece of the portal's work as a process of its own, for the fault tests that SIGKILL it mid-way and
 * start a fresh one: the outbox job runner, an approval (the queue's use case), or a reconciler pass —
 * against PostgreSQL and the emulators (through the test's proxy). Run with tsx as a loader, so that the process
 * killed is the one doing the work (tsx's CLI would run it in a grandchild):
 *   node --conditions=react-server --import tsx test/fault-child.ts '<FaultChildConfig as JSON>'
 * It prints `RESULT <json>` when its work is done and exits 0; a refusal prints `REFUSED <message>`.
 */
import { openDatabase } from "@/lib/db/client";
import { findUserWithTeams } from "@/lib/db/users";
import { createAzureClient } from "@/lib/azure";
import { createGitOpsClient } from "@/lib/gitops";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { approveRequest, DEFAULT_SETTINGS, RefusedError, type ApproveInput, type DomainDeps } from "@/lib/requests";
import { runSyncPass } from "@/lib/sync";

export interface FaultChildConfig {
  databaseUrl: string;
  github: { url: string; owner: string; repo: string; token: string; reviewerToken: string };
  azure: { url: string; subscriptionId: string };
  /** Shifts this process's clock (a restart long after the crash). */
  clockOffsetMs?: number;
  work:
    | { kind: "jobs"; requestIds: string[]; leaseMs: number }
    | { kind: "approve"; approverEmail: string; input: ApproveInput }
    | { kind: "sync" };
}

async function main() {
  const config = JSON.parse(process.argv[2]) as FaultChildConfig;
  const database = await openDatabase({ kind: "postgres", url: config.databaseUrl });
  const offset = config.clockOffsetMs ?? 0;
  const deps: DomainDeps = {
    db: database.prisma,
    azure: createAzureClient({
      subscriptionId: config.azure.subscriptionId,
      endpoint: config.azure.url,
      credential: { kind: "static-token", token: "test" },
      retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
      pollIntervalMs: 5,
    }),
    gitops: createGitOpsClient(
      {
        baseUrl: config.github.url,
        owner: config.github.owner,
        repo: config.github.repo,
        auth: { kind: "token", token: config.github.token },
        reviewerAuth: { kind: "token", token: config.github.reviewerToken },
        mergeMethod: "squash",
      },
      { writeIntervalMs: 0, retryBaseMs: 5, rateLimitWaitUnitMs: 5, timeoutMs: 20_000 },
    ),
    // Labels, as most installs set them: opening a PR is then two calls, and the test can stop between them.
    settings: { ...DEFAULT_SETTINGS, publicUrl: "https://modelgate.test", subscriptionId: config.azure.subscriptionId, mergeMethod: "squash", prLabels: ["modelgate"] },
    ...(offset ? { now: () => new Date(Date.now() + offset) } : {}),
  };
  const work = config.work;
  let result: unknown;
  if (work.kind === "jobs") {
    // The portal's runner with every job kind; a shorter lease than production's so a restart picks up the
    // dead process's job within seconds instead of a minute.
    const runner = new JobRunner(database.prisma, { handlers: createJobHandlers(async () => deps), leaseMs: work.leaseMs, backoff: () => 50, log: (m) => console.log(m) });
    for (;;) {
      await runner.drain();
      const waiting = await database.prisma.request.count({ where: { id: { in: work.requestIds }, status: "submitting" } });
      if (waiting === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    result = await database.prisma.request.findMany({ where: { id: { in: work.requestIds } }, select: { id: true, status: true, prNumber: true } });
  } else if (work.kind === "approve") {
    const user = await database.prisma.user.findUniqueOrThrow({ where: { email: work.approverEmail } });
    try {
      result = await approveRequest(deps, (await findUserWithTeams(database.prisma, user.id))!, work.input);
    } catch (e) {
      if (!(e instanceof RefusedError)) throw e;
      console.log(`REFUSED ${e.message}`);
      await database.close();
      process.exit(3);
    }
  } else {
    const pass = await runSyncPass(deps);
    result = { ok: pass.status.ok, errors: pass.status.errors, moved: pass.moved };
  }
  console.log(`RESULT ${JSON.stringify(result)}`);
  await database.close();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
