import picomatch from "picomatch";
import type { RepoModel } from "../repo-model";
import { TEMPLATE_DIR } from "../seed-repo";
import type { WorkflowRunState } from "../state";

/** A parameter file a run's push or PR changed: its text at the run's commit and before it. */
export interface ChangedParamFile {
  path: string;
  text: string;
  before: string | null;
}

/** The workflow's `paths:` filter. */
export const triggersWorkflow = picomatch(`${TEMPLATE_DIR}/*`);
const isParamFile = picomatch(`${TEMPLATE_DIR}/*.bicepparam`);

/** The parameter files changed between the run's base and head (`git diff --name-only` in the workflow), still present. */
export async function readChangedParamFiles(model: RepoModel, run: WorkflowRunState): Promise<ChangedParamFile[]> {
  const changed = (await model.git.changedPaths(run.beforeSha, run.headSha)).filter((p) => isParamFile(p));
  const present: ChangedParamFile[] = [];
  for (const p of changed) {
    const entry = await model.git.findEntry(run.headSha, p);
    if (!entry || entry.type !== "blob") continue;
    const beforeEntry = run.beforeSha ? await model.git.findEntry(run.beforeSha, p) : null;
    present.push({
      path: p,
      text: (await model.git.readBlob(entry.sha)).toString("utf8"),
      before: beforeEntry?.type === "blob" ? (await model.git.readBlob(beforeEntry.sha)).toString("utf8") : null,
    });
  }
  return present;
}
