import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { SEED_REPO } from "../seed/world";
import { DEMO_TIMINGS, type ActionsTimings } from "./actions-runner";
import { createAdminHandler } from "./admin";
import { createApiHandler, sendJson, type RecordedResponse } from "./api-handler";
import type { AzureTarget } from "./azure-deployer";
import { Credentials, type AppOptions } from "./credentials";
import type { GitHubFaults } from "./faults";
import { renderHtmlPage } from "./html-view";
import { ApiError } from "./http-kit";
import { RateLimits } from "./rate-limits";
import { mergePull, type MergeMethod } from "./merging";
import { submitReview } from "./pull-requests";
import { DEFAULT_PROTECTION, type BranchProtection } from "./repo-model";
import { StateFile, type EmulatorState } from "./state";
import type { WebhookConfig } from "./webhooks";
import { buildWorld, type World } from "./world";

export type { GitHubFaults } from "./faults";
export type { RecordedResponse } from "./api-handler";

export const DEFAULT_TOKEN = "modelgate-demo-token";
export const DEFAULT_TOKEN_USER = "modelgate-bot";

export interface GitHubEmulatorOptions {
  /** 0 (default in tests) picks a free port. */
  port?: number;
  host?: string;
  /** State directory: the git repository and state.json. Default .data/github-emulator */
  dataDir?: string;
  /** Start from the seed, discarding saved state. */
  reset?: boolean;
  /** Token accepted for the default user; default `modelgate-demo-token`. */
  token?: string;
  /** Login of the default token's user; default `modelgate-bot`. */
  tokenUser?: string;
  /** More accepted tokens: token → login (e.g. a reviewer identity). */
  extraTokens?: Record<string, string>;
  /** Enables the GitHub App path: POST /app/installations/{id}/access_tokens with an RS256 JWT. */
  app?: AppOptions;
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Where the deploy job sends ARM requests; without it, deploy runs fail with "Azure is not configured". */
  azure?: AzureTarget;
  webhook?: WebhookConfig;
  timings?: Partial<ActionsTimings>;
  faults?: GitHubFaults;
  /** Branch protection on the default branch. Default: 1 approving review and a green build_and_validate; not strict; approvals not dismissed on push. */
  branchProtection?: Partial<BranchProtection>;
  /** Logins with access to the repository (review requests to anyone else are refused); default: the seed's and every token's user. */
  collaborators?: string[];
  /** Teams with access to the repository; default: the seed's (`platform-team`, `ai-platform-approvers`). */
  teams?: string[];
  /** GitHub refuses APPROVE/REQUEST_CHANGES by the PR's author; true lifts that (not like GitHub). */
  allowSelfApproval?: boolean;
  /** Deploy with a deployment stack whose actionOnUnmanage deletes removed deployments. */
  deleteOnUnmanage?: boolean;
  /**
   * Seed the workflow's deploy job with a `concurrency:` group (default true), as a careful platform team would;
   * false seeds it without, so deploy runs overlap and Azure answers the conflicts. Applies when the repository
   * is seeded (a fresh data directory or `reset`).
   */
  deployConcurrency?: boolean;
  /** For this long after a push, `mergeable` reads null ("unknown"), as while GitHub computes it. Default 0. */
  mergeabilityDelayMs?: number;
  /** Primary rate limit per token per hour. Default 5000. */
  rateLimit?: number;
  /** Serve HTTPS with this certificate instead of HTTP. */
  tls?: { cert: string; key: string };
  /** Called for every API answer (the OpenAPI conformance test records them). */
  onResponse?: (record: RecordedResponse) => void;
}

export interface GitHubEmulator {
  url: string;
  owner: string;
  repo: string;
  token: string;
  defaultBranch: string;
  dataDir: string;
  close(): Promise<void>;
  /** Back to the seed: repository, pull requests, runs. */
  reset(): Promise<void>;
  setFaults(faults: GitHubFaults): void;
  /** Resolves when no workflow run is executing and every webhook was attempted. */
  idle(): Promise<void>;
  /** A read-only view of the emulator's state (pull requests, runs, deliveries). */
  state(): EmulatorState;
  /** "Directly on GitHub" as another user: submit a review. */
  submitReviewAs(login: string, pullNumber: number, event: "APPROVE" | "REQUEST_CHANGES" | "COMMENT", body?: string): Promise<void>;
  /** Merge as another user. Returns the merge commit sha. */
  mergeAs(login: string, pullNumber: number, method?: MergeMethod): Promise<string>;
  /** Someone else pushes a commit (e.g. a change to the same file on main). Returns the commit sha. */
  pushCommitAs(login: string, input: { branch?: string; path: string; content: string; message?: string }): Promise<string>;
  /** Read a file at a ref straight from the git repository. */
  readFile(filePath: string, ref?: string): Promise<string | null>;
  setDeleteOnUnmanage(on: boolean): void;
}

