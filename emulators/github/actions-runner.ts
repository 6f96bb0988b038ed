import picomatch from "picomatch";
import {
  ARM_DEPLOYMENT_LOCATION,
  ARM_DEPLOYMENT_NAME,
  deleteDeployment,
  readAccount,
  submitTemplateDeployment,
  type ArmDeploymentOutcome,
  type AzureTarget,
} from "./azure-deployer";
import type { ModelListener, RepoModel } from "./repo-model";
import { TEMPLATE_DIR, WORKFLOW_PATH } from "./seed-repo";
import type { AnnotationState, CheckConclusion, CheckRunState, PullState, WorkflowRunState } from "./state";
import { findDeploymentLine, readDeploymentsFromText, readParamFileTarget, validateParamFileText, type DeploymentElementInput } from "./validate-param-files";

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

export interface RunnerEvents {
  checkRun(action: "created" | "completed", checkRun: CheckRunState): void;
  workflowRun(action: "requested" | "in_progress" | "completed", run: WorkflowRunState): void;
}

export const BUILD_JOB = "build_and_validate";
export const DEPLOY_JOB = "deploy";
/** The workflow's `paths:` filter. */
const triggers = picomatch(`${TEMPLATE_DIR}/*`);
const isParamFile = picomatch(`${TEMPLATE_DIR}/*.bicepparam`);

function ts(): string {
  return new Date().toISOString();
}

/**
 * Plays the platform repository's GitHub Actions workflow: a `build_and_validate` check on every push to a PR,
 * and on every push to the default branch a run whose `deploy` job applies the changed parameter files to
 * Azure through ARM, one deployment at a time, stopping at the first failure.
 */
export class ActionsRunner implements ModelListener {
  private readonly abort = new AbortController();
  private readonly tasks = new Set<Promise<void>>();
  private deployChain: Promise<void> = Promise.resolve();

  constructor(
    private readonly model: RepoModel,
    private readonly opts: {
      azure?: AzureTarget;
      timings: ActionsTimings;
      events: RunnerEvents;
      workflowId: number;
    },
  ) {}

  pullRequest(action: string, pull: PullState, actor: string): void {
    if (!["opened", "synchronize", "reopened"].includes(action)) return;
    if (pull.baseRef !== this.model.ctx.defaultBranch) return;
    const headSha = pull.headSha;
    this.spawn(async () => {
      const run = await this.model.exclusive(async () => {
        const current = this.model.state.pulls.find((p) => p.number === pull.number);
        if (!current || current.state !== "open" || current.headSha !== headSha) return null;
        const baseTip = (await this.model.branchSha(current.baseRef)) ?? current.baseSha;
        const mergeBase = (await this.model.git.mergeBase(baseTip, headSha)) ?? baseTip;
        const changed = await this.model.git.changedPaths(mergeBase, headSha);
        if (!changed.some((p) => triggers(p))) return null;
        return this.createRun({ event: "pull_request", headSha, headBranch: current.headRef, beforeSha: mergeBase, pullNumbers: [current.number], displayTitle: current.title, actor });
      });
      if (run) await this.execute(run.id);
    });
  }

  push(branch: string, before: string | null, after: string, actor: string): void {
    if (branch !== this.model.ctx.defaultBranch) return;
    this.spawn(async () => {
      const run = await this.model.exclusive(async () => {
        const changed = await this.model.git.changedPaths(before, after);
        if (!changed.some((p) => triggers(p))) return null;
        const commit = await this.model.git.readCommit(after);
        return this.createRun({ event: "push", headSha: after, headBranch: branch, beforeSha: before, pullNumbers: [], displayTitle: commit.message.split("\n")[0], actor });
      });
      if (run) await this.execute(run.id);
    });
  }

