import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A person as git records it: name, email and a time. */
export interface GitIdentity {
  name: string;
  email: string;
  date: Date;
}

export interface GitCommitObject {
  sha: string;
  tree: string;
  parents: string[];
  author: GitIdentity;
  committer: GitIdentity;
  message: string;
}

export interface GitTreeEntry {
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  /** Size in bytes for blobs; undefined for trees. */
  size?: number;
  path: string;
}

/** A change to one path for writeTree: new content, an existing blob, or a deletion. */
export type GitTreeChange =
  | { path: string; mode?: string; content: Buffer | string }
  | { path: string; mode?: string; sha: string }
  | { path: string; delete: true };

export type MergeTreeResult = { clean: true; tree: string } | { clean: false; conflicts: string[] };

export class GitCommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "GitCommandError";
  }
}

const SHA_RE = /^[0-9a-f]{40}$/;

/** True when the string looks like a full 40-hex object id. */
export function isFullSha(value: string): boolean {
  return SHA_RE.test(value);
}

function gitDate(date: Date): string {
  return `${Math.floor(date.getTime() / 1000)} +0000`;
}

function parseIdentity(line: string): GitIdentity {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) throw new Error(`unparseable git identity: ${line}`);
  return { name: m[1], email: m[2], date: new Date(Number(m[3]) * 1000) };
}

/**
 * The emulator's git repository: a bare repository driven through git's plumbing commands, so branches,
 * commits, merges and conflicts are real git, not a model of it.
 */
export class GitStore {
  constructor(readonly gitDir: string) {}

