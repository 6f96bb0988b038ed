/**
 * The harness of the crash tests: a world on PostgreSQL (emulators in-process), a proxy in front of the GitHub
 * emulator, and pieces of the portal's work run as processes of their own (test/fault-child.ts). `killAt`
 * SIGKILLs that process when the proxy sees the call named — holding the call, which never reaches GitHub — so
 * the moment of the crash is the same on every run; `runToEnd` starts a fresh process and lets it finish.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { createGitOpsClient } from "@/lib/gitops";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { submitRequest, type DomainDeps } from "@/lib/requests";
import { runSyncPass } from "@/lib/sync";
import { startCountingProxy, type CountingProxy, type HeldCall } from "./counting-proxy";
import type { FaultChildConfig } from "./fault-child";
import { findPostgres } from "./postgres-cluster";
import { newSmallDeployment } from "./request-input";
import { startTestWorld, type TestWorld } from "./test-world";

const root = path.resolve(__dirname, "..");
const REVIEWER_TOKEN = "crash-harness-reviewer";

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface PullJson {
  number: number;
  state: string;
  merged_at: string | null;
  head: { ref: string };
  labels: { name: string }[];
}

export type CrashHarness = Awaited<ReturnType<typeof startCrashHarness>>;

/** A call by method and route (as routeOf writes it, e.g. `/repos/{o}/{r}/pulls/{n}/merge`). */
export const callIs = (method: string, route: string) => (call: HeldCall) => call.method === method && call.route === route;

/**
 * One harness for a test file: found PostgreSQL (or the reason there is none, said once), started before the
 * file's tests and closed after them; `use` receives it. Returns the reason to skip, if any.
 */
export async function crashHarnessPerFile(file: string, use: (harness: CrashHarness) => void): Promise<string | undefined> {
  const postgres = await findPostgres();
  if (postgres.skip) console.warn(`${file} skipped: ${postgres.skip}; set TEST_DATABASE_URL or install Debian's postgresql.`);
  let harness: CrashHarness | undefined;
  beforeAll(async () => {
    if (postgres.skip) return;
    harness = await startCrashHarness(postgres.url!);
    use(harness);
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    postgres.close();
  });
  return postgres.skip;
}

