import { ApiError, bodyObject, notFound, optionalString, requireString, validationFailed, type Route } from "../http-kit";
import { loginIdentity } from "../repo-model";
import * as shapes from "../shapes";
import { DOCS, ok, personInput, stringList, type RouteKit } from "./kit";

const TREE_MODES = ["100644", "100755", "040000", "160000", "120000"];

/** Git objects: trees (read, recursive, create), commits (read, create) and blobs (read). */
export function gitObjectRoutes({ model, ctx, repoRoute, repoMutation }: RouteKit): Route[] {
  const invalidTree = () => new ApiError(422, "Invalid tree info", DOCS.trees);
  return [
    repoRoute("GET", "/git/trees/{tree_sha}", "git/get-tree", async (req) => {
      const tree = await model.resolveTree(req.params.tree_sha);
      if (!tree) throw notFound("https://docs.github.com/rest/git/trees#get-a-tree");
      const recursive = Boolean(req.query.get("recursive")) && req.query.get("recursive") !== "false" && req.query.get("recursive") !== "0";
      return ok(shapes.gitTree(ctx, tree, await model.git.readTree(tree, recursive)));
    }),
    repoMutation("POST", "/git/trees", "git/create-tree", async (req) => {
      const body = bodyObject(req.body);
      const baseTree = optionalString(body, "base_tree") ?? null;
      if (baseTree && (await model.git.objectType(baseTree)) !== "tree") throw invalidTree();
      if (!Array.isArray(body.tree)) throw validationFailed([{ resource: "Tree", field: "tree", code: "missing_field" }], DOCS.trees);
      const changes = [];
      for (const raw of body.tree as Record<string, unknown>[]) {
        const p = typeof raw.path === "string" ? raw.path : "";
        const mode = typeof raw.mode === "string" ? raw.mode : "100644";
        if (!p || !TREE_MODES.includes(mode)) throw invalidTree();
        if (raw.sha === null) changes.push({ path: p, delete: true as const });
        else if (typeof raw.content === "string") changes.push({ path: p, mode, content: raw.content });
        else if (typeof raw.sha === "string" && (await model.git.objectType(raw.sha))) changes.push({ path: p, mode, sha: raw.sha });
        else throw invalidTree();
      }
      const sha = await model.git.writeTree(baseTree, changes);
      return ok(shapes.gitTree(ctx, sha, await model.git.readTree(sha)), 201);
    }),
    repoRoute("GET", "/git/commits/{commit_sha}", "git/get-commit", async (req) => {
      if ((await model.git.objectType(req.params.commit_sha)) !== "commit") throw notFound("https://docs.github.com/rest/git/commits#get-a-commit-object");
      return ok(shapes.gitCommit(ctx, await model.git.readCommit(req.params.commit_sha)));
    }),
    repoMutation("POST", "/git/commits", "git/create-commit", async (req) => {
      const body = bodyObject(req.body);
      const message = requireString(body, "message", DOCS.commits);
      const tree = requireString(body, "tree", DOCS.commits);
      if ((await model.git.objectType(tree)) !== "tree") throw new ApiError(422, "Tree SHA does not exist", DOCS.commits);
      const parents = stringList(body.parents);
      for (const p of parents) if ((await model.git.objectType(p)) !== "commit") throw new ApiError(422, "Parent SHA does not exist or is not a commit object", DOCS.commits);
      const date = model.now();
      const a = personInput(body.author);
      const c = personInput(body.committer);
      const author = a ? { ...a, date } : loginIdentity(req.login, date);
      const committer = c ? { ...c, date } : author;
      const sha = await model.git.writeCommit({ tree, parents, message, author, committer });
      return ok(shapes.gitCommit(ctx, await model.git.readCommit(sha)), 201);
    }),
    repoRoute("GET", "/git/blobs/{file_sha}", "git/get-blob", async (req) => {
      if ((await model.git.objectType(req.params.file_sha)) !== "blob") throw notFound(DOCS.blobs);
      return ok(shapes.blob(ctx, req.params.file_sha, await model.git.readBlob(req.params.file_sha)));
    }),
  ];
}
