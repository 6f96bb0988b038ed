import { sleep } from "../shared/timers";
import type { AzureTarget } from "./azure-deployer";
import { ConcurrencyGroups, replacedMessage } from "./concurrency";
import { runBuildAndValidate } from "./jobs/build-and-validate";
import { deployBase, readChangedParamFiles, triggersWorkflow } from "./jobs/changed-files";
import { runDeploy } from "./jobs/deploy";
import { actionsAnnotation, JobLog } from "./jobs/job-log";
import type { ModelListener, PushInfo, RepoModel } from "./repo-model";
import { RunBook, type RunnerEvents } from "./run-book";
import type { AnnotationState, PullState, WorkflowRunState } from "./state";
import { readWorkflowSpec, type ConcurrencySpec, type WorkflowSpec } from "./workflow-file";

export type { RunnerEvents } from "./run-book";

/** How long the emulated workflow takes; the demo default is human-paced, tests use a few milliseconds. */
export interface ActionsTimings {
  /** Time a run waits in `queued` before a runner picks it up. */
  queuedMs: number;
  /** Time each job step takes (validation, start of deploy). */
  stepMs: number;
  /** Interval between polls of an Azure deployment's provisioningState. */
  azurePollMs: number;
  /** Give up on one Azure deployment after this long. */
  azureTimeoutMs: number;
}

export const DEMO_TIMINGS: ActionsTimings = { queuedMs: 1500, stepMs: 2500, azurePollMs: 1000, azureTimeoutMs: 180_000 };
export const FAST_TIMINGS: ActionsTimings = { queuedMs: 5, stepMs: 5, azurePollMs: 25, azureTimeoutMs: 30_000 };

/** Job ids of the seeded workflow (check runs carry the job's `name:`, which defaults to its id). */
export const BUILD_JOB = "build_and_validate";
export const DEPLOY_JOB = "deploy";

/** Why a job stopped: a newer run took its concurrency group (cancel-in-progress). */
class Replaced extends Error {}

/**
 * Plays the platform repository's GitHub Actions workflow: `build_and_validate` on every push to a PR and to the
 * default branch, and on the default branch a `deploy` job that applies the parameter files to Azure through ARM.
 * Runs execute concurrently; only the workflow's own `concurrency:` settings (run or job level) serialise them.
 */
export class ActionsRunner implements ModelListener {
  private readonly abort = new AbortController();
  private readonly tasks = new Set<Promise<void>>();
  private readonly groups = new ConcurrencyGroups();
  private readonly book: RunBook;

  constructor(
    private readonly model: RepoModel,
    private readonly opts: { azure?: AzureTarget; timings: ActionsTimings; events: RunnerEvents; workflowId: number },
  ) {
    this.book = new RunBook(model, opts.events);
  }

  pullRequest(action: string, pull: PullState, actor: string): void {
    if (!["opened", "synchronize", "reopened"].includes(action) || pull.baseRef !== this.model.ctx.defaultBranch) return;
    const headSha = pull.headSha;
    this.trigger(async () => {
      const current = this.model.state.pulls.find((p) => p.number === pull.number);
      if (!current || current.state !== "open" || current.headSha !== headSha) return null;
      const baseTip = (await this.model.branchSha(current.baseRef)) ?? current.baseSha;
      const mergeBase = (await this.model.git.mergeBase(baseTip, headSha)) ?? baseTip;
      if (!(await this.model.git.changedPaths(mergeBase, headSha)).some((p) => triggersWorkflow(p))) return null;
      return { event: "pull_request", headSha, headBranch: current.headRef, beforeSha: mergeBase, pullNumbers: [current.number], displayTitle: current.title, actor };
    });
  }

  push(push: PushInfo): void {
    const { branch, before, after, actor } = push;
    if (branch !== this.model.ctx.defaultBranch || !after) return;
    this.trigger(async () => {
      if (!(await this.model.git.changedPaths(before, after)).some((p) => triggersWorkflow(p))) return null;
      const commit = await this.model.git.readCommit(after);
      return { event: "push", headSha: after, headBranch: branch, beforeSha: before, pullNumbers: [], displayTitle: commit.message.split("\n")[0], actor };
    });
  }

