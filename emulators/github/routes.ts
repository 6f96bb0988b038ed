import { ApiError, bodyObject, notFound, optionalString, requireString, validationFailed, type ApiRequest, type ApiResponse, type Route } from "./http-kit";
import type { MergeMethod, RepoModel } from "./repo-model";
import { WORKFLOW_NAME, WORKFLOW_PATH } from "./seed-repo";
import * as shapes from "./shapes";
import type { PullState } from "./state";

export interface RouteDeps {
  model: RepoModel;
  workflowId: number;
  /** Exchanges a verified app JWT for an installation token (undefined when the App path is off). */
  createInstallationToken?: (req: ApiRequest) => Promise<ApiResponse>;
  rateLimitFor: (login: string) => { limit: number; remaining: number; reset: number; used: number };
}

const DOCS = {
  repo: "https://docs.github.com/rest/repos/repos#get-a-repository",
  contents: "https://docs.github.com/rest/repos/contents#get-repository-content",
  putContents: "https://docs.github.com/rest/repos/contents#create-or-update-file-contents",
  refs: "https://docs.github.com/rest/git/refs",
  trees: "https://docs.github.com/rest/git/trees",
  commits: "https://docs.github.com/rest/git/commits",
  blobs: "https://docs.github.com/rest/git/blobs#get-a-blob",
  pulls: "https://docs.github.com/rest/pulls/pulls",
  reviews: "https://docs.github.com/rest/pulls/reviews",
  checks: "https://docs.github.com/rest/checks/runs",
  runs: "https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository",
};

function ok(body: unknown, status = 200): ApiResponse {
  return { status, body };
}

function intParam(value: string, doc?: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw notFound(doc);
  return n;
}

/** per_page/page pagination with GitHub's Link header. */
function paginate<T>(req: ApiRequest, items: T[], baseUrl: string): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(req.query.get("per_page") ?? 30) || 30, 1), 100);
  const page = Math.max(Number(req.query.get("page") ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const links: string[] = [];
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(req.query);
    q.set("per_page", String(perPage));
    q.set("page", String(p));
    links.push(`<${baseUrl}${req.path}?${q}>; rel="${rel}"`);
  };
  if (page < last) {
    link(page + 1, "next");
    link(last, "last");
  }
  if (page > 1) {
    link(1, "first");
    link(page - 1, "prev");
  }
  return { page: slice, headers: links.length ? { link: links.join(", ") } : {} };
}

function decodeContent(body: Record<string, unknown>): Buffer {
  const content = body.content;
  if (typeof content !== "string") throw new ApiError(422, `Invalid request.\n\n"content" wasn't supplied.`, DOCS.putContents);
  if (!/^[A-Za-z0-9+/=\s]*$/.test(content)) throw new ApiError(422, "content is not valid Base64", DOCS.putContents);
  return Buffer.from(content, "base64");
}

function personInput(v: unknown): { name: string; email: string } | undefined {
  const o = v as { name?: unknown; email?: unknown } | undefined;
  return o && typeof o.name === "string" && typeof o.email === "string" ? { name: o.name, email: o.email } : undefined;
}

