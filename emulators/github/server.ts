import { createPublicKey, randomBytes, verify as verifySignature, type KeyObject } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ActionsRunner, DEMO_TIMINGS, type ActionsTimings } from "./actions-runner";
import type { AzureTarget } from "./azure-deployer";
import { GitStore } from "./git-store";
import { ApiError, Router, type ApiResponse } from "./http-kit";
import { RepoModel, type BranchProtection, type MergeMethod } from "./repo-model";
import { createRoutes } from "./routes";
import { seedRepository } from "./seed";
import * as shapes from "./shapes";
import { createInitialState, StateFile, type EmulatorState, type WebhookDeliveryState } from "./state";
import { checkRunPayload, pullRequestPayload, pullRequestReviewPayload, workflowRunPayload } from "./webhook-payloads";
import { WebhookSender, type WebhookConfig } from "./webhooks";
import { SEED_REPO } from "../seed/world";
import { createHash } from "node:crypto";
import { renderHtmlPage } from "./html-view";

export const DEFAULT_TOKEN = "modelgate-demo-token";
export const DEFAULT_TOKEN_USER = "modelgate-bot";

/** Fault switches: latency, a share of 5xx answers, secondary rate limits. */
export interface GitHubFaults {
  /** Added to every API answer. */
  latencyMs?: number;
  /** Share (0..1) of API requests answered 502/503. */
  errorRate?: number;
  /** Share (0..1) of API requests answered with a secondary rate limit (403 or 429 + retry-after). */
  secondaryRateLimitRate?: number;
  secondaryRateLimitStatus?: 403 | 429;
  retryAfterSeconds?: number;
  /** The next `count` API requests fail with `status` (deterministic; for tests). */
  failNext?: { count: number; status: number; retryAfterSeconds?: number };
}

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
  app?: { appId: number | string; privateKey: string; installationId: number | string; slug?: string };
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Where the deploy job sends ARM requests; without it, deploy runs fail with "Azure is not configured". */
  azure?: AzureTarget;
  webhook?: WebhookConfig;
  timings?: Partial<ActionsTimings>;
  faults?: GitHubFaults;
  /** Branch protection on the default branch. Default: 1 approving review and a green build_and_validate. */
  branchProtection?: Partial<BranchProtection>;
  /** GitHub refuses APPROVE/REQUEST_CHANGES by the PR's author; true lifts that (not like GitHub). */
  allowSelfApproval?: boolean;
  /** Deploy with a deployment stack whose actionOnUnmanage deletes removed deployments. */
  deleteOnUnmanage?: boolean;
  /** For this long after a push, `mergeable` reads null ("unknown"), as while GitHub computes it. Default 0. */
  mergeabilityDelayMs?: number;
  /** Primary rate limit per token per hour. Default 5000. */
  rateLimit?: number;
  /** Serve HTTPS with this certificate instead of HTTP. */
  tls?: { cert: string; key: string };
  /** Called for every API answer (the OpenAPI conformance test records them). */
  onResponse?: (record: RecordedResponse) => void;
}

