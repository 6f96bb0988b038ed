import { ApiError } from "./http-kit";

/** GitHub App permission levels; a higher level includes the lower ones. */
export type PermissionLevel = "read" | "write" | "admin";
export type Permissions = Record<string, PermissionLevel>;

const RANK: Record<PermissionLevel, number> = { read: 1, write: 2, admin: 3 };

/** What an installation of the emulated App is granted unless a switch withholds some of it. */
export const DEFAULT_INSTALLATION_PERMISSIONS: Permissions = { actions: "read", checks: "read", contents: "write", issues: "write", metadata: "read", pull_requests: "write", statuses: "read" };

/**
 * Per operation: the permission sets that each allow it (any one suffices; `name=level` pairs), and the page GitHub
 * names in its error. From GitHub's "Permissions required for GitHub Apps"; the one exception to a single set is
 * writing on the issue side of a PR, which either issues or pull_requests write allows.
 */
export const REQUIRED_PERMISSIONS: Record<string, { sets: string[]; doc: string }> = {
  "repos/get": { sets: ["metadata=read"], doc: "https://docs.github.com/rest/repos/repos#get-a-repository" },
  "repos/get-content": { sets: ["contents=read"], doc: "https://docs.github.com/rest/repos/contents#get-repository-content" },
  "repos/create-or-update-file-contents": { sets: ["contents=write"], doc: "https://docs.github.com/rest/repos/contents#create-or-update-file-contents" },
  "git/get-ref": { sets: ["contents=read"], doc: "https://docs.github.com/rest/git/refs#get-a-reference" },
  "git/create-ref": { sets: ["contents=write"], doc: "https://docs.github.com/rest/git/refs#create-a-reference" },
  "git/update-ref": { sets: ["contents=write"], doc: "https://docs.github.com/rest/git/refs#update-a-reference" },
  "git/delete-ref": { sets: ["contents=write"], doc: "https://docs.github.com/rest/git/refs#delete-a-reference" },
  "git/get-tree": { sets: ["contents=read"], doc: "https://docs.github.com/rest/git/trees#get-a-tree" },
  "git/create-tree": { sets: ["contents=write"], doc: "https://docs.github.com/rest/git/trees#create-a-tree" },
  "git/get-commit": { sets: ["contents=read"], doc: "https://docs.github.com/rest/git/commits#get-a-commit-object" },
  "git/create-commit": { sets: ["contents=write"], doc: "https://docs.github.com/rest/git/commits#create-a-commit" },
  "git/get-blob": { sets: ["contents=read"], doc: "https://docs.github.com/rest/git/blobs#get-a-blob" },
  "pulls/list": { sets: ["pull_requests=read"], doc: "https://docs.github.com/rest/pulls/pulls#list-pull-requests" },
  "pulls/create": { sets: ["pull_requests=write"], doc: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request" },
  "pulls/get": { sets: ["pull_requests=read"], doc: "https://docs.github.com/rest/pulls/pulls#get-a-pull-request" },
  "pulls/update": { sets: ["pull_requests=write"], doc: "https://docs.github.com/rest/pulls/pulls#update-a-pull-request" },
  "pulls/merge": { sets: ["contents=write"], doc: "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request" },
  "pulls/list-reviews": { sets: ["pull_requests=read"], doc: "https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request" },
  "pulls/create-review": { sets: ["pull_requests=write"], doc: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request" },
  "pulls/request-reviewers": { sets: ["pull_requests=write"], doc: "https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request" },
  "issues/create-comment": { sets: ["issues=write", "pull_requests=write"], doc: "https://docs.github.com/rest/issues/comments#create-an-issue-comment" },
  "issues/list-comments": { sets: ["issues=read", "pull_requests=read"], doc: "https://docs.github.com/rest/issues/comments#list-issue-comments" },
  "issues/update-comment": { sets: ["issues=write", "pull_requests=write"], doc: "https://docs.github.com/rest/issues/comments#update-an-issue-comment" },
  "issues/add-labels": { sets: ["issues=write", "pull_requests=write"], doc: "https://docs.github.com/rest/issues/labels#add-labels-to-an-issue" },
  "checks/list-for-ref": { sets: ["checks=read"], doc: "https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference" },
  "checks/list-annotations": { sets: ["checks=read"], doc: "https://docs.github.com/rest/checks/runs#list-check-run-annotations" },
  "repos/get-combined-status-for-ref": { sets: ["statuses=read"], doc: "https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference" },
  "repos/create-commit-status": { sets: ["statuses=write"], doc: "https://docs.github.com/rest/commits/statuses#create-a-commit-status" },
  "actions/list-workflow-runs-for-repo": { sets: ["actions=read"], doc: "https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository" },
  "actions/re-run-workflow-failed-jobs": { sets: ["actions=write"], doc: "https://docs.github.com/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run" },
  "actions/get-workflow-run": { sets: ["actions=read"], doc: "https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run" },
  "actions/download-job-logs-for-workflow-run": { sets: ["actions=read"], doc: "https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run" },
};

/** `x-accepted-github-permissions`: each set's pairs comma-separated, the sets separated by "; ". */
export function acceptedPermissionsHeader(operationId: string): string | undefined {
  return REQUIRED_PERMISSIONS[operationId]?.sets.join("; ");
}

function grants(granted: Permissions, set: string): boolean {
  return set.split(",").every((pair) => {
    const [name, level] = pair.trim().split("=") as [string, PermissionLevel];
    const has = granted[name];
    return has !== undefined && RANK[has] >= RANK[level];
  });
}

/** GitHub's 403 for an installation token lacking the operation's permission, or null when it is allowed. */
export function permissionRefusal(operationId: string, granted: Permissions): ApiError | null {
  const required = REQUIRED_PERMISSIONS[operationId];
  if (!required || required.sets.some((set) => grants(granted, set))) return null;
  return new ApiError(403, "Resource not accessible by integration", required.doc);
}

/**
 * Reads `name=level` pairs (comma-separated; level read, write, admin or none) over the defaults, for the
 * GITHUB_EMULATOR_APP_PERMISSIONS switch. Throws on anything else.
 */
export function parsePermissions(text: string, base: Permissions = DEFAULT_INSTALLATION_PERMISSIONS): Permissions {
  const out: Permissions = { ...base };
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z_]+)\s*[=:]\s*(read|write|admin|none)$/.exec(pair);
    if (!m) throw new Error(`"${pair}" is not name=read|write|admin|none`);
    if (m[2] === "none") delete out[m[1]];
    else out[m[1]] = m[2] as PermissionLevel;
  }
  return out;
}