  /**
   * "Re-run failed jobs": a completed run's failed or cancelled jobs (and the jobs skipped because of them) run
   * again on the same commit, as GitHub's new attempt of the run. The jobs' check runs are reused rather than
   * added per attempt. "not-completed" while the run still runs, "nothing-failed" when every job succeeded.
   */
  async rerunFailedJobs(runId: number): Promise<"rerun" | "not-found" | "not-completed" | "nothing-failed"> {
    const plan = await this.model.exclusive(async () => {
      const run = this.model.state.workflowRuns.find((r) => r.id === runId);
      if (!run) return "not-found" as const;
      if (run.status !== "completed") return "not-completed" as const;
      const jobs = this.model.state.checkRuns.filter((c) => c.workflowRunId === runId);
      const failed = jobs.filter((j) => j.conclusion === "failure" || j.conclusion === "cancelled");
      if (failed.length === 0) return "nothing-failed" as const;
      const spec = await this.spec(run);
      const buildName = spec.jobs[BUILD_JOB]?.name ?? BUILD_JOB;
      const whole = failed.some((j) => j.name === buildName);
      for (const j of whole ? jobs : jobs.filter((x) => x.conclusion !== "success")) {
        Object.assign(j, { status: "queued", conclusion: null, completedAt: null, log: [], annotations: [] });
      }
      run.status = "queued";
      run.conclusion = null;
      run.updatedAt = this.model.nowIso();
      return { whole, deployName: spec.jobs[DEPLOY_JOB]?.name ?? DEPLOY_JOB, group: spec.jobs[DEPLOY_JOB]?.concurrency ?? null };
    });
    if (typeof plan === "string") return plan;
    this.spawn(async () => {
      if (plan.whole) return this.execute(runId);
      await sleep(this.opts.timings.queuedMs, this.abort.signal);
      await this.model.exclusive(async () => this.book.startRun(this.book.run(runId)));
      await this.runDeployJob(runId, plan.deployName, plan.group);
    });
    return "rerun";
  }

  /** Picks up runs a previous process left unfinished (the emulator was stopped mid-run), oldest first. */
  resume(): void {
    for (const run of [...this.model.state.workflowRuns].sort((a, b) => a.id - b.id)) {
      if (run.status !== "completed") this.spawn(() => this.execute(run.id));
    }
  }

  /** Resolves when no run is executing (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.tasks.size) await Promise.allSettled([...this.tasks]);
  }

  async stop(): Promise<void> {
    this.abort.abort(new Error("github emulator stopping"));
    await this.idle();
  }

  private trigger(decide: () => Promise<Parameters<RunBook["createRun"]>[0] | null>): void {
    this.spawn(async () => {
      const run = await this.model.exclusive(async () => {
        const input = await decide();
        if (!input) return null;
        const run = this.book.createRun(input);
        // Jobs are queued with the run, unless the whole run first waits for a concurrency group.
        if (!(await this.spec(run)).concurrency) this.book.job(run, (await this.spec(run)).jobs[BUILD_JOB]?.name ?? BUILD_JOB);
        return run;
      });
      if (run) await this.execute(run.id);
    });
  }

  private spawn(fn: () => Promise<void>): void {
    if (this.abort.signal.aborted) return;
    const task = fn()
      .catch((e) => {
        if (!this.abort.signal.aborted) console.error("github emulator: workflow run failed:", e);
      })
      .finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }

  private spec(run: WorkflowRunState): Promise<WorkflowSpec> {
    const ref = run.event === "pull_request" ? `refs/pull/${run.pullNumbers[0]}/merge` : `refs/heads/${run.headBranch}`;
    return readWorkflowSpec(this.model, run.headSha, { ref, event_name: run.event, run_id: run.id });
  }

  /** Waits for a concurrency group; false when a newer run replaced this one while it was pending. */
  private async admit(group: ConcurrencySpec, key: string, onCancel: () => void, markPending: () => Promise<void>): Promise<boolean> {
    if (this.groups.busy(group.group)) await markPending();
    const admission = await this.groups.acquire(group.group, key, { cancelInProgress: group.cancelInProgress, cancel: onCancel, signal: this.abort.signal });
    if (this.abort.signal.aborted) throw this.abort.signal.reason;
    return admission === "acquired";
  }

  private async execute(runId: number): Promise<void> {
    await sleep(this.opts.timings.queuedMs, this.abort.signal);
    const spec = await this.spec(this.book.run(runId));
    const group = spec.concurrency;
    if (group) {
      const admitted = await this.admit(group, `run:${runId}`, () => undefined, () => this.model.exclusive(async () => void (this.book.run(runId).status = "pending")));
      if (!admitted) {
        await this.model.exclusive(async () => {
          const run = this.book.run(runId);
          run.log.push(replacedMessage(group.group));
          this.book.finishRun(run);
        });
        return;
      }
    }
    try {
      await this.runJobs(runId, spec);
    } finally {
      if (group) this.groups.release(group.group, `run:${runId}`);
    }
  }

