import { parse } from "yaml";
import type { RepoModel } from "./repo-model";
import { WORKFLOW_NAME, WORKFLOW_PATH } from "./seed-repo";

/** A `concurrency:` setting, evaluated for one run. */
export interface ConcurrencySpec {
  group: string;
  cancelInProgress: boolean;
}

/** What the runner honours of the workflow file: its name, concurrency (run and job level) and job names. */
export interface WorkflowSpec {
  name: string;
  concurrency: ConcurrencySpec | null;
  jobs: Record<string, { name: string; concurrency: ConcurrencySpec | null }>;
}

/** The `github` context values a group expression may use here. */
export interface ExpressionContext {
  workflow: string;
  ref: string;
  event_name: string;
  run_id: number;
}

/**
 * `concurrency: <group>` or `{ group, cancel-in-progress }`. Group expressions may use `${{ github.workflow }}`,
 * `${{ github.ref }}`, `${{ github.event_name }}` and `${{ github.run_id }}`; GitHub compares groups case-insensitively.
 */
function readConcurrency(raw: unknown, github: ExpressionContext): ConcurrencySpec | null {
  if (raw === undefined || raw === null) return null;
  const o = typeof raw === "object" ? (raw as Record<string, unknown>) : { group: raw };
  if (typeof o.group !== "string" && typeof o.group !== "number") return null;
  const group = String(o.group).replace(/\$\{\{\s*github\.(\w+)\s*\}\}/g, (whole, key: string) => (key in github ? String(github[key as keyof ExpressionContext]) : whole));
  return { group, cancelInProgress: o["cancel-in-progress"] === true || o["cancel-in-progress"] === "true" };
}

/** Reads the workflow at a commit; a missing or unreadable file reads as the defaults (no concurrency). */
export async function readWorkflowSpec(model: RepoModel, sha: string, github: Omit<ExpressionContext, "workflow">): Promise<WorkflowSpec> {
  let doc: Record<string, unknown> = {};
  try {
    const entry = await model.git.findEntry(sha, WORKFLOW_PATH);
    if (entry?.type === "blob") doc = (parse((await model.git.readBlob(entry.sha)).toString("utf8")) as Record<string, unknown>) ?? {};
  } catch {
    // An invalid workflow file: run with the defaults rather than not at all.
  }
  const name = typeof doc.name === "string" ? doc.name : WORKFLOW_NAME;
  const context = { ...github, workflow: name };
  const jobs: WorkflowSpec["jobs"] = {};
  for (const [id, job] of Object.entries((doc.jobs as Record<string, Record<string, unknown>> | undefined) ?? {})) {
    jobs[id] = { name: typeof job?.name === "string" ? job.name : id, concurrency: readConcurrency(job?.concurrency, context) };
  }
  return { name, concurrency: readConcurrency(doc.concurrency, context), jobs };
}
