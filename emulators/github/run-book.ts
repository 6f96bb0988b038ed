import type { RepoModel } from "./repo-model";
import type { AnnotationState, CheckConclusion, CheckRunState, WorkflowRunState } from "./state";

export interface RunnerEvents {
  checkRun(action: "created" | "completed", checkRun: CheckRunState): void;
  workflowRun(action: "requested" | "in_progress" | "completed", run: WorkflowRunState): void;
  checkSuite(action: "completed", run: WorkflowRunState): void;
}

/**
 * The records a workflow run leaves on GitHub: the run (its check suite) and one check run per job, with what
 * Actions writes on them — no title, summary or text; annotations only for what Actions itself reports.
 */
export class RunBook {
  constructor(
    private readonly model: RepoModel,
    private readonly events: RunnerEvents,
  ) {}

  run(id: number): WorkflowRunState {
    const run = this.model.state.workflowRuns.find((r) => r.id === id);
    if (!run) throw new Error(`workflow run ${id} vanished`);
    return run;
  }

  createRun(input: Pick<WorkflowRunState, "event" | "headSha" | "headBranch" | "beforeSha" | "pullNumbers" | "displayTitle" | "actor">): WorkflowRunState {
    const now = this.model.nowIso();
    const run: WorkflowRunState = {
      ...input,
      id: this.model.nextId(),
      runNumber: this.model.state.nextRunNumber++,
      status: "queued",
      conclusion: null,
      checkSuiteId: this.model.nextId(),
      createdAt: now,
      updatedAt: now,
      runStartedAt: null,
      log: [],
    };
    this.model.state.workflowRuns.push(run);
    this.events.workflowRun("requested", run);
    return run;
  }

  /** The check run of a job (created queued the first time it is asked for). */
  job(run: WorkflowRunState, name: string): CheckRunState {
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
      log: [],
    };
    this.model.state.checkRuns.push(cr);
    this.events.checkRun("created", cr);
    return cr;
  }

  startRun(run: WorkflowRunState): void {
    run.status = "in_progress";
    run.runStartedAt = run.runStartedAt ?? this.model.nowIso();
    run.updatedAt = this.model.nowIso();
    this.events.workflowRun("in_progress", run);
  }

  startJob(cr: CheckRunState): void {
    cr.status = "in_progress";
    cr.startedAt = this.model.nowIso();
  }

  completeJob(cr: CheckRunState, conclusion: CheckConclusion, log: string[] = [], annotations: AnnotationState[] = []): void {
    cr.status = "completed";
    cr.conclusion = conclusion;
    cr.completedAt = this.model.nowIso();
    cr.log = log.slice(-5000);
    cr.annotations = annotations;
    this.events.checkRun("completed", cr);
  }

  /** Completes the run: failure if a job failed, cancelled if one was cancelled, else success. */
  finishRun(run: WorkflowRunState): void {
    const jobs = this.model.state.checkRuns.filter((c) => c.workflowRunId === run.id);
    const conclusion: CheckConclusion = jobs.some((j) => j.conclusion === "failure") ? "failure" : jobs.some((j) => j.conclusion === "cancelled") || jobs.length === 0 ? "cancelled" : "success";
    run.status = "completed";
    run.conclusion = conclusion;
    run.updatedAt = this.model.nowIso();
    this.events.workflowRun("completed", run);
    this.events.checkSuite("completed", run);
  }
}