/** Starts the GitHub emulator: REST API + emulated Actions + webhooks over a real git repository. */
export async function startGitHubEmulator(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const owner = options.owner ?? SEED_REPO.owner;
  const repo = options.repo ?? SEED_REPO.name;
  const defaultBranch = options.defaultBranch ?? SEED_REPO.defaultBranch;
  const dataDir = path.resolve(options.dataDir ?? ".data/github-emulator");
  const token = options.token ?? DEFAULT_TOKEN;
  const credentials = new Credentials({ token, tokenUser: options.tokenUser ?? DEFAULT_TOKEN_USER, extraTokens: options.extraTokens, app: options.app });
  const protection: BranchProtection = { ...DEFAULT_PROTECTION, ...options.branchProtection };
  const rateLimits = new RateLimits(options.rateLimit ?? 5000);
  const stateFile = new StateFile(path.join(dataDir, "state.json"));
  let faults: GitHubFaults = { ...options.faults };
  let world: World | undefined;
  const current = () => world!;

  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }) : http.createServer();
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const baseUrl = `${options.tls ? "https" : "http"}://${host}:${(server.address() as AddressInfo).port}`;
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const newWorld = (fresh: boolean) =>
    buildWorld(
      {
        owner,
        repo,
        defaultBranch,
        dataDir,
        stateFile,
        baseUrl,
        protection,
        timings: { ...DEMO_TIMINGS, ...options.timings },
        credentials,
        rateLimits,
        azure: options.azure,
        webhook: options.webhook,
        allowSelfApproval: options.allowSelfApproval ?? false,
        deleteOnUnmanage: options.deleteOnUnmanage,
        mergeabilityDelayMs: options.mergeabilityDelayMs,
        deployConcurrency: options.deployConcurrency,
        collaborators: options.collaborators,
        teams: options.teams,
      },
      fresh,
    );
  const stopWorld = async () => {
    await world?.runner.stop();
    await world?.webhooks.flush();
    await stateFile.flush();
  };

  const emulator: GitHubEmulator = {
    url: baseUrl,
    owner,
    repo,
    token,
    defaultBranch,
    dataDir,
    close: async () => {
      await closeServer();
      await stopWorld();
    },
    reset: async () => {
      await stopWorld();
      rateLimits.clear();
      world = await newWorld(true);
    },
    setFaults: (f) => {
      faults = { ...f, failNext: f.failNext ? { ...f.failNext } : undefined };
    },
    idle: async () => {
      for (let i = 0; i < 3; i++) {
        await current().runner.idle();
        await current().webhooks.flush();
      }
    },
    state: () => current().model.state,
    submitReviewAs: async (login, n, event, body = "") => {
      const m = current().model;
      await m.exclusive(async () => void submitReview(m, m.pull(n), { event, body, actor: login }));
    },
    mergeAs: async (login, n, method = "merge") => {
      const m = current().model;
      return m.exclusive(() => mergePull(m, m.pull(n), { method, actor: login }));
    },
    pushCommitAs: async (login, input) => {
      const m = current().model;
      return m.exclusive(async () => {
        const branch = input.branch ?? defaultBranch;
        const tip = await m.branchSha(branch);
        const entry = tip ? await m.git.findEntry(tip, input.path) : null;
        const r = await m.commitFile({ branch, path: input.path, content: Buffer.from(input.content), message: input.message ?? `Update ${input.path}`, actor: login, expectedBlobSha: entry?.sha });
        return r.commit.sha;
      });
    },
    readFile: async (filePath, ref = defaultBranch) => {
      const m = current().model;
      const sha = await m.git.resolveCommit(ref);
      const entry = sha ? await m.git.findEntry(sha, filePath) : null;
      return entry?.type === "blob" ? (await m.git.readBlob(entry.sha)).toString("utf8") : null;
    },
    setDeleteOnUnmanage: (on) => {
      current().model.state.settings.deleteOnUnmanage = on;
      void current().model.stateFile.save(current().model.state);
    },
  };

  const handleApi = createApiHandler({ world: current, credentials, rateLimits, faults: () => faults, onResponse: options.onResponse });
  const handleAdmin = createAdminHandler({
    emulator,
    world: current,
    faults: () => faults,
    protection,
    credentials,
    setRateLimitRemaining: (remaining = rateLimits.limit) => {
      rateLimits.setRemaining(credentials.logins(), remaining);
      return remaining;
    },
  });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", baseUrl);
    const work = url.pathname.startsWith("/_emulator/")
      ? handleAdmin(req, res, url)
      : req.method === "GET" && url.pathname.startsWith(`/${owner}/${repo}`)
        ? renderHtmlPage(current().model, url).then((html) => {
            res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
            res.end(html ?? "<h1>Not Found</h1>");
          })
        : handleApi(req, res, url);
    work.catch((e) => {
      console.error("github emulator: request failed:", e);
      if (!res.headersSent) sendJson(res, e instanceof ApiError ? e.status : 500, { message: e instanceof ApiError ? e.message : "Server Error" });
      else res.destroy();
    });
  });
  try {
    world = await newWorld(options.reset ?? false);
  } catch (e) {
    await closeServer();
    throw e;
  }
  return emulator;
}