/** Starts the world on the PostgreSQL server at `postgresUrl` (a new database of its own) and the proxy. */
export async function startCrashHarness(postgresUrl: string) {
  const world: TestWorld = await startTestWorld({
    postgresUrl,
    lroStepMs: 10,
    azurePollMs: 10,
    github: { extraTokens: { [REVIEWER_TOKEN]: "platform-approver" } },
    settings: { submissionsPerHour: 10_000, decisionsPerHour: 10_000 },
  });
  // The portal's own identity opens PRs; approvals are reviews by a second one (GitHub refuses its author's).
  const deps: DomainDeps = {
    ...world.deps,
    gitops: createGitOpsClient(
      { baseUrl: world.github.url, owner: world.github.owner, repo: world.github.repo, auth: { kind: "token", token: world.github.token }, reviewerAuth: { kind: "token", token: REVIEWER_TOKEN }, mergeMethod: "squash" },
      { writeIntervalMs: 0, retryBaseMs: 5, rateLimitWaitUnitMs: 5, timeoutMs: 20_000 },
    ),
  };
  let trap: ((call: HeldCall) => boolean) | null = null;
  let running: { child: ChildProcess; exited: Promise<ChildExit> } | null = null;
  const proxy: CountingProxy = await startCountingProxy({
    target: world.github.url,
    hold: async (call) => {
      if (!trap || !running || !trap(call)) return "forward";
      trap = null;
      running.child.kill("SIGKILL");
      await running.exited;
      return "drop";
    },
  });

  function runChild(work: FaultChildConfig["work"], clockOffsetMs = 0): Promise<ChildExit> {
    const config: FaultChildConfig = {
      databaseUrl: world.t.url!,
      github: { url: proxy.url, owner: world.github.owner, repo: world.github.repo, token: world.github.token, reviewerToken: REVIEWER_TOKEN },
      azure: { url: world.azure.url, subscriptionId: world.azure.subscriptionId },
      clockOffsetMs,
      work,
    };
    // tsx as a loader in this one process: its CLI would run the script in a grandchild that outlives a SIGKILL.
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/fault-child.ts", JSON.stringify(config)], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const exited = new Promise<ChildExit>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, output })));
    running = { child, exited };
    return exited.finally(() => {
      if (running?.child === child) running = null;
    });
  }

  let seq = 0;
  const harness = {
    world,
    deps,
    proxy,

    /** Runs `work` in a process that is SIGKILLed at the first call `at` matches; fails if it finished without that call. */
    async killAt(at: (call: HeldCall) => boolean, work: FaultChildConfig["work"]): Promise<void> {
      trap = at;
      const exit = await runChild(work);
      expect(exit.signal, `the process should have been killed mid-way:\n${exit.output}`).toBe("SIGKILL");
      expect(trap).toBeNull();
    },

    /** Runs `work` in a fresh process to the end (its clock `clockOffsetMs` ahead); what it printed as RESULT. */
    async runToEnd<T>(work: FaultChildConfig["work"], clockOffsetMs = 0): Promise<T> {
      trap = null;
      const exit = await runChild(work, clockOffsetMs);
      expect(exit.code, exit.output).toBe(0);
      const line = exit.output.split("\n").find((l) => l.startsWith("RESULT "));
      return JSON.parse(line!.slice("RESULT ".length)) as T;
    },

    /** Submits a request for a new deployment as Priya (in this process, as the form's action does). */
    async submit(): Promise<string> {
      const user = world.t.users.priya;
      const name = `crash-${++seq}-${Math.random().toString(36).slice(2, 6)}`;
      const { requestId } = await submitRequest(deps, user, newSmallDeployment(user, name, "Crash and restart: nothing lost, nothing doubled."));
      return requestId;
    },

    /** Opens the PR in this process and waits until it can be approved (checks done, review of the head prepared). */
    async openAndReady(id: string): Promise<{ version: number; headSha: string }> {
      // Earlier merges deployed and read back from Azure: the plan of this merge has no unrelated changes to confirm.
      await world.github.idle();
      await runSyncPass(deps);
      const runner = new JobRunner(world.t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 20, log: () => {} });
      const deadline = Date.now() + 60_000;
      for (;;) {
        await runner.drain();
        const row = await harness.request(id);
        if (row.prNumber) {
          const pr = await deps.gitops.getPullRequest(row.prNumber);
          const review = await world.t.db.prisma.requestReview.findUnique({ where: { requestId: id } });
          if (pr.checks !== "pending" && pr.mergeable !== null && review?.headSha === pr.headSha) return { version: row.version, headSha: pr.headSha };
        }
        if (Date.now() > deadline) throw new Error(`request ${id} never became ready to approve`);
        await world.github.idle();
        await new Promise((r) => setTimeout(r, 50));
      }
    },

    /**
     * A request submitted as Priya whose PR is ready to approve, with Alex's approval of its head as work for a child
     * process (to be killed mid-way) or for this one.
     */
    async readyToApprove() {
      const id = await harness.submit();
      const ready = await harness.openAndReady(id);
      const { prNumber } = await harness.request(id);
      const input = { requestId: id, expectedVersion: ready.version, expectedHeadSha: ready.headSha };
      return { id, prNumber: prNumber!, headSha: ready.headSha, input, approval: { kind: "approve" as const, approverEmail: world.t.users.alex.email, input } };
    },

    /** GET on the emulated repository's REST API (past the proxy). */
    async gitHub<T>(route: string): Promise<T> {
      const res = await fetch(`${world.github.url}/repos/${world.github.owner}/${world.github.repo}${route}`, { headers: { authorization: `token ${world.github.token}` } });
      expect(res.ok, route).toBe(true);
      return (await res.json()) as T;
    },

    /** Every PR (open or not) whose head is `branch`. */
    async pullsOfBranch(branch: string): Promise<PullJson[]> {
      return (await harness.gitHub<PullJson[]>("/pulls?state=all&per_page=100")).filter((p) => p.head.ref === branch);
    },

    /** How many timeline entries of `type` the request has. */
    events: (requestId: string, type: string) => world.t.db.prisma.requestEvent.count({ where: { requestId, type } }),
    request: (id: string) => world.t.db.prisma.request.findUniqueOrThrow({ where: { id } }),

    async close(): Promise<void> {
      running?.child.kill("SIGKILL");
      await proxy.close();
      await world.close();
    },
  };
  return harness;
}
