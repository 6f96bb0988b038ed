import { ApiError, bodyObject, notFound, requireString, type Route } from "../http-kit";
import * as shapes from "../shapes";
import { DOCS, ok, type RouteKit } from "./kit";

/** Branches through the git refs API: get, create, move (fast-forward or forced), delete. */
export function gitRefRoutes({ model, ctx, repoRoute, repoMutation }: RouteKit): Route[] {
  /** The branch a `heads/...` ref parameter names; other refs (tags, notes) are not served. */
  const existingBranch = async (ref: string): Promise<string> => {
    const branch = ref.startsWith("heads/") ? ref.slice("heads/".length) : null;
    if (!branch || !(await model.branchSha(branch))) throw new ApiError(422, "Reference does not exist", DOCS.refs);
    return branch;
  };
  return [
    repoRoute("GET", "/git/ref/{ref}", "git/get-ref", async (req) => {
      const ref = `refs/${req.params.ref}`;
      const sha = await model.git.readRef(ref);
      if (!sha || !req.params.ref.startsWith("heads/")) throw notFound("https://docs.github.com/rest/git/refs#get-a-reference");
      return ok(shapes.gitRef(ctx, ref, sha));
    }),
    repoMutation("POST", "/git/refs", "git/create-ref", async (req) => {
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
    }),
    repoMutation("PATCH", "/git/refs/{ref}", "git/update-ref", async (req) => {
      const body = bodyObject(req.body);
      const sha = requireString(body, "sha", DOCS.refs);
      const branch = await existingBranch(req.params.ref);
      if ((await model.git.objectType(sha)) !== "commit") throw new ApiError(422, "Object does not exist", DOCS.refs);
      await model.pushBranch(branch, sha, req.login, { force: body.force === true });
      return ok(shapes.gitRef(ctx, `refs/heads/${branch}`, sha));
    }),
    repoMutation("DELETE", "/git/refs/{ref}", "git/delete-ref", async (req) => {
      await model.deleteBranch(await existingBranch(req.params.ref), req.login);
      return { status: 204 };
    }),
  ];
}