export interface RecordedResponse {
  operationId: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
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

interface World {
  model: RepoModel;
  runner: ActionsRunner;
  router: Router;
  webhooks: WebhookSender;
}

const WORKFLOW_ID = 161_335;

function requestId(): string {
  const h = randomBytes(10).toString("hex").toUpperCase();
  return `${h.slice(0, 4)}:${h.slice(4, 10)}:${h.slice(10, 16)}:${h.slice(16, 20)}`;
}

function etagOf(json: string): string {
  return `W/"${createHash("sha256").update(json).digest("hex").slice(0, 64)}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || strip(t) === strip(etag));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 50 * 1024 * 1024) reject(new ApiError(413, "Request body too large"));
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function verifyAppJwt(jwt: string, appId: string, key: KeyObject): boolean {
  const parts = jwt.split(".");
  if (parts.length !== 3) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as { alg?: string };
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { iss?: unknown; exp?: number; iat?: number };
    if (header.alg !== "RS256" || String(payload.iss) !== appId) return false;
    const now = Date.now() / 1000;
    if (typeof payload.exp !== "number" || payload.exp < now || typeof payload.iat !== "number" || payload.iat > now + 60) return false;
    if (payload.exp - payload.iat > 600 + 60) return false;
    return verifySignature("RSA-SHA256", Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], "base64url"));
  } catch {
    return false;
  }
}

/** Starts the GitHub emulator: REST API + emulated Actions + webhooks over a real git repository. */
export async function startGitHubEmulator(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const owner = options.owner ?? SEED_REPO.owner;
  const repo = options.repo ?? SEED_REPO.name;
  const defaultBranch = options.defaultBranch ?? SEED_REPO.defaultBranch;
  const dataDir = path.resolve(options.dataDir ?? ".data/github-emulator");
  const token = options.token ?? DEFAULT_TOKEN;
  const tokens = new Map<string, string>([[token, options.tokenUser ?? DEFAULT_TOKEN_USER], ...Object.entries(options.extraTokens ?? {})]);
  const timings: ActionsTimings = { ...DEMO_TIMINGS, ...options.timings };
  const protection: BranchProtection = { requiredApprovals: 1, requiredChecks: ["build_and_validate"], ...options.branchProtection };
  let faults: GitHubFaults = { ...options.faults };
  const rateLimit = options.rateLimit ?? 5000;
  const buckets = new Map<string, { used: number; reset: number }>();
  const app = options.app
    ? { appId: String(options.app.appId), installationId: String(options.app.installationId), key: createPublicKey(options.app.privateKey), login: `${options.app.slug ?? "modelgate"}[bot]` }
    : undefined;

  const gitDir = path.join(dataDir, "repo.git");
  const stateFile = new StateFile(path.join(dataDir, "state.json"));
  let world: World | undefined;
  let baseUrl = "";

  const bucketFor = (login: string) => {
    const now = Math.floor(Date.now() / 1000);
    let b = buckets.get(login);
    if (!b || b.reset <= now) {
      b = { used: 0, reset: now + 3600 };
      buckets.set(login, b);
    }
    return b;
  };
  const rateLimitFor = (login: string) => {
    const b = bucketFor(login);
    return { limit: rateLimit, used: b.used, remaining: Math.max(rateLimit - b.used, 0), reset: b.reset };
  };

  const buildWorld = async (fresh: boolean): Promise<World> => {
    await mkdir(dataDir, { recursive: true });
    const git = new GitStore(gitDir);
    let state = fresh ? null : await stateFile.load();
    if (fresh || !state || !existsSync(path.join(gitDir, "HEAD"))) {
      await rm(gitDir, { recursive: true, force: true });
      await seedRepository(git, defaultBranch);
      state = createInitialState(new Date());
      state.settings.deleteOnUnmanage = options.deleteOnUnmanage ?? false;
      await stateFile.save(state);
    } else if (options.deleteOnUnmanage !== undefined) {
      state.settings.deleteOnUnmanage = options.deleteOnUnmanage;
    }
    const ctx: shapes.ShapeContext = {
      apiUrl: baseUrl,
      htmlUrl: baseUrl,
      owner,
      repo,
      repoId: shapes.userId(`repo:${owner}/${repo}`),
      ownerId: shapes.userId(owner),
      defaultBranch,
      createdAt: "2025-02-10T07:00:00Z",
      pushedAt: state.createdAt.replace(/\.\d{3}Z$/, "Z"),
    };
    const model = new RepoModel(git, stateFile, state, ctx, protection, { allowSelfApproval: options.allowSelfApproval ?? false, clock: () => new Date(), mergeabilityDelayMs: options.mergeabilityDelayMs });
    const record = (d: WebhookDeliveryState) => {
      model.state.deliveries.push(d);
      if (model.state.deliveries.length > 200) model.state.deliveries.splice(0, model.state.deliveries.length - 200);
    };
    const webhooks = new WebhookSender(options.webhook, record);
    const installationId = app ? Number(app.installationId) : undefined;
    // Payloads are built when the event happens (state as of then), then delivered in order.
    const queue = (event: string, build: () => Promise<Record<string, unknown>> | Record<string, unknown>) => {
      if (!webhooks.enabled) return;
      Promise.resolve(build()).then(
        (payload) => webhooks.send(event, payload),
        (e) => console.error(`github emulator: cannot build ${event} webhook:`, e),
      );
    };
    const runner = new ActionsRunner(model, {
      azure: options.azure,
      timings,
      workflowId: WORKFLOW_ID,
      events: {
        checkRun: (action, cr) => queue("check_run", () => checkRunPayload(model, action, cr, installationId)),
        workflowRun: (action, run) => queue("workflow_run", () => workflowRunPayload(model, action, run, WORKFLOW_ID, installationId)),
      },
    });
    const previousHeads = new Map<number, string>(state.pulls.map((p) => [p.number, p.headSha]));
    model.listeners.push(runner, {
      pullRequest: (action, pull, actor) => {
        const before = pull.headSha;
        queue("pull_request", () => pullRequestPayload(model, action, { ...pull }, actor, installationId, action === "synchronize" ? { before: previousHeads.get(pull.number) ?? before, after: pull.headSha } : {}));
        previousHeads.set(pull.number, pull.headSha);
      },
      review: (review, pull, actor) => queue("pull_request_review", () => pullRequestReviewPayload(model, review, { ...pull }, actor, installationId)),
    });
    const router = new Router(
      createRoutes({
        model,
        workflowId: WORKFLOW_ID,
        rateLimitFor,
        createInstallationToken: app
          ? async (req) => {
              if (req.params.installation_id !== app.installationId) throw new ApiError(404, "Not Found", "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app");
              const issued = { token: `ghs_${randomBytes(18).toString("base64url")}`, expiresAt: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z") };
              await model.exclusive(async () => {
                model.state.installationTokens = model.state.installationTokens.filter((t) => Date.parse(t.expiresAt) > Date.now());
                model.state.installationTokens.push(issued);
              });
              return {
                status: 201,
                body: {
                  token: issued.token,
                  expires_at: issued.expiresAt,
                  permissions: { actions: "read", checks: "read", contents: "write", issues: "write", metadata: "read", pull_requests: "write", statuses: "read" },
                  repository_selection: "selected",
                },
              };
            }
          : undefined,
      }),
    );
    runner.resume();
    return { model, runner, router, webhooks };
  };

  const loginForToken = (raw: string): string | null => {
    const fixed = tokens.get(raw);
    if (fixed) return fixed;
    if (app && world?.model.state.installationTokens.some((t) => t.token === raw && Date.parse(t.expiresAt) > Date.now())) return app.login;
    return null;
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>) => {
    const json = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, {
      ...(json ? { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(json)) } : {}),
      ...headers,
    });
    res.end(json);
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const w = world!;
    const reqId = requestId();
    const headers: Record<string, string> = {
      "x-github-request-id": reqId,
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
      "access-control-allow-origin": "*",
      "access-control-expose-headers":
        "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset",
    };
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    if (faults.latencyMs) await sleep(faults.latencyMs);

    const match = w.router.match(method, url.pathname);
    const operationId = "route" in match ? (match.route.operationId ?? "") : "";
    const reply = (r: ApiResponse) => {
      send(res, r.status, r.body, { ...headers, ...r.headers });
      if (operationId) options.onResponse?.({ operationId, method, path: url.pathname, status: r.status, body: r.body });
    };
    if (!("route" in match)) return reply(new ApiError(404, "Not Found").toResponse());

    // Authentication: "token X" or "Bearer X"; app routes take the App's JWT instead.
    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    let login = "";
    if (match.route.auth === "app-jwt") {
      if (!app || !auth || !verifyAppJwt(auth, app.appId, app.key)) {
        return reply(new ApiError(401, "A JSON web token could not be decoded", "https://docs.github.com/rest").toResponse());
      }
    } else {
      if (!auth) return reply(new ApiError(401, "Requires authentication", "https://docs.github.com/rest").toResponse());
      const who = loginForToken(auth);
      if (!who) return reply(new ApiError(401, "Bad credentials", "https://docs.github.com/rest").toResponse());
      login = who;
    }

    // Faults come after authentication, like GitHub's front end.
    const secondary = (status: number, retryAfter: number) => {
      headers["retry-after"] = String(retryAfter);
      return reply(
        new ApiError(
          status,
          `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${reqId}.`,
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        ).toResponse(),
      );
    };
    if (faults.failNext && faults.failNext.count > 0) {
      const f = faults.failNext;
      f.count -= 1;
      if (f.status === 403 || f.status === 429) return secondary(f.status, f.retryAfterSeconds ?? 1);
      return reply(new ApiError(f.status, f.status === 502 ? "Server Error" : "Service Unavailable").toResponse());
    }
    if (faults.secondaryRateLimitRate && Math.random() < faults.secondaryRateLimitRate) {
      return secondary(faults.secondaryRateLimitStatus ?? 403, faults.retryAfterSeconds ?? 1);
    }
    if (faults.errorRate && Math.random() < faults.errorRate) {
      return reply(new ApiError(Math.random() < 0.5 ? 502 : 503, "Server Error").toResponse());
    }

    const counts = login !== "" && match.route.path !== "/rate_limit";
    if (login) {
      const rl = rateLimitFor(login);
      Object.assign(headers, {
        "x-ratelimit-limit": String(rl.limit),
        "x-ratelimit-remaining": String(rl.remaining),
        "x-ratelimit-reset": String(rl.reset),
        "x-ratelimit-used": String(rl.used),
        "x-ratelimit-resource": "core",
      });
      if (counts && rl.remaining <= 0) {
        return reply(
          new ApiError(403, `API rate limit exceeded for user ID ${shapes.userId(login)}. If you reach out to GitHub Support for help, please include the request ID ${reqId}.`, "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit").toResponse(),
        );
      }
    }
    const charge = () => {
      if (!counts) return;
      const b = bucketFor(login);
      b.used += 1;
      headers["x-ratelimit-used"] = String(b.used);
      headers["x-ratelimit-remaining"] = String(Math.max(rateLimit - b.used, 0));
    };

    let body: unknown = undefined;
    if (raw.trim()) {
      try {
        body = JSON.parse(raw);
      } catch {
        charge();
        return reply(new ApiError(400, "Problems parsing JSON", "https://docs.github.com/rest").toResponse());
      }
    }
    let result: ApiResponse;
    try {
      result = await match.route.handler({ method, path: url.pathname, params: match.params, query: url.searchParams, body, headers: req.headers, login });
    } catch (e) {
      if (e instanceof ApiError) result = e.toResponse();
      else {
        console.error("github emulator: handler failed:", e);
        result = new ApiError(500, "Server Error").toResponse();
      }
    }
    if (method === "GET" && result.status === 200) {
      const etag = etagOf(JSON.stringify(result.body));
      headers.etag = etag;
      headers["cache-control"] = "private, max-age=60, s-maxage=60";
      headers.vary = "Accept, Authorization, Cookie, X-GitHub-OTP";
      // A conditional request answered 304 doesn't count against the rate limit.
      if (etagMatches(req.headers["if-none-match"], etag)) {
        res.writeHead(304, { ...headers, ...result.headers });
        res.end();
        return;
      }
    }
    charge();
    reply(result);
  };

  const emulator: GitHubEmulator = {
    url: "",
    owner,
    repo,
    token,
    defaultBranch,
    dataDir,
    close: async () => {
      await closeServer();
      await world?.runner.stop();
      await world?.webhooks.flush();
      await stateFile.flush();
    },
    reset: async () => {
      await world?.runner.stop();
      await world?.webhooks.flush();
      await stateFile.flush();
      buckets.clear();
      world = await buildWorld(true);
    },
    setFaults: (f) => {
      faults = { ...f, failNext: f.failNext ? { ...f.failNext } : undefined };
    },
    idle: async () => {
      for (let i = 0; i < 3; i++) {
        await world!.runner.idle();
        await world!.webhooks.flush();
      }
    },
    state: () => world!.model.state,
    submitReviewAs: async (login, n, event, body = "") => {
      const m = world!.model;
      await m.exclusive(async () => void m.submitReview(m.pull(n), { event, body, actor: login }));
    },
    mergeAs: async (login, n, method = "merge") => {
      const m = world!.model;
      return m.exclusive(() => m.mergePull(m.pull(n), { method, actor: login }));
    },
    pushCommitAs: async (login, input) => {
      const m = world!.model;
      return m.exclusive(async () => {
        const branch = input.branch ?? defaultBranch;
        const tip = await m.branchSha(branch);
        const entry = tip ? await m.git.findEntry(tip, input.path) : null;
        const r = await m.commitFile({
          branch,
          path: input.path,
          content: Buffer.from(input.content),
          message: input.message ?? `Update ${input.path}`,
          actor: login,
          expectedBlobSha: entry?.sha,
        });
        return r.commit.sha;
      });
    },
    readFile: async (filePath, ref = defaultBranch) => {
      const m = world!.model;
      const sha = await m.git.resolveCommit(ref);
      const entry = sha ? await m.git.findEntry(sha, filePath) : null;
      return entry?.type === "blob" ? (await m.git.readBlob(entry.sha)).toString("utf8") : null;
    },
    setDeleteOnUnmanage: (on) => {
      world!.model.state.settings.deleteOnUnmanage = on;
      void world!.model.stateFile.save(world!.model.state);
    },
  };

  const handleAdmin = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw.trim() ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(res, 400, { message: "Problems parsing JSON" }, {});
    }
    const m = world!.model;
    const p = url.pathname.replace(/^\/_emulator/, "");
    const method = req.method ?? "GET";
    const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : undefined);
    const pullMatch = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/(reviews|merge|close)$/.exec(p);
    try {
      if (method === "GET" && p === "/health") return send(res, 200, { ok: true, repo: `${owner}/${repo}`, url: emulator.url }, {});
      if (method === "POST" && p === "/reset") {
        await emulator.reset();
        return send(res, 200, { ok: true, main: await world!.model.branchSha(defaultBranch) }, {});
      }
      if (method === "GET" && p === "/state") return send(res, 200, { ...m.state, faults, protection }, {});
      if (method === "POST" && p === "/idle") {
        await emulator.idle();
        return send(res, 200, { ok: true }, {});
      }
      if (method === "POST" && p === "/faults") {
        emulator.setFaults(body as GitHubFaults);
        return send(res, 200, faults, {});
      }
      if (method === "POST" && p === "/settings") {
        if (typeof body.deleteOnUnmanage === "boolean") emulator.setDeleteOnUnmanage(body.deleteOnUnmanage);
        if (typeof body.requiredApprovals === "number") protection.requiredApprovals = body.requiredApprovals;
        if (Array.isArray(body.requiredChecks)) protection.requiredChecks = body.requiredChecks.filter((x): x is string => typeof x === "string");
        return send(res, 200, { deleteOnUnmanage: m.state.settings.deleteOnUnmanage, ...protection }, {});
      }
      if (method === "POST" && p === "/rate-limit") {
        const remaining = typeof body.remaining === "number" ? body.remaining : rateLimit;
        for (const login of new Set([...tokens.values(), ...(app ? [app.login] : [])])) bucketFor(login).used = Math.max(rateLimit - remaining, 0);
        return send(res, 200, { remaining }, {});
      }
      if (method === "GET" && p === "/webhook-deliveries") return send(res, 200, m.state.deliveries, {});
      const logMatch = /^\/runs\/(\d+)\/logs$/.exec(p);
      if (method === "GET" && logMatch) {
        const run = m.state.workflowRuns.find((r) => r.id === Number(logMatch[1]));
        if (!run) return send(res, 404, { message: "Not Found" }, {});
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
        return res.end(run.log.join("\n") + "\n");
      }
      if (method === "POST" && pullMatch) {
        const n = Number(pullMatch[1]);
        const user = str("user") ?? "platform-approver";
        if (pullMatch[2] === "reviews") {
          await emulator.submitReviewAs(user, n, (str("event") ?? "APPROVE") as "APPROVE", str("body") ?? "");
          return send(res, 201, { ok: true }, {});
        }
        if (pullMatch[2] === "merge") {
          const sha = await emulator.mergeAs(user, n, (str("merge_method") ?? "merge") as MergeMethod);
          return send(res, 200, { merged: true, sha }, {});
        }
        await m.exclusive(async () => {
          const pull = m.pull(n);
          if (str("comment")) m.addComment(n, str("comment")!, user);
          await m.updatePull(pull, { state: "closed" }, user);
        });
        return send(res, 200, { ok: true }, {});
      }
      if (method === "POST" && /^\/repos\/[^/]+\/[^/]+\/commits$/.test(p)) {
        const filePath = str("path");
        if (!filePath) return send(res, 422, { message: "path is required" }, {});
        let content = str("content");
        const replace = body.replace as { search?: string; with?: string } | undefined;
        if (content === undefined && replace?.search !== undefined) {
          const current = await emulator.readFile(filePath, str("branch") ?? defaultBranch);
          if (current === null || !current.includes(replace.search)) return send(res, 422, { message: `"${replace.search}" not found in ${filePath}` }, {});
          content = current.replace(replace.search, replace.with ?? "");
        }
        if (content === undefined) return send(res, 422, { message: "content or replace {search, with} is required" }, {});
        const sha = await emulator.pushCommitAs(str("user") ?? "octo-admin", { branch: str("branch"), path: filePath, content, message: str("message") });
        return send(res, 201, { sha }, {});
      }
      return send(res, 404, { message: "Not Found" }, {});
    } catch (e) {
      if (e instanceof ApiError) return send(res, e.status, e.toResponse().body, {});
      throw e;
    }
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", baseUrl || "http://127.0.0.1");
    const work = url.pathname.startsWith("/_emulator/")
      ? handleAdmin(req, res, url)
      : req.method === "GET" && url.pathname.startsWith(`/${owner}/${repo}`)
        ? renderHtmlPage(world!.model, url).then((html) => {
            res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
            res.end(html ?? "<h1>Not Found</h1>");
          })
        : handleApi(req, res, url);
    work.catch((e) => {
      console.error("github emulator: request failed:", e);
      if (!res.headersSent) send(res, e instanceof ApiError ? e.status : 500, { message: e instanceof ApiError ? e.message : "Server Error" }, {});
      else res.destroy();
    });
  };

  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener) : http.createServer(listener);
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `${options.tls ? "https" : "http"}://${host}:${port}`;
  emulator.url = baseUrl;
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  try {
    world = await buildWorld(options.reset ?? false);
  } catch (e) {
    await closeServer();
    throw e;
  }
  return emulator;
}
