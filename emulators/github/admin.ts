import type http from "node:http";
import { readBody, Router } from "../shared/http-router";
import { sendJson } from "./api-handler";
import type { GitHubFaults } from "./faults";
import { ApiError } from "./http-kit";
import type { Credentials } from "./credentials";
import type { MergeMethod } from "./merging";
import { parsePermissions } from "./permissions";
import type { BranchProtection } from "./repo-model";
import { addComment, updatePull } from "./pull-requests";
import type { World } from "./world";
import type { GitHubEmulator } from "./server";

/** What the admin routes act on: the emulator's handle and the switches it doesn't keep in the world. */
export interface AdminDeps {
  emulator: GitHubEmulator;
  world: () => World;
  faults: () => GitHubFaults;
  protection: BranchProtection;
  credentials: Credentials;
  setRateLimitRemaining: (remaining: number | undefined) => number;
}

type Body = Record<string, unknown>;
interface AdminAnswer {
  status: number;
  body?: unknown;
  text?: string;
}
type AdminHandler = (body: Body, params: Record<string, string>) => Promise<AdminAnswer>;

const stringList = (v: unknown[]) => v.filter((x): x is string => typeof x === "string");
const okAnswer = (body: unknown, status = 200): AdminAnswer => ({ status, body });
const str = (body: Body, k: string) => (typeof body[k] === "string" ? (body[k] as string) : undefined);

/**
 * `/_emulator/…`: acting "directly on GitHub" as other users (review, merge, close, push), switches (faults, rate
 * limit, branch protection, deployment stack) and inspection (state, deliveries, run logs). No auth, loopback only.
 */
