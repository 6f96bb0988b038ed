import { notFound, type ApiRequest, type ApiResponse, type Route } from "../http-kit";
import type { RepoModel } from "../repo-model";
import type { ShapeContext } from "../shapes";

/** What the REST routes need from the rest of the emulator. */
export interface RouteDeps {
  model: RepoModel;
  workflowId: number;
  /** Exchanges a verified app JWT for an installation token (undefined when the App path is off). */
  createInstallationToken?: (req: ApiRequest) => Promise<ApiResponse>;
  rateLimitFor: (login: string) => { limit: number; remaining: number; reset: number; used: number };
  /** Re-runs a completed workflow run's failed jobs (the Actions runner). */
  rerunFailedJobs: (runId: number) => Promise<"rerun" | "not-found" | "not-completed" | "nothing-failed">;
}

type Handler = (req: ApiRequest) => Promise<ApiResponse>;

/** The helpers every route module builds its routes with. */
export interface RouteKit {
  deps: RouteDeps;
  model: RepoModel;
  ctx: ShapeContext;
  /** A read under /repos/{owner}/{repo}: other repositories are 404. */
  repoRoute(method: string, path: string, operationId: string, handler: Handler): Route;
  /** A change under /repos/{owner}/{repo}, run under the model's lock (one consistent GitHub). */
  repoMutation(method: string, path: string, operationId: string, handler: Handler): Route;
}

export const DOCS = {
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

export function createRouteKit(deps: RouteDeps): RouteKit {
  const { model } = deps;
  const ctx = model.ctx;
  const repoGuard = (req: ApiRequest) => {
    if (req.params.owner.toLowerCase() !== ctx.owner.toLowerCase() || req.params.repo.toLowerCase() !== ctx.repo.toLowerCase()) {
      throw notFound(DOCS.repo);
    }
  };
  const route = (method: string, path: string, operationId: string, handler: Handler): Route => ({
    method,
    path: `/repos/{owner}/{repo}${path}`,
    operationId,
    handler: async (req) => {
      repoGuard(req);
      return handler(req);
    },
  });
  return {
    deps,
    model,
    ctx,
    repoRoute: route,
    repoMutation: (method, path, operationId, handler) => route(method, path, operationId, (req) => model.exclusive(() => handler(req))),
  };
}

export function ok(body: unknown, status = 200): ApiResponse {
  return { status, body };
}

/** A positive integer path parameter; anything else is GitHub's 404. */
export function intParam(value: string, doc?: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw notFound(doc);
  return n;
}

/** per_page/page pagination with GitHub's Link header. */
export function paginate<T>(req: ApiRequest, items: T[], baseUrl: string): { page: T[]; headers: Record<string, string> } {
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

/** One page of a list, answered with its Link header. */
export function pageOf<T>(req: ApiRequest, items: T[], kit: RouteKit, shape: (item: T) => unknown): ApiResponse {
  const { page, headers } = paginate(req, items, kit.ctx.apiUrl);
  return { status: 200, body: page.map(shape), headers };
}

/** An `author`/`committer` object of a request body, when both name and email are given. */
export function personInput(v: unknown): { name: string; email: string } | undefined {
  const o = v as { name?: unknown; email?: unknown } | undefined;
  return o && typeof o.name === "string" && typeof o.email === "string" ? { name: o.name, email: o.email } : undefined;
}

/** String entries of an array field (e.g. `reviewers`); anything else reads as none. */
export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
