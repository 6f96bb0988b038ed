import type { GitCommitObject, GitTreeEntry } from "../git-store";
import { isoSeconds, nodeId, type ShapeContext } from "./common";

export function gitRef(ctx: ShapeContext, ref: string, sha: string) {
  return {
    ref,
    node_id: nodeId("REF_", `${ctx.repoId}:${ref}`),
    url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/git/${ref}`,
    object: { sha, type: "commit", url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/git/commits/${sha}` },
  };
}

function identity(i: { name: string; email: string; date: Date }) {
  return { name: i.name, email: i.email, date: isoSeconds(i.date) };
}

export function gitCommit(ctx: ShapeContext, c: GitCommitObject) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  return {
    sha: c.sha,
    node_id: nodeId("C_", c.sha),
    url: `${r}/git/commits/${c.sha}`,
    html_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/commit/${c.sha}`,
    author: identity(c.author),
    committer: identity(c.committer),
    tree: { sha: c.tree, url: `${r}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p, url: `${r}/git/commits/${p}`, html_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/commit/${p}` })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function gitTree(ctx: ShapeContext, sha: string, entries: GitTreeEntry[]) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  return {
    sha,
    url: `${r}/git/trees/${sha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === "blob" ? { size: e.size ?? 0, url: `${r}/git/blobs/${e.sha}` } : { url: `${r}/git/trees/${e.sha}` }),
    })),
    truncated: false,
  };
}

/** Base64 wrapped at 60 columns with a trailing newline, as GitHub serves file and blob contents. */
export function githubBase64(content: Buffer): string {
  const b64 = content.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 60) lines.push(b64.slice(i, i + 60));
  return lines.join("\n") + "\n";
}

export function blob(ctx: ShapeContext, sha: string, content: Buffer) {
  return {
    sha,
    node_id: nodeId("B_", sha),
    size: content.length,
    url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/git/blobs/${sha}`,
    content: githubBase64(content),
    encoding: "base64",
  };
}

function contentLinks(ctx: ShapeContext, filePath: string, sha: string, ref: string) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  const encPath = filePath.split("/").map(encodeURIComponent).join("/");
  const self = `${r}/contents/${encPath}?ref=${encodeURIComponent(ref)}`;
  const git = `${r}/git/blobs/${sha}`;
  const html = `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/blob/${encodeURIComponent(ref)}/${encPath}`;
  return { url: self, git_url: git, html_url: html, download_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/raw/${encodeURIComponent(ref)}/${encPath}`, _links: { self, git, html } };
}

export function contentFile(ctx: ShapeContext, filePath: string, sha: string, content: Buffer, ref: string) {
  return {
    type: "file",
    encoding: "base64",
    size: content.length,
    name: filePath.split("/").pop() ?? filePath,
    path: filePath,
    content: githubBase64(content),
    sha,
    ...contentLinks(ctx, filePath, sha, ref),
  };
}

export function contentDirectoryEntry(ctx: ShapeContext, entry: GitTreeEntry, ref: string) {
  const type = entry.type === "tree" ? "dir" : entry.type === "commit" ? "submodule" : "file";
  return {
    type,
    size: entry.size ?? 0,
    name: entry.path.split("/").pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    ...contentLinks(ctx, entry.path, entry.sha, ref),
    download_url: type === "file" ? contentLinks(ctx, entry.path, entry.sha, ref).download_url : null,
  };
}

export function fileCommit(ctx: ShapeContext, filePath: string, blobSha: string, size: number, branch: string, commit: GitCommitObject) {
  const links = contentLinks(ctx, filePath, blobSha, branch);
  return {
    content: { name: filePath.split("/").pop() ?? filePath, path: filePath, sha: blobSha, size, type: "file", ...links },
    commit: gitCommit(ctx, commit),
  };
}