  private baseEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
    return {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      GIT_DIR: this.gitDir,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_TERMINAL_PROMPT: "0",
      LC_ALL: "C",
      ...extra,
    };
  }

  /** Runs git and resolves stdout; rejects with GitCommandError on a non-zero exit. */
  run(args: string[], opts: { input?: Buffer | string; env?: Record<string, string>; okCodes?: number[] } = {}): Promise<{ stdout: Buffer; code: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn("git", args, { env: this.baseEnv(opts.env) as NodeJS.ProcessEnv, stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on("data", (d: Buffer) => out.push(d));
      child.stderr!.on("data", (d: Buffer) => err.push(d));
      child.on("error", reject);
      child.on("close", (code) => {
        const stdout = Buffer.concat(out);
        const ok = opts.okCodes ?? [0];
        if (code !== null && ok.includes(code)) resolve({ stdout, code });
        else {
          const stderr = Buffer.concat(err).toString("utf8");
          reject(new GitCommandError(`git ${args[0]} failed (${code}): ${stderr.trim()}`, code, stderr));
        }
      });
      if (opts.input !== undefined && child.stdin) {
        // git may exit before reading all of stdin; the exit code is what matters.
        child.stdin.on("error", () => undefined);
        child.stdin.end(opts.input);
      }
    });
  }

  private async text(args: string[], opts: Parameters<GitStore["run"]>[1] = {}): Promise<string> {
    return (await this.run(args, opts)).stdout.toString("utf8");
  }

  /** Creates the bare repository (no-op if it exists). */
  async init(defaultBranch: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      execFile("git", ["init", "--bare", "--quiet", "-b", defaultBranch, this.gitDir], { env: this.baseEnv({ GIT_DIR: "" }) as NodeJS.ProcessEnv }, (e) =>
        e ? reject(e) : resolve(),
      );
    });
  }

  async writeBlob(content: Buffer | string): Promise<string> {
    return (await this.text(["hash-object", "-w", "--stdin"], { input: content })).trim();
  }

  async readBlob(sha: string): Promise<Buffer> {
    return (await this.run(["cat-file", "blob", sha])).stdout;
  }

  /** The object's type, or null if the object does not exist. */
  async objectType(sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return null;
    const r = await this.run(["cat-file", "-t", sha], { okCodes: [0, 128] });
    return r.code === 0 ? r.stdout.toString("utf8").trim() : null;
  }

  /** Resolves a branch name, full ref or sha to a commit sha; null if it doesn't name a commit. */
  async resolveCommit(refOrSha: string): Promise<string | null> {
    if (!refOrSha || refOrSha.startsWith("-") || refOrSha.includes("..")) return null;
    const candidates = isFullSha(refOrSha) ? [refOrSha] : refOrSha.startsWith("refs/") ? [refOrSha] : [`refs/heads/${refOrSha}`, `refs/tags/${refOrSha}`];
    for (const c of candidates) {
      const r = await this.run(["rev-parse", "--verify", "--quiet", `${c}^{commit}`], { okCodes: [0, 1, 128] });
      if (r.code === 0) return r.stdout.toString("utf8").trim();
    }
    return null;
  }

  /** The sha a ref points to, or null. */
  async readRef(ref: string): Promise<string | null> {
    const r = await this.run(["rev-parse", "--verify", "--quiet", ref], { okCodes: [0, 1, 128] });
    return r.code === 0 ? r.stdout.toString("utf8").trim() : null;
  }

  async listRefs(prefix = "refs/heads/"): Promise<{ ref: string; sha: string }[]> {
    const out = await this.text(["for-each-ref", "--format=%(objectname) %(refname)", prefix]);
    return out
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        const [sha, ref] = l.split(" ");
        return { ref, sha };
      });
  }

  /**
   * Points ref at sha. With expectedOld (a sha, or "" for "must not exist") the update is a compare-and-swap,
   * which is what makes concurrent pushes to the same branch safe.
   */
  async updateRef(ref: string, sha: string, expectedOld?: string): Promise<void> {
    const args = ["update-ref", ref, sha];
    if (expectedOld !== undefined) args.push(expectedOld === "" ? "0".repeat(40) : expectedOld);
    await this.run(args);
  }

  async deleteRef(ref: string): Promise<void> {
    await this.run(["update-ref", "-d", ref]);
  }

  async readCommit(sha: string): Promise<GitCommitObject> {
    const raw = await this.text(["cat-file", "commit", sha]);
    const split = raw.indexOf("\n\n");
    const header = split >= 0 ? raw.slice(0, split) : raw;
    const message = split >= 0 ? raw.slice(split + 2) : "";
    let tree = "";
    const parents: string[] = [];
    let author: GitIdentity | undefined;
    let committer: GitIdentity | undefined;
    for (const line of header.split("\n")) {
      const sp = line.indexOf(" ");
      const key = line.slice(0, sp);
      const value = line.slice(sp + 1);
      if (key === "tree") tree = value;
      else if (key === "parent") parents.push(value);
      else if (key === "author") author = parseIdentity(value);
      else if (key === "committer") committer = parseIdentity(value);
    }
    if (!author || !committer) throw new Error(`commit ${sha} has no author/committer`);
    return { sha, tree, parents, author, committer, message: message.replace(/\n$/, "") };
  }

  /** Entries of a tree (or the tree of a commit); recursive lists nested trees and their contents. */
  async readTree(treeish: string, recursive = false): Promise<GitTreeEntry[]> {
    const args = ["ls-tree", "-l", "-z", "--full-tree"];
    if (recursive) args.push("-r", "-t");
    args.push(treeish);
    const out = await this.text(args);
    return out
      .split("\0")
      .filter(Boolean)
      .map((rec) => {
        const tab = rec.indexOf("\t");
        const [mode, type, sha, size] = rec.slice(0, tab).split(/\s+/);
        return { mode, type: type as GitTreeEntry["type"], sha, size: size === "-" ? undefined : Number(size), path: rec.slice(tab + 1) };
      });
  }

  /** Finds one path in a commit's tree. */
  async findEntry(commitSha: string, filePath: string): Promise<GitTreeEntry | null> {
    const clean = filePath.replace(/^\/+|\/+$/g, "");
    if (!clean) return null;
    const out = await this.text(["ls-tree", "-l", "-z", "--full-tree", commitSha, "--", clean]);
    const rec = out.split("\0").find(Boolean);
    if (!rec) return null;
    const tab = rec.indexOf("\t");
    const [mode, type, sha, size] = rec.slice(0, tab).split(/\s+/);
    const p = rec.slice(tab + 1);
    if (p !== clean) return null;
    return { mode, type: type as GitTreeEntry["type"], sha, size: size === "-" ? undefined : Number(size), path: p };
  }

  /** Writes a new tree: baseTree (or empty) with the changes applied; nested paths are handled by a scratch index. */
  async writeTree(baseTree: string | null, changes: GitTreeChange[]): Promise<string> {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "gh-emu-index-"));
    const env = { GIT_INDEX_FILE: path.join(tmp, "index") };
    try {
      if (baseTree) await this.run(["read-tree", baseTree], { env });
      else await this.run(["read-tree", "--empty"], { env });
      for (const change of changes) {
        if ("delete" in change) {
          await this.run(["update-index", "--force-remove", "--", change.path], { env });
          continue;
        }
        const sha = "content" in change ? await this.writeBlob(change.content) : change.sha;
        await this.run(["update-index", "--add", "--cacheinfo", `${change.mode ?? "100644"},${sha},${change.path}`], { env });
      }
      return (await this.text(["write-tree"], { env })).trim();
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  async writeCommit(input: { tree: string; parents: string[]; message: string; author: GitIdentity; committer?: GitIdentity }): Promise<string> {
    const committer = input.committer ?? input.author;
    const args = ["commit-tree", input.tree];
    for (const p of input.parents) args.push("-p", p);
    const env = {
      GIT_AUTHOR_NAME: input.author.name,
      GIT_AUTHOR_EMAIL: input.author.email,
      GIT_AUTHOR_DATE: gitDate(input.author.date),
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: gitDate(committer.date),
    };
    const message = input.message.endsWith("\n") ? input.message : `${input.message}\n`;
    return (await this.text([...args, "-F", "-"], { env, input: message })).trim();
  }

  /** Three-way merge of two commits without a work tree (git ≥ 2.38): the merged tree, or the conflicting paths. */
  async mergeTree(ours: string, theirs: string): Promise<MergeTreeResult> {
    const r = await this.run(["merge-tree", "--write-tree", "--name-only", "--no-messages", "-z", ours, theirs], { okCodes: [0, 1] });
    const parts = r.stdout.toString("utf8").split("\0").filter(Boolean);
    if (r.code === 0) return { clean: true, tree: parts[0].trim() };
    return { clean: false, conflicts: parts.slice(1).map((p) => p.trim()) };
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const r = await this.run(["merge-base", "--is-ancestor", ancestor, descendant], { okCodes: [0, 1] });
    return r.code === 0;
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const r = await this.run(["merge-base", a, b], { okCodes: [0, 1] });
    return r.code === 0 ? r.stdout.toString("utf8").trim() : null;
  }

  /** Commits reachable from head but not from base, oldest first. */
  async listCommitsBetween(base: string, head: string): Promise<string[]> {
    const out = await this.text(["rev-list", "--reverse", `${base}..${head}`]);
    return out.split("\n").filter(Boolean);
  }

  /** Paths that differ between two commits (or trees). */
  async changedPaths(from: string | null, to: string): Promise<string[]> {
    const args = from ? ["diff-tree", "-r", "--name-only", "-z", "--no-commit-id", from, to] : ["ls-tree", "-r", "--name-only", "-z", to];
    const out = await this.text(args);
    return out.split("\0").filter(Boolean);
  }

  /** What a commit (or a range) did to each path, as a push webhook lists it. */
  async pathChanges(from: string | null, to: string): Promise<{ added: string[]; removed: string[]; modified: string[] }> {
    const result = { added: [] as string[], removed: [] as string[], modified: [] as string[] };
    if (!from) return { ...result, added: await this.changedPaths(null, to) };
    const parts = (await this.text(["diff-tree", "-r", "--name-status", "-z", "--no-commit-id", from, to])).split("\0").filter(Boolean);
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const kind = parts[i][0];
      (kind === "A" ? result.added : kind === "D" ? result.removed : result.modified).push(parts[i + 1]);
    }
    return result;
  }

  /** Added/deleted line counts and changed files between two commits, as on a PR. */
  async diffStat(from: string, to: string): Promise<{ additions: number; deletions: number; changedFiles: number }> {
    const out = await this.text(["diff-tree", "-r", "--numstat", "--no-commit-id", from, to]);
    let additions = 0;
    let deletions = 0;
    let changedFiles = 0;
    for (const line of out.split("\n").filter(Boolean)) {
      const [a, d] = line.split("\t");
      additions += Number(a) || 0;
      deletions += Number(d) || 0;
      changedFiles += 1;
    }
    return { additions, deletions, changedFiles };
  }
}