  /** Picks up runs a previous process left unfinished (the emulator was stopped mid-run). */
  resume(): void {
    for (const run of this.model.state.workflowRuns) {
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

  private spawn(fn: () => Promise<void>): void {
    if (this.abort.signal.aborted) return;
    const task = fn()
      .catch((e) => {
        if (!this.abort.signal.aborted) console.error("github emulator: workflow run failed:", e);
      })
      .finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(t);
        reject(signal.reason);
      };
      const t = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private createRun(input: Pick<WorkflowRunState, "event" | "headSha" | "headBranch" | "beforeSha" | "pullNumbers" | "displayTitle" | "actor">): WorkflowRunState {
    const state = this.model.state;
    const now = this.model.nowIso();
    const run: WorkflowRunState = {
      ...input,
      id: this.model.nextId(),
      runNumber: state.nextRunNumber++,
      status: "queued",
      conclusion: null,
      checkSuiteId: this.model.nextId(),
      createdAt: now,
      updatedAt: now,
      runStartedAt: null,
      log: [`${ts()} Workflow ${WORKFLOW_PATH} triggered by ${input.event} (${input.headBranch} @ ${input.headSha.slice(0, 7)})`],
    };
    state.workflowRuns.push(run);
    this.opts.events.workflowRun("requested", run);
    this.ensureCheck(run, BUILD_JOB);
    return run;
  }

  private ensureCheck(run: WorkflowRunState, name: string): CheckRunState {
    const existing = this.model.state.checkRuns.find((c) => c.workflowRunId === run.id && c.name === name);
    if (existing) return existing;
    const cr: CheckRunState = {
      id: this.model.nextId(),
      name,
      headSha: run.headSha,
      status: "queued",
      conclusion: null,
      startedAt: this.model.nowIso(),
      completedAt: null,
      title: null,
      summary: null,
      text: null,
      annotations: [],
      checkSuiteId: run.checkSuiteId,
      workflowRunId: run.id,
      pullNumbers: run.pullNumbers,
    };
    this.model.state.checkRuns.push(cr);
    this.opts.events.checkRun("created", cr);
    return cr;
  }

  private getRun(id: number): WorkflowRunState {
    const run = this.model.state.workflowRuns.find((r) => r.id === id);
    if (!run) throw new Error(`workflow run ${id} vanished`);
    return run;
  }

  private complete(cr: CheckRunState, conclusion: CheckConclusion, output: { title: string; summary: string; text?: string; annotations?: AnnotationState[] }): void {
    cr.status = "completed";
    cr.conclusion = conclusion;
    cr.completedAt = this.model.nowIso();
    cr.title = output.title;
    cr.summary = output.summary;
    cr.text = output.text ?? null;
    cr.annotations = output.annotations ?? [];
    this.opts.events.checkRun("completed", cr);
  }

  private async execute(runId: number): Promise<void> {
    await this.sleep(this.opts.timings.queuedMs);
    const files = await this.model.exclusive(async () => {
      const run = this.getRun(runId);
      run.status = "in_progress";
      run.runStartedAt = run.runStartedAt ?? this.model.nowIso();
      run.updatedAt = this.model.nowIso();
      const build = this.ensureCheck(run, BUILD_JOB);
      build.status = "in_progress";
      build.startedAt = this.model.nowIso();
      this.opts.events.workflowRun("in_progress", run);
      const changed = (await this.model.git.changedPaths(run.beforeSha, run.headSha)).filter((p) => isParamFile(p));
      const present: { path: string; text: string; before: string | null }[] = [];
      for (const p of changed) {
        const entry = await this.model.git.findEntry(run.headSha, p);
        if (!entry || entry.type !== "blob") continue;
        const beforeEntry = run.beforeSha ? await this.model.git.findEntry(run.beforeSha, p) : null;
        present.push({
          path: p,
          text: (await this.model.git.readBlob(entry.sha)).toString("utf8"),
          before: beforeEntry?.type === "blob" ? (await this.model.git.readBlob(beforeEntry.sha)).toString("utf8") : null,
        });
      }
      run.log.push(`${ts()} ${BUILD_JOB}: changed parameter files: ${present.map((f) => f.path).join(", ") || "(none)"}`);
      return present;
    });

    // build_and_validate: what Bicep lint/build-params/what-if would catch.
    const annotations: AnnotationState[] = [];
    const lines: string[] = [];
    for (const f of files) {
      const findings = validateParamFileText(f.path, f.text);
      for (const finding of findings) {
        annotations.push({
          path: f.path,
          startLine: finding.line ?? 1,
          endLine: finding.line ?? 1,
          ...(finding.column !== undefined ? { startColumn: finding.column, endColumn: finding.column } : {}),
          level: "failure",
          title: finding.deployment ? `${finding.code}: deployment ${finding.deployment}` : finding.code,
          message: finding.message,
        });
      }
      lines.push(findings.length ? `✗ ${f.path}: ${findings.length} finding(s)` : `✓ ${f.path}: valid`);
      if (!findings.length && this.opts.azure) {
        const target = readParamFileTarget(f.path, f.text);
        if (!("findings" in target)) {
          try {
            const acct = await readAccount(this.opts.azure, target, this.abort.signal);
            if (acct.status === 404) {
              annotations.push({ path: f.path, startLine: 1, endLine: 1, level: "failure", title: "what-if: ResourceNotFound", message: `Account ${target.name} was not found in resource group ${target.resourceGroup}.` });
              lines.push(`✗ ${f.path}: what-if: account ${target.name} not found`);
            } else lines.push(`  what-if: account ${target.name} (${target.location}) found; deployments will be created or updated`);
          } catch (e) {
            if (this.abort.signal.aborted) throw e;
            lines.push(`  what-if skipped: ${(e as Error).message}`);
          }
        }
      }
    }
    await this.sleep(this.opts.timings.stepMs);
    const buildOk = annotations.length === 0;
    const proceed = await this.model.exclusive(async () => {
      const run = this.getRun(runId);
      run.log.push(...lines.map((l) => `${ts()} ${BUILD_JOB}: ${l}`));
      const build = this.ensureCheck(run, BUILD_JOB);
      this.complete(build, buildOk ? "success" : "failure", {
        title: buildOk ? `${files.length} parameter file(s) valid` : `${annotations.length} problem(s) in the parameter files`,
        summary: files.length ? lines.join("\n") : "No parameter files changed.",
        annotations,
      });
      const deploys = run.event === "push" && buildOk && files.length > 0;
      if (!deploys) {
        const deploy = this.ensureCheck(run, DEPLOY_JOB);
        this.complete(deploy, "skipped", { title: "Skipped", summary: run.event === "push" ? (buildOk ? "No parameter files changed." : `${BUILD_JOB} failed.`) : "Deploys run on the default branch only." });
        this.finishRun(run, buildOk ? "success" : "failure");
      }
      return deploys;
    });
    if (!proceed) return;

    // Deploy runs of the repository never overlap (one environment, like a concurrency group).
    const previous = this.deployChain;
    let release!: () => void;
    this.deployChain = new Promise((r) => (release = r));
    try {
      await previous;
      await this.deploy(runId, files);
    } finally {
      release();
    }
  }

  private finishRun(run: WorkflowRunState, conclusion: CheckConclusion): void {
    run.status = "completed";
    run.conclusion = conclusion;
    run.updatedAt = this.model.nowIso();
    run.log.push(`${ts()} Run completed: ${conclusion}`);
    this.opts.events.workflowRun("completed", run);
  }

  private async deploy(runId: number, files: { path: string; text: string; before: string | null }[]): Promise<void> {
    const log: string[] = [];
    const say = (l: string) => log.push(`${ts()} ${DEPLOY_JOB}: ${l}`);
    await this.model.exclusive(async () => {
      const run = this.getRun(runId);
      const deploy = this.ensureCheck(run, DEPLOY_JOB);
      deploy.status = "in_progress";
      deploy.startedAt = this.model.nowIso();
    });
    await this.sleep(this.opts.timings.stepMs);

    const azure = this.opts.azure;
    const annotations: AnnotationState[] = [];
    let failed: string | null = null;
    let applied = 0;
    if (!azure) {
      failed = "Azure is not configured for the GitHub emulator: start it with AZURE_EMULATOR_URL (or the `azure` option) so the deploy job can reach Azure Resource Manager.";
      say(failed);
      annotations.push({ path: WORKFLOW_PATH, startLine: 1, endLine: 1, level: "failure", title: "Azure not configured", message: failed });
    } else {
      const deleteOnUnmanage = this.model.state.settings.deleteOnUnmanage;
      const stepOpts = { signal: this.abort.signal, pollMs: this.opts.timings.azurePollMs, timeoutMs: this.opts.timings.azureTimeoutMs, log: say };
      outer: for (const f of files) {
        const target = readParamFileTarget(f.path, f.text);
        if ("findings" in target) {
          failed = `${f.path}: ${target.findings.map((x) => x.message).join("; ")}`;
          say(failed);
          annotations.push({ path: f.path, startLine: 1, endLine: 1, level: "failure", title: "Cannot resolve target account", message: failed });
          break;
        }
        let elements: DeploymentElementInput[];
        try {
          elements = readDeploymentsFromText(f.path, f.text);
        } catch (e) {
          failed = `${f.path}: ${(e as Error).message}`;
          say(failed);
          annotations.push({ path: f.path, startLine: 1, endLine: 1, level: "failure", title: "Cannot read openaiDeployments", message: failed });
          break;
        }
        say(`az deployment sub create --name ${ARM_DEPLOYMENT_NAME} --location ${ARM_DEPLOYMENT_LOCATION} --template-file ${TEMPLATE_DIR}/ai-models.bicep --parameters ${f.path} (${elements.length} deployment(s) on ${target.name})`);
        let outcome: ArmDeploymentOutcome;
        try {
          outcome = await submitTemplateDeployment(azure, { account: target, elements }, stepOpts);
        } catch (e) {
          if (this.abort.signal.aborted) throw e;
          outcome = { ok: false, stage: "submission", code: "ConnectionError", message: `cannot reach Azure at ${azure.url}: ${(e as Error).message}` };
        }
        if (!outcome.ok) {
          const culprit = outcome.failedDeployments?.[0];
          failed = `${f.path} on ${target.name} failed: ${outcome.code}: ${outcome.message}`;
          say(`  ✗ ${failed}`);
          const line = (culprit && findDeploymentLine(f.text, culprit)) || 1;
          annotations.push({ path: f.path, startLine: line, endLine: line, level: "failure", title: culprit ? `${outcome.code}: deployment ${culprit}` : String(outcome.code), message: outcome.message ?? String(outcome.code) });
          break;
        }
        applied += elements.length;
        say(`  ✓ ${ARM_DEPLOYMENT_NAME}: Succeeded (${elements.map((el) => el.name).join(", ")})`);
        if (deleteOnUnmanage && f.before) {
          let beforeNames: string[] = [];
          try {
            beforeNames = readDeploymentsFromText(f.path, f.before).map((e) => e.name);
          } catch {
            // The previous file didn't evaluate; nothing was managed from it.
          }
          const keep = new Set(elements.map((e) => e.name));
          for (const name of beforeNames.filter((n) => !keep.has(n))) {
            say(`  deployment stack (actionOnUnmanage=delete): deleting ${target.name}/${name}`);
            const outcome = await deleteDeployment(azure, target, name, stepOpts).catch((e: Error) => ({ ok: false, code: "ConnectionError", message: e.message }));
            if (!outcome.ok) {
              failed = `Deleting deployment ${name} on ${target.name} failed: ${outcome.code}: ${outcome.message}`;
              say(`  ✗ ${failed}`);
              annotations.push({ path: f.path, startLine: 1, endLine: 1, level: "failure", title: `${outcome.code}: delete ${name}`, message: outcome.message ?? "" });
              break outer;
            }
            say(`  ✓ ${name}: deleted`);
          }
        }
      }
    }

    await this.model.exclusive(async () => {
      const run = this.getRun(runId);
      run.log.push(...log);
      const deploy = this.ensureCheck(run, DEPLOY_JOB);
      this.complete(deploy, failed ? "failure" : "success", {
        title: failed ? "Deployment failed" : `${applied} deployment(s) succeeded`,
        summary: failed ?? `Applied ${files.map((f) => f.path).join(", ")} (Incremental).`,
        text: log.join("\n").slice(-60_000),
        annotations,
      });
      this.finishRun(run, failed ? "failure" : "success");
    });
  }
}