export function createAdminHandler(deps: AdminDeps) {
  const { emulator } = deps;
  const model = () => deps.world().model;
  const router = new Router<AdminHandler>()
    .on("GET", "/health", async () => okAnswer({ ok: true, repo: `${emulator.owner}/${emulator.repo}`, url: emulator.url }))
    .on("POST", "/reset", async () => {
      await emulator.reset();
      return okAnswer({ ok: true, main: await model().branchSha(emulator.defaultBranch) });
    })
    .on("GET", "/state", async () => okAnswer({ ...model().state, faults: deps.faults(), protection: deps.protection }))
    .on("POST", "/idle", async () => {
      await emulator.idle();
      return okAnswer({ ok: true });
    })
    .on("POST", "/faults", async (body) => {
      emulator.setFaults(body as GitHubFaults);
      return okAnswer(deps.faults());
    })
    .on("POST", "/settings", async (body) => {
      if (typeof body.deleteOnUnmanage === "boolean") emulator.setDeleteOnUnmanage(body.deleteOnUnmanage);
      if (typeof body.requiredApprovals === "number") deps.protection.requiredApprovals = body.requiredApprovals;
      if (Array.isArray(body.requiredChecks)) deps.protection.requiredChecks = stringList(body.requiredChecks);
      if (typeof body.requireUpToDate === "boolean") deps.protection.requireUpToDate = body.requireUpToDate;
      if (typeof body.dismissStaleReviews === "boolean") deps.protection.dismissStaleReviews = body.dismissStaleReviews;
      if (body.appPermissions !== undefined) {
        // A string overrides the defaults (`pull_requests=read`); an object is the whole set.
        const p = body.appPermissions;
        const text = typeof p === "string" ? p : p && typeof p === "object" ? Object.entries(p).map(([k, v]) => `${k}=${String(v)}`).join(",") : "?";
        try {
          deps.credentials.installationPermissions = parsePermissions(text, typeof p === "string" ? undefined : {});
        } catch (e) {
          return okAnswer({ message: `appPermissions: ${(e as Error).message}` }, 422);
        }
      }
      const settings = model().state.settings;
      if (Array.isArray(body.collaborators)) settings.collaborators = stringList(body.collaborators);
      if (Array.isArray(body.teams)) settings.teams = stringList(body.teams);
      await model().stateFile.save(model().state);
      return okAnswer({ ...settings, ...deps.protection, appPermissions: deps.credentials.installationPermissions });
    })
    .on("POST", "/rate-limit", async (body) => okAnswer({ remaining: deps.setRateLimitRemaining(typeof body.remaining === "number" ? body.remaining : undefined) }))
    .on("GET", "/webhook-deliveries", async () => okAnswer(model().state.deliveries))
    .on("GET", "/runs/:id/logs", async (_body, params) => {
      const run = model().state.workflowRuns.find((r) => r.id === Number(params.id));
      if (!run) return okAnswer({ message: "Not Found" }, 404);
      const jobs = model().state.checkRuns.filter((c) => c.workflowRunId === run.id).sort((a, b) => a.id - b.id);
      return { status: 200, text: [...run.log, ...jobs.flatMap((j) => [`=== ${j.name}`, ...(j.log ?? [])])].join("\n") + "\n" };
    })
    .on("GET", "/jobs/:id/logs", async (_body, params) => {
      const job = model().state.checkRuns.find((c) => c.id === Number(params.id));
      return job ? { status: 200, text: (job.log ?? []).join("\n") + "\n" } : okAnswer({ message: "Not Found" }, 404);
    })
    .on("POST", "/repos/:owner/:repo/pulls/:number/reviews", async (body, params) => {
      await emulator.submitReviewAs(str(body, "user") ?? "platform-approver", Number(params.number), (str(body, "event") ?? "APPROVE") as "APPROVE", str(body, "body") ?? "");
      return okAnswer({ ok: true }, 201);
    })
    .on("POST", "/repos/:owner/:repo/pulls/:number/merge", async (body, params) => {
      const sha = await emulator.mergeAs(str(body, "user") ?? "platform-approver", Number(params.number), (str(body, "merge_method") ?? "merge") as MergeMethod);
      return okAnswer({ merged: true, sha });
    })
    .on("POST", "/repos/:owner/:repo/pulls/:number/close", async (body, params) => {
      const m = model();
      const user = str(body, "user") ?? "platform-approver";
      await m.exclusive(async () => {
        const pull = m.pull(Number(params.number));
        const comment = str(body, "comment");
        if (comment) addComment(m, pull.number, comment, user);
        await updatePull(m, pull, { state: "closed" }, user);
      });
      return okAnswer({ ok: true });
    })
    .on("POST", "/repos/:owner/:repo/commits", pushCommit(emulator));

  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const raw = (await readBody(req, 50 * 1024 * 1024)).toString("utf8");
    let body: Body = {};
    try {
      body = raw.trim() ? (JSON.parse(raw) as Body) : {};
    } catch {
      return sendJson(res, 400, { message: "Problems parsing JSON" });
    }
    const match = router.match(req.method ?? "GET", url.pathname.replace(/^\/_emulator/, ""));
    if (!match || !("handler" in match)) return sendJson(res, 404, { message: "Not Found" });
    try {
      const answer = await match.handler(body, match.params);
      if (answer.text !== undefined) {
        res.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8" });
        res.end(answer.text);
      } else sendJson(res, answer.status, answer.body);
    } catch (e) {
      if (e instanceof ApiError) return sendJson(res, e.status, e.toResponse().body);
      throw e;
    }
  };
}

/** Someone pushes a commit: whole `content`, or `replace: {search, with}` on the file's current text. */
function pushCommit(emulator: GitHubEmulator): AdminHandler {
  return async (body) => {
    const filePath = str(body, "path");
    if (!filePath) return okAnswer({ message: "path is required" }, 422);
    let content = str(body, "content");
    const replace = body.replace as { search?: string; with?: string } | undefined;
    if (content === undefined && replace?.search !== undefined) {
      const current = await emulator.readFile(filePath, str(body, "branch") ?? emulator.defaultBranch);
      if (current === null || !current.includes(replace.search)) return okAnswer({ message: `"${replace.search}" not found in ${filePath}` }, 422);
      content = current.replace(replace.search, replace.with ?? "");
    }
    if (content === undefined) return okAnswer({ message: "content or replace {search, with} is required" }, 422);
    const sha = await emulator.pushCommitAs(str(body, "user") ?? "octo-admin", { branch: str(body, "branch"), path: filePath, content, message: str(body, "message") });
    return okAnswer({ sha }, 201);
  };
}