/** The REST routes the emulator serves: exactly what lib/gitops uses, at GitHub's paths. */
export function createRoutes(deps: RouteDeps): Route[] {
  const { model } = deps;
  const ctx = model.ctx;
  const R = "/repos/{owner}/{repo}";

  const repoGuard = (req: ApiRequest) => {
    if (req.params.owner.toLowerCase() !== ctx.owner.toLowerCase() || req.params.repo.toLowerCase() !== ctx.repo.toLowerCase()) {
      throw notFound(DOCS.repo);
    }
  };
  const repoRoute = (method: string, path: string, operationId: string, handler: (req: ApiRequest) => Promise<ApiResponse>, mutates = false): Route => ({
    method,
    path: `${R}${path}`,
    operationId,
    handler: async (req) => {
      repoGuard(req);
      return mutates ? model.exclusive(() => handler(req)) : handler(req);
    },
  });

  const fullPull = async (p: PullState) => shapes.pullRequest(ctx, p, await model.pullContext(p));
  const simplePull = (p: PullState) => shapes.pullRequestSimple(ctx, p, { labels: model.state.labels, openIssues: model.openIssuesCount() });

  const routes: Route[] = [
    {
      method: "GET",
      path: "/rate_limit",
      operationId: "rate-limit/get",
      handler: async (req) => {
        const core = deps.rateLimitFor(req.login);
        const bucket = (limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset });
        return ok({
          resources: { core, search: bucket(30), graphql: bucket(5000), integration_manifest: bucket(5000), code_search: bucket(10) },
          rate: core,
        });
      },
    },
    repoRoute("GET", "", "repos/get", async () => ok(shapes.fullRepository(ctx, model.openIssuesCount()))),

    // ---- contents ----
    repoRoute("GET", "/contents/{path}", "repos/get-content", async (req) => {
      const ref = req.query.get("ref") || ctx.defaultBranch;
      const commit = await model.git.resolveCommit(ref);
      if (!commit) throw new ApiError(404, `No commit found for the ref ${ref}`, DOCS.contents);
      const filePath = req.params.path.replace(/^\/+|\/+$/g, "");
      const entry = await model.git.findEntry(commit, filePath);
      if (!entry) throw notFound(DOCS.contents);
      if (entry.type === "tree") {
        const all = await model.git.readTree(entry.sha);
        return ok(all.map((e) => shapes.contentDirectoryEntry(ctx, { ...e, path: `${filePath}/${e.path}` }, ref)));
      }
      const content = await model.git.readBlob(entry.sha);
      return ok(shapes.contentFile(ctx, filePath, entry.sha, content, ref));
    }),
    repoRoute(
      "PUT",
      "/contents/{path}",
      "repos/create-or-update-file-contents",
      async (req) => {
        const body = bodyObject(req.body);
        const message = requireString(body, "message", DOCS.putContents);
        const content = decodeContent(body);
        const branch = optionalString(body, "branch") ?? ctx.defaultBranch;
        const filePath = req.params.path.replace(/^\/+|\/+$/g, "");
        const r = await model.commitFile({
          branch,
          path: filePath,
          content,
          message,
          actor: req.login,
          expectedBlobSha: optionalString(body, "sha"),
          author: personInput(body.author),
          committer: personInput(body.committer),
        });
        return ok(shapes.fileCommit(ctx, filePath, r.blobSha, content.length, branch, r.commit), r.created ? 201 : 200);
      },
      true,
    ),

    // ---- git data ----
    repoRoute("GET", "/git/ref/{ref}", "git/get-ref", async (req) => {
      const ref = `refs/${req.params.ref}`;
      const sha = await model.git.readRef(ref);
      if (!sha || !req.params.ref.startsWith("heads/")) throw notFound("https://docs.github.com/rest/git/refs#get-a-reference");
      return ok(shapes.gitRef(ctx, ref, sha));
    }),
    repoRoute(
      "POST",
      "/git/refs",
      "git/create-ref",
      async (req) => {
        const body = bodyObject(req.body);
        const ref = requireString(body, "ref", DOCS.refs);
        const sha = requireString(body, "sha", DOCS.refs);
        if (!/^refs\/heads\/[^\s~^:?*[\\]+$/.test(ref) || ref.endsWith("/") || ref.includes("..")) {
          throw new ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.", DOCS.refs);
        }
        if ((await model.git.objectType(sha)) !== "commit") throw new ApiError(422, "Object does not exist", DOCS.refs);
        const branch = ref.slice("refs/heads/".length);
        if (await model.branchSha(branch)) throw new ApiError(422, "Reference already exists", DOCS.refs);
        await model.pushBranch(branch, sha, req.login, { expectedOld: null });
        return ok(shapes.gitRef(ctx, ref, sha), 201);
      },
      true,
    ),
    repoRoute(
      "PATCH",
      "/git/refs/{ref}",
      "git/update-ref",
      async (req) => {
        const body = bodyObject(req.body);
        const sha = requireString(body, "sha", DOCS.refs);
        if (!req.params.ref.startsWith("heads/")) throw new ApiError(422, "Reference does not exist", DOCS.refs);
        const branch = req.params.ref.slice("heads/".length);
        if (!(await model.branchSha(branch))) throw new ApiError(422, "Reference does not exist", DOCS.refs);
        if ((await model.git.objectType(sha)) !== "commit") throw new ApiError(422, "Object does not exist", DOCS.refs);
        await model.pushBranch(branch, sha, req.login, { force: body.force === true });
        return ok(shapes.gitRef(ctx, `refs/heads/${branch}`, sha));
      },
      true,
    ),
    repoRoute(
      "DELETE",
      "/git/refs/{ref}",
      "git/delete-ref",
      async (req) => {
        if (!req.params.ref.startsWith("heads/")) throw new ApiError(422, "Reference does not exist", DOCS.refs);
        await model.deleteBranch(req.params.ref.slice("heads/".length));
        return { status: 204 };
      },
      true,
    ),
    repoRoute("GET", "/git/trees/{tree_sha}", "git/get-tree", async (req) => {
      const tree = await model.resolveTree(req.params.tree_sha);
      if (!tree) throw notFound("https://docs.github.com/rest/git/trees#get-a-tree");
      const recursive = Boolean(req.query.get("recursive")) && req.query.get("recursive") !== "false" && req.query.get("recursive") !== "0";
      return ok(shapes.gitTree(ctx, tree, await model.git.readTree(tree, recursive)));
    }),
    repoRoute(
      "POST",
      "/git/trees",
      "git/create-tree",
      async (req) => {
        const body = bodyObject(req.body);
        const baseTree = optionalString(body, "base_tree") ?? null;
        if (baseTree && (await model.git.objectType(baseTree)) !== "tree") throw new ApiError(422, "Invalid tree info", DOCS.trees);
        if (!Array.isArray(body.tree)) throw validationFailed([{ resource: "Tree", field: "tree", code: "missing_field" }], DOCS.trees);
        const changes = [];
        for (const raw of body.tree as Record<string, unknown>[]) {
          const p = typeof raw.path === "string" ? raw.path : "";
          const mode = typeof raw.mode === "string" ? raw.mode : "100644";
          if (!p || !["100644", "100755", "040000", "160000", "120000"].includes(mode)) throw new ApiError(422, "Invalid tree info", DOCS.trees);
          if (raw.sha === null) changes.push({ path: p, delete: true as const });
          else if (typeof raw.content === "string") changes.push({ path: p, mode, content: raw.content });
          else if (typeof raw.sha === "string") {
            if (!(await model.git.objectType(raw.sha))) throw new ApiError(422, "Invalid tree info", DOCS.trees);
            changes.push({ path: p, mode, sha: raw.sha });
          } else throw new ApiError(422, "Invalid tree info", DOCS.trees);
        }
        const sha = await model.git.writeTree(baseTree, changes);
        return ok(shapes.gitTree(ctx, sha, await model.git.readTree(sha)), 201);
      },
      true,
    ),
    repoRoute("GET", "/git/commits/{commit_sha}", "git/get-commit", async (req) => {
      if ((await model.git.objectType(req.params.commit_sha)) !== "commit") throw notFound("https://docs.github.com/rest/git/commits#get-a-commit-object");
      return ok(shapes.gitCommit(ctx, await model.git.readCommit(req.params.commit_sha)));
    }),
    repoRoute(
      "POST",
      "/git/commits",
      "git/create-commit",
      async (req) => {
        const body = bodyObject(req.body);
        const message = requireString(body, "message", DOCS.commits);
        const tree = requireString(body, "tree", DOCS.commits);
        if ((await model.git.objectType(tree)) !== "tree") throw new ApiError(422, "Tree SHA does not exist", DOCS.commits);
        const parents = Array.isArray(body.parents) ? (body.parents as unknown[]).filter((p): p is string => typeof p === "string") : [];
        for (const p of parents) if ((await model.git.objectType(p)) !== "commit") throw new ApiError(422, "Parent SHA does not exist or is not a commit object", DOCS.commits);
        const date = model.now();
        const a = personInput(body.author);
        const c = personInput(body.committer);
        const author = a ? { ...a, date } : { ...shapes_identity(req.login), date };
        const committer = c ? { ...c, date } : author;
        const sha = await model.git.writeCommit({ tree, parents, message, author, committer });
        return ok(shapes.gitCommit(ctx, await model.git.readCommit(sha)), 201);
      },
      true,
    ),
    repoRoute("GET", "/git/blobs/{file_sha}", "git/get-blob", async (req) => {
      if ((await model.git.objectType(req.params.file_sha)) !== "blob") throw notFound(DOCS.blobs);
      return ok(shapes.blob(ctx, req.params.file_sha, await model.git.readBlob(req.params.file_sha)));
    }),

    // ---- pull requests ----
    repoRoute("GET", "/pulls", "pulls/list", async (req) => {
      const state = req.query.get("state") ?? "open";
      const head = req.query.get("head");
      const base = req.query.get("base");
      let list = [...model.state.pulls].sort((a, b) => b.number - a.number);
      if (state !== "all") list = list.filter((p) => p.state === state);
      if (head) {
        const [owner, branch] = head.includes(":") ? head.split(/:(.*)/s) : [ctx.owner, head];
        list = owner.toLowerCase() === ctx.owner.toLowerCase() ? list.filter((p) => p.headRef === branch) : [];
      }
      if (base) list = list.filter((p) => p.baseRef === base);
      if (req.query.get("direction") === "asc") list.reverse();
      const { page, headers } = paginate(req, list, ctx.apiUrl);
      return { status: 200, body: page.map(simplePull), headers };
    }),
    repoRoute(
      "POST",
      "/pulls",
      "pulls/create",
      async (req) => {
        const body = bodyObject(req.body);
        const head = requireString(body, "head", DOCS.pulls);
        const base = requireString(body, "base", DOCS.pulls);
        const title = optionalString(body, "title");
        if (!title) throw validationFailed([{ resource: "PullRequest", field: "title", code: "missing_field" }], DOCS.pulls);
        const pull = await model.createPull({ title, head, base, body: optionalString(body, "body") ?? null, draft: body.draft === true, actor: req.login });
        return ok(await fullPull(pull), 201);
      },
      true,
    ),
    repoRoute("GET", "/pulls/{pull_number}", "pulls/get", async (req) => ok(await fullPull(model.pull(intParam(req.params.pull_number, DOCS.pulls))))),
    repoRoute(
      "PATCH",
      "/pulls/{pull_number}",
      "pulls/update",
      async (req) => {
        const pull = model.pull(intParam(req.params.pull_number, DOCS.pulls));
        const body = bodyObject(req.body);
        const state = optionalString(body, "state");
        if (state !== undefined && state !== "open" && state !== "closed") throw validationFailed([{ resource: "PullRequest", field: "state", code: "invalid" }], DOCS.pulls);
        await model.updatePull(pull, { title: optionalString(body, "title"), body: optionalString(body, "body"), state, base: optionalString(body, "base") }, req.login);
        return ok(await fullPull(pull));
      },
      true,
    ),
    repoRoute(
      "PUT",
      "/pulls/{pull_number}/merge",
      "pulls/merge",
      async (req) => {
        const pull = model.pull(intParam(req.params.pull_number, DOCS.pulls));
        const body = bodyObject(req.body);
        const method = (optionalString(body, "merge_method") ?? "merge") as MergeMethod;
        if (!["merge", "squash", "rebase"].includes(method)) throw validationFailed([{ resource: "PullRequest", field: "merge_method", code: "invalid" }], DOCS.pulls);
        const sha = await model.mergePull(pull, { method, sha: optionalString(body, "sha"), title: optionalString(body, "commit_title"), message: optionalString(body, "commit_message"), actor: req.login });
        return ok({ sha, merged: true, message: "Pull Request successfully merged" });
      },
      true,
    ),
    repoRoute("GET", "/pulls/{pull_number}/reviews", "pulls/list-reviews", async (req) => {
      const pull = model.pull(intParam(req.params.pull_number, DOCS.pulls));
      const reviews = model.state.reviews.filter((r) => r.pullNumber === pull.number).sort((a, b) => a.id - b.id);
      const { page, headers } = paginate(req, reviews, ctx.apiUrl);
      return { status: 200, body: page.map((r) => shapes.review(ctx, r)), headers };
    }),
    repoRoute(
      "POST",
      "/pulls/{pull_number}/reviews",
      "pulls/create-review",
      async (req) => {
        const pull = model.pull(intParam(req.params.pull_number, DOCS.pulls));
        const body = bodyObject(req.body);
        const event = optionalString(body, "event");
        if (!event) throw new ApiError(422, "Unprocessable Entity", DOCS.reviews, ["Pending reviews are not supported by this emulator; pass event"]);
        const review = model.submitReview(pull, { event, body: optionalString(body, "body") ?? "", commitId: optionalString(body, "commit_id"), actor: req.login });
        return ok(shapes.review(ctx, review));
      },
      true,
    ),
    repoRoute(
      "POST",
      "/pulls/{pull_number}/requested_reviewers",
      "pulls/request-reviewers",
      async (req) => {
        const pull = model.pull(intParam(req.params.pull_number, DOCS.pulls));
        const body = bodyObject(req.body);
        const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
        model.requestReviewers(pull, list(body.reviewers), list(body.team_reviewers), req.login);
        return ok(simplePull(pull), 201);
      },
      true,
    ),
    repoRoute(
      "POST",
      "/issues/{issue_number}/comments",
      "issues/create-comment",
      async (req) => {
        const n = intParam(req.params.issue_number);
        const body = requireString(bodyObject(req.body), "body", "https://docs.github.com/rest/issues/comments#create-an-issue-comment");
        return ok(shapes.issueComment(ctx, model.addComment(n, body, req.login)), 201);
      },
      true,
    ),
    // Comments of an issue or pull request, oldest first, paginated like GitHub's.
    repoRoute("GET", "/issues/{issue_number}/comments", "issues/list-comments", async (req) => {
      const n = intParam(req.params.issue_number, "https://docs.github.com/rest/issues/comments#list-issue-comments");
      if (!model.state.pulls.some((p) => p.number === n)) throw notFound("https://docs.github.com/rest/issues/comments#list-issue-comments");
      const since = req.query.get("since");
      const list = model.state.comments.filter((c) => c.issueNumber === n && (!since || (c.updatedAt ?? c.createdAt) >= since)).sort((a, b) => a.id - b.id);
      const { page, headers } = paginate(req, list, ctx.apiUrl);
      return { status: 200, body: page.map((c) => shapes.issueComment(ctx, c)), headers };
    }),
    repoRoute(
      "PATCH",
      "/issues/comments/{comment_id}",
      "issues/update-comment",
      async (req) => {
        const doc = "https://docs.github.com/rest/issues/comments#update-an-issue-comment";
        const id = intParam(req.params.comment_id, doc);
        const body = requireString(bodyObject(req.body), "body", doc);
        const comment = model.updateComment(id, body);
        if (!comment) throw notFound(doc);
        return ok(shapes.issueComment(ctx, comment));
      },
      true,
    ),
    repoRoute(
      "POST",
      "/issues/{issue_number}/labels",
      "issues/add-labels",
      async (req) => {
        const pull = model.pull(intParam(req.params.issue_number));
        const raw = Array.isArray(req.body) ? req.body : bodyObject(req.body).labels;
        const names = Array.isArray(raw) ? raw.map((l) => (typeof l === "string" ? l : (l as { name?: string })?.name)).filter((x): x is string => !!x) : [];
        if (!names.length) throw validationFailed([{ resource: "Label", field: "labels", code: "missing_field" }], "https://docs.github.com/rest/issues/labels#add-labels-to-an-issue");
        model.addLabels(pull, names, req.login);
        const byName = new Map(model.state.labels.map((l) => [l.name, l]));
        return ok(pull.labels.flatMap((n) => (byName.get(n) ? [shapes.label(ctx, byName.get(n)!)] : [])));
      },
      true,
    ),

    // ---- checks, statuses, runs ----
    repoRoute("GET", "/commits/{ref}/check-runs", "checks/list-for-ref", async (req) => {
      const sha = await model.git.resolveCommit(req.params.ref);
      if (!sha) throw new ApiError(422, `No commit found for SHA: ${req.params.ref}`, DOCS.checks);
      let runs = model.state.checkRuns.filter((c) => c.headSha === sha).sort((a, b) => b.id - a.id);
      const name = req.query.get("check_name");
      if (name) runs = runs.filter((c) => c.name === name);
      const status = req.query.get("status");
      if (status) runs = runs.filter((c) => c.status === status);
      if ((req.query.get("filter") ?? "latest") === "latest") {
        const seen = new Set<string>();
        runs = runs.filter((c) => (seen.has(c.name) ? false : (seen.add(c.name), true)));
      }
      const { page, headers } = paginate(req, runs, ctx.apiUrl);
      return { status: 200, body: { total_count: runs.length, check_runs: page.map((c) => shapes.checkRun(ctx, c, model.state.pulls)) }, headers };
    }),
    repoRoute("GET", "/check-runs/{check_run_id}/annotations", "checks/list-annotations", async (req) => {
      const cr = model.state.checkRuns.find((c) => c.id === Number(req.params.check_run_id));
      if (!cr) throw notFound(DOCS.checks);
      const { page, headers } = paginate(req, cr.annotations, ctx.apiUrl);
      return { status: 200, body: page.map((a) => shapes.checkAnnotation(ctx, a, cr.headSha)), headers };
    }),
    repoRoute("GET", "/commits/{ref}/status", "repos/get-combined-status-for-ref", async (req) => {
      const sha = await model.git.resolveCommit(req.params.ref);
      if (!sha) throw new ApiError(404, `No commit found for SHA: ${req.params.ref}`, "https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference");
      return ok(shapes.combinedStatus(ctx, sha, model.state.statuses.filter((s) => s.sha === sha)));
    }),
    repoRoute("GET", "/actions/runs", "actions/list-workflow-runs-for-repo", async (req) => {
      let runs = [...model.state.workflowRuns].sort((a, b) => b.id - a.id);
      const headSha = req.query.get("head_sha");
      if (headSha) runs = runs.filter((r) => r.headSha === headSha);
      const event = req.query.get("event");
      if (event) runs = runs.filter((r) => r.event === event);
      const branch = req.query.get("branch");
      if (branch) runs = runs.filter((r) => r.headBranch === branch);
      const status = req.query.get("status");
      if (status) runs = runs.filter((r) => r.status === status || r.conclusion === status);
      const { page, headers } = paginate(req, runs, ctx.apiUrl);
      const commits = new Map<string, Awaited<ReturnType<typeof model.git.readCommit>> | null>();
      for (const r of page) if (!commits.has(r.headSha)) commits.set(r.headSha, await model.git.readCommit(r.headSha).catch(() => null));
      return {
        status: 200,
        body: {
          total_count: runs.length,
          workflow_runs: page.map((r) => shapes.workflowRun(ctx, r, commits.get(r.headSha) ?? null, model.state.pulls, deps.workflowId, WORKFLOW_PATH, WORKFLOW_NAME)),
        },
        headers,
      };
    }),
    repoRoute("GET", "/actions/runs/{run_id}", "actions/get-workflow-run", async (req) => {
      const run = model.state.workflowRuns.find((r) => r.id === Number(req.params.run_id));
      if (!run) throw notFound("https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run");
      const commit = await model.git.readCommit(run.headSha).catch(() => null);
      return ok(shapes.workflowRun(ctx, run, commit, model.state.pulls, deps.workflowId, WORKFLOW_PATH, WORKFLOW_NAME));
    }),
  ];

  if (deps.createInstallationToken) {
    routes.push({
      method: "POST",
      path: "/app/installations/{installation_id}/access_tokens",
      operationId: "apps/create-installation-access-token",
      auth: "app-jwt",
      handler: deps.createInstallationToken,
    });
  }
  return routes;
}

function shapes_identity(login: string): { name: string; email: string } {
  return { name: login, email: `${shapes.userId(login)}+${login}@users.noreply.github.com` };
}
