import picomatch from "picomatch";
import type { RepoModel } from "../repo-model";
import { TEMPLATE_DIR } from "../seed-repo";
import type { WorkflowRunState } from "../state";

/** A parameter file a run deploys or validates: its text at the run's commit and at the base it is compared with. */
export interface ChangedParamFile {
  path: string;
  text: string;
  before: string | null;
}

/** The workflow's `paths:` filter. */
export const triggersWorkflow = picomatch(`${TEMPLATE_DIR}/*`);
const isParamFile = picomatch(`${TEMPLATE_DIR}/*.bicepparam`);

/** The parameter files changed between `base` and `head` (`git diff --name-only` in the workflow), still present. */
export async function readChangedParamFiles(model: RepoModel, base: string | null, head: string): Promise<ChangedParamFile[]> {
  const changed = (await model.git.changedPaths(base, head)).filter((p) => isParamFile(p));
  const present: ChangedParamFile[] = [];
  for (const p of changed) {
    const entry = await model.git.findEntry(head, p);
    if (!entry || entry.type !== "blob") continue;
    const beforeEntry = base ? await model.git.findEntry(base, p) : null;
    present.push({
      path: p,
      text: (await model.git.readBlob(entry.sha)).toString("utf8"),
      before: beforeEntry?.type === "blob" ? (await model.git.readBlob(beforeEntry.sha)).toString("utf8") : null,
    });
  }
  return present;
}

/**
 * Where the deploy job diffs from: the head of the last push run on the branch that finished without being
 * cancelled (the seeded workflow asks `gh run list` for it), so the changes of a run a newer one replaced in the
 * deploy queue are deployed by the newer one. The push's own `before` when there is none.
 */
export async function deployBase(model: RepoModel, run: WorkflowRunState): Promise<string | null> {
  const earlier = model.state.workflowRuns
    .filter((r) => r.id !== run.id && r.event === "push" && r.headBranch === run.headBranch && r.status === "completed" && r.conclusion !== "cancelled")
    .sort((a, b) => b.id - a.id);
  for (const r of earlier) if (r.headSha !== run.headSha && (await model.git.isAncestor(r.headSha, run.headSha))) return r.headSha;
  return run.beforeSha;
}