  private async runJobs(runId: number, spec: WorkflowSpec): Promise<void> {
    const buildName = spec.jobs[BUILD_JOB]?.name ?? BUILD_JOB;
    const deployName = spec.jobs[DEPLOY_JOB]?.name ?? DEPLOY_JOB;
    const files = await this.model.exclusive(async () => {
      const run = this.book.run(runId);
      this.book.startRun(run);
      this.book.startJob(this.book.job(run, buildName));
      return readChangedParamFiles(this.model, run.beforeSha, run.headSha);
    });
    const log = new JobLog();
    const ok = await runBuildAndValidate(files, { azure: this.opts.azure, signal: this.abort.signal, log });
    const annotations = ok ? [] : [log.failStep()];
    await sleep(this.opts.timings.stepMs, this.abort.signal);
    const deploys = await this.model.exclusive(async () => {
      const run = this.book.run(runId);
      this.book.completeJob(this.book.job(run, buildName), ok ? "success" : "failure", log.lines, annotations);
      // The deploy job's `if:` — the default branch, and parameter files changed.
      const deploys = run.event === "push" && ok && files.length > 0;
      if (!deploys) {
        this.book.completeJob(this.book.job(run, deployName), "skipped");
        this.book.finishRun(run);
      } else this.book.job(run, deployName);
      return deploys;
    });
    if (deploys) await this.runDeployJob(runId, deployName, spec.jobs[DEPLOY_JOB]?.concurrency ?? null);
  }

  private async runDeployJob(runId: number, name: string, group: ConcurrencySpec | null): Promise<void> {
    const job = new AbortController();
    const key = `job:${runId}`;
    if (group) {
      const admitted = await this.admit(group, key, () => job.abort(new Replaced()), () =>
        this.model.exclusive(async () => void (this.book.job(this.book.run(runId), name).status = "pending")),
      );
      if (!admitted) {
        await this.model.exclusive(async () => {
          const run = this.book.run(runId);
          const log = new JobLog();
          const line = log.error(replacedMessage(group.group));
          this.book.completeJob(this.book.job(run, name), "cancelled", log.lines, [actionsAnnotation(line, replacedMessage(group.group))]);
          this.book.finishRun(run);
        });
        return;
      }
    }
    try {
      await this.deploy(runId, name, AbortSignal.any([this.abort.signal, job.signal]), group);
    } finally {
      if (group) this.groups.release(group.group, key);
    }
  }

  private async deploy(runId: number, name: string, signal: AbortSignal, group: ConcurrencySpec | null): Promise<void> {
    const files = await this.model.exclusive(async () => {
      const run = this.book.run(runId);
      this.book.startJob(this.book.job(run, name));
      return readChangedParamFiles(this.model, await deployBase(this.model, run), run.headSha);
    });
    const log = new JobLog();
    let conclusion: "success" | "failure" | "cancelled";
    const annotations: AnnotationState[] = [];
    try {
      await sleep(this.opts.timings.stepMs, signal);
      const deployOpts = { azure: this.opts.azure, deleteOnUnmanage: this.model.state.settings.deleteOnUnmanage, pollMs: this.opts.timings.azurePollMs, timeoutMs: this.opts.timings.azureTimeoutMs };
      conclusion = (await runDeploy(files, { ...deployOpts, signal, log })) ? "success" : "failure";
      if (conclusion === "failure") annotations.push(log.failStep());
    } catch (e) {
      if (this.abort.signal.aborted || !(signal.reason instanceof Replaced) || !group) throw e;
      // cancel-in-progress: a newer run took the group while this one was deploying.
      conclusion = "cancelled";
      annotations.push(actionsAnnotation(log.error(replacedMessage(group.group)), replacedMessage(group.group)));
      annotations.push(actionsAnnotation(log.error("The operation was canceled."), "The operation was canceled."));
    }
    await this.model.exclusive(async () => {
      const run = this.book.run(runId);
      this.book.completeJob(this.book.job(run, name), conclusion, log.lines, annotations);
      this.book.finishRun(run);
    });
  }
}
