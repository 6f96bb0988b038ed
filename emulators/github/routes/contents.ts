import { ApiError, bodyObject, notFound, optionalString, requireString, type Route } from "../http-kit";
import * as shapes from "../shapes";
import { DOCS, ok, personInput, type RouteKit } from "./kit";

function decodeContent(body: Record<string, unknown>): Buffer {
  const content = body.content;
  if (typeof content !== "string") throw new ApiError(422, `Invalid request.\n\n"content" wasn't supplied.`, DOCS.putContents);
  if (!/^[A-Za-z0-9+/=\s]*$/.test(content)) throw new ApiError(422, "content is not valid Base64", DOCS.putContents);
  return Buffer.from(content, "base64");
}

const trimSlashes = (p: string) => p.replace(/^\/+|\/+$/g, "");

/** The repository and its files: GET /repos/{o}/{r}, GET and PUT /contents/{path}. */
export function contentRoutes({ model, ctx, repoRoute, repoMutation }: RouteKit): Route[] {
  return [
    repoRoute("GET", "", "repos/get", async () => ok(shapes.fullRepository(ctx, model.openIssuesCount()))),
    repoRoute("GET", "/contents/{path}", "repos/get-content", async (req) => {
      const ref = req.query.get("ref") || ctx.defaultBranch;
      const commit = await model.git.resolveCommit(ref);
      if (!commit) throw new ApiError(404, `No commit found for the ref ${ref}`, DOCS.contents);
      const filePath = trimSlashes(req.params.path);
      const entry = await model.git.findEntry(commit, filePath);
      if (!entry) throw notFound(DOCS.contents);
      if (entry.type === "tree") {
        const all = await model.git.readTree(entry.sha);
        return ok(all.map((e) => shapes.contentDirectoryEntry(ctx, { ...e, path: `${filePath}/${e.path}` }, ref)));
      }
      const content = await model.git.readBlob(entry.sha);
      return ok(shapes.contentFile(ctx, filePath, entry.sha, content, ref));
    }),
    repoMutation("PUT", "/contents/{path}", "repos/create-or-update-file-contents", async (req) => {
      const body = bodyObject(req.body);
      const message = requireString(body, "message", DOCS.putContents);
      const content = decodeContent(body);
      const branch = optionalString(body, "branch") ?? ctx.defaultBranch;
      const filePath = trimSlashes(req.params.path);
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
    }),
  ];
}
