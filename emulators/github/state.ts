import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

export type CheckStatus = "queued" | "in_progress" | "completed" | "pending";
export type CheckConclusion = "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required";

export interface PullState {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  headRef: string;
  baseRef: string;
  headSha: string;
  /** Tip of the base branch when the PR was opened, last synchronized (a push to its head) or re-targeted; not kept current. */
  baseSha: string;
  user: string;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  comments: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
}

export interface ReviewState {
  id: number;
  pullNumber: number;
  user: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "PENDING" | "DISMISSED";
  body: string;
  commitId: string;
  submittedAt: string;
}

export interface CommentState {
  id: number;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
}

export interface LabelState {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface AnnotationState {
  path: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
  level: "notice" | "warning" | "failure";
  title: string;
  message: string;
  rawDetails?: string;
}

export interface CheckRunState {
  id: number;
  name: string;
  headSha: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string;
  completedAt: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  annotations: AnnotationState[];
  checkSuiteId: number;
  workflowRunId: number;
  pullNumbers: number[];
  /** The job's log (GET /actions/jobs/{id}/logs); absent in state saved by older versions. */
  log?: string[];
}

export interface WorkflowRunState {
  id: number;
  runNumber: number;
  event: "push" | "pull_request";
  headSha: string;
  headBranch: string;
  /** For push runs: the previous tip of the branch (what the push changed from). */
  beforeSha: string | null;
  status: CheckStatus | "requested" | "waiting" | "pending";
  conclusion: CheckConclusion | null;
  displayTitle: string;
  actor: string;
  checkSuiteId: number;
  pullNumbers: number[];
  createdAt: string;
  updatedAt: string;
  runStartedAt: string | null;
  log: string[];
}

export interface CommitStatusState {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
  updatedAt: string;
  creator: string;
}

export interface WebhookDeliveryState {
  id: string;
  event: string;
  action: string | null;
  deliveredAt: string;
  status: number | null;
  error: string | null;
}

export interface EmulatorState {
  version: 1;
  nextId: number;
  nextPullNumber: number;
  nextRunNumber: number;
  createdAt: string;
  pulls: PullState[];
  reviews: ReviewState[];
  comments: CommentState[];
  labels: LabelState[];
  checkRuns: CheckRunState[];
  workflowRuns: WorkflowRunState[];
  statuses: CommitStatusState[];
  installationTokens: { token: string; expiresAt: string }[];
  deliveries: WebhookDeliveryState[];
  settings: {
    /** The repository deploys with a deployment stack whose actionOnUnmanage deletes removed resources. */
    deleteOnUnmanage: boolean;
    /** Logins with access to the repository: the only users a review can be requested from. */
    collaborators: string[];
    /** Slugs of the organisation's teams with access to the repository. */
    teams: string[];
  };
}

export function createInitialState(now: Date): EmulatorState {
  return {
    version: 1,
    // Ids start high so they never look like PR numbers in tests and logs.
    nextId: 1_000_001,
    nextPullNumber: 1,
    nextRunNumber: 1,
    createdAt: now.toISOString(),
    pulls: [],
    reviews: [],
    comments: [],
    labels: [],
    checkRuns: [],
    workflowRuns: [],
    statuses: [],
    installationTokens: [],
    deliveries: [],
    settings: { deleteOnUnmanage: false, collaborators: [], teams: [] },
  };
}

/** Keeps the emulator's non-git state in one JSON file, written atomically (tmp + rename) after each change. */
export class StateFile {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async load(): Promise<EmulatorState | null> {
    try {
      const parsed = JSON.parse(await readFile(this.file, "utf8")) as EmulatorState;
      return parsed.version === 1 ? parsed : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  /** Queues a write of a snapshot; writes never interleave. */
  save(state: EmulatorState): Promise<void> {
    const snapshot = JSON.stringify(state, null, 1);
    this.writing = this.writing.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, snapshot);
      await rename(tmp, this.file);
    });
    return this.writing;
  }

  flush(): Promise<void> {
    return this.writing;
  }
}
