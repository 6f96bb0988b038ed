/**
 * Every answer the GitHub emulator gives, for every endpoint it serves, validated against GitHub's official
 * OpenAPI description (@octokit/openapi, api.github.com) with ajv — error bodies included; every step's status is
 * asserted. Every webhook it sends is validated against @octokit/webhooks-schemas or the description's x-webhooks.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { verify } from "@octokit/webhooks-methods";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_ACCOUNTS } from "../seed/world";
import { REQUIRED_PERMISSIONS } from "./permissions";
import { startGitHubEmulator, type GitHubEmulator, type RecordedResponse } from "./server";

type Json = Record<string, unknown>;
const spec = JSON.parse(readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.json"), "utf8")) as {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, Json>; externalDocs?: { url: string } }>>;
};
const webhookSchemas = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-schemas/schema.json"), "utf8")) as { definitions: Record<string, unknown> };
// OpenAPI 3.0's `nullable: true` next to an `enum` means null is allowed too (GitHub sends `conclusion: null`
// for queued check runs); JSON Schema's enum would refuse it, so add null to such enums.
// A `nullable` without a `type` (some x-webhooks use it next to allOf) means "this, or null".
(function normaliseNullable(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(normaliseNullable);
  if (!node || typeof node !== "object") return;
  const o = node as Json;
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  if (o.nullable === true && o.type === undefined) {
    const { nullable: _n, ...rest } = o;
    for (const k of Object.keys(o)) delete o[k];
    o.anyOf = [rest, { type: "null" }];
  }
  for (const v of Object.values(o)) normaliseNullable(v);
})(spec);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec as unknown as Json, "gh");
ajv.addSchema(webhookSchemas as unknown as Json, "hooks");

const pointer = (segments: string[]) => segments.map((s) => encodeURIComponent(s.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");

const operations = new Map<string, { path: string; method: string }>();
for (const [p, methods] of Object.entries(spec.paths)) for (const [m, op] of Object.entries(methods)) if (op?.operationId) operations.set(op.operationId, { path: p, method: m });

const basicError = ajv.compile({ $ref: `gh#/${pointer(["components", "schemas", "basic-error"])}` });
const validators = new Map<string, ValidateFunction | null>();
/** The validator for an operation's response with this status; null when it has no JSON body; undefined when undocumented. */
function responseValidator(operationId: string, status: number): ValidateFunction | null | undefined {
  const key = `${operationId} ${status}`;
  if (validators.has(key)) return validators.get(key);
  const op = operations.get(operationId);
  if (!op) throw new Error(`unknown operationId ${operationId}`);
  let at = ["paths", op.path, op.method, "responses", String(status)];
  let response = spec.paths[op.path][op.method].responses[String(status)] as Json | undefined;
  if (!response) return undefined;
  if (typeof response.$ref === "string") {
    at = (response.$ref as string).replace(/^#\//, "").split("/");
    response = at.reduce<Json>((o, k) => o[k] as Json, spec as unknown as Json);
  }
  const content = response.content as Record<string, unknown> | undefined;
  const v = content?.["application/json"] ? ajv.compile({ $ref: `gh#/${pointer([...at, "content", "application/json", "schema"])}` }) : null;
  validators.set(key, v);
  return v;
}

/**
 * Validation errors other than "matched more than one branch of a oneOf": GitHub's description offers e.g.
 * oneOf [basic-error, repository-rule-violation-error] for a 409, and any plain error body (GitHub's own
 * included) matches both, so that ambiguity is the description's, not the answer's.
 */
function realErrors(v: ValidateFunction) {
  return (v.errors ?? []).filter((e) => !(e.keyword === "oneOf" && Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas)));
}

/** Both descriptions of a webhook, where they exist: @octokit/webhooks-schemas (`event$action`) and x-webhooks. */
function webhookValidators(event: string, action: string | undefined): { name: string; validate: ValidateFunction }[] {
  const found: { name: string; validate: ValidateFunction }[] = [];
  const hookName = `${event}$${action ?? "event"}`;
  if (webhookSchemas.definitions[hookName]) found.push({ name: `webhooks-schemas ${hookName}`, validate: ajv.compile({ $ref: `hooks#/definitions/${pointer([hookName])}` }) });
  const xName = action ? `${event.replace(/_/g, "-")}-${action.replace(/_/g, "-")}` : event.replace(/_/g, "-");
  const x = (spec as unknown as { "x-webhooks": Record<string, unknown> })["x-webhooks"][xName];
  if (x) found.push({ name: `x-webhooks ${xName}`, validate: ajv.compile({ $ref: `gh#/${pointer(["x-webhooks", xName, "post", "requestBody", "content", "application/json", "schema"])}` }) });
  return found;
}

describe("GitHub emulator conformance to GitHub's OpenAPI description and webhook schemas", { timeout: 120_000 }, () => {
  let emu: GitHubEmulator;
  let dir: string;
  let hookServer: http.Server;
  const recorded: RecordedResponse[] = [];
  const deliveries: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const secret = "conformance-secret";

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "gh-conformance-"));
    hookServer = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, "127.0.0.1", r));
    emu = await startGitHubEmulator({
      port: 0,
      dataDir: dir,
      reset: true,
      timings: { queuedMs: 1, stepMs: 1 },
      extraTokens: { "reviewer-token": "platform-approver" },
      app: { appId: 42, privateKey, installationId: 7 },
      branchProtection: { dismissStaleReviews: true },
      webhook: { url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hooks`, secret },
      onResponse: (r) => recorded.push(r),
    });
    await runScenario(emu);
    await emu.idle();
  });

  afterAll(async () => {
    await emu?.close();
    await new Promise((r) => hookServer?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  async function runScenario(e: GitHubEmulator): Promise<void> {
    const R = `/repos/${e.owner}/${e.repo}`;
    /** One step: the request, and the status GitHub answers it with. */
    const call = async (method: string, p: string, status: number, body?: unknown, token = e.token) => {
      const res = await fetch(`${e.url}${p}`, { method, redirect: "manual", headers: { authorization: `token ${token}`, accept: "application/vnd.github+json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      expect(res.status, `${method} ${p}: ${text.slice(0, 300)}`).toBe(status);
      return { headers: res.headers, json: text ? (JSON.parse(text) as Json & Json[]) : null };
    };
    const admin = (p: string, body: unknown) => fetch(`${e.url}/_emulator${p}`, { method: "POST", body: JSON.stringify(body) });
    const file = SEED_ACCOUNTS[1].paramFile;
    await call("GET", "/rate_limit", 200);
    await call("GET", R, 200);
    await call("GET", `/repos/${e.owner}/nope`, 404);
    const main = (await call("GET", `${R}/git/ref/heads/main`, 200)).json!.object as Json;
    await call("GET", `${R}/git/ref/heads/does-not-exist`, 404);
    const content = (await call("GET", `${R}/contents/${file}?ref=main`, 200)).json!;
    await call("GET", `${R}/contents/manage-ai-models`, 200);
    await call("GET", `${R}/contents/missing.txt`, 404);
    const tree = (await call("GET", `${R}/git/trees/${main.sha}?recursive=1`, 200)).json!;
    await call("GET", `${R}/git/trees/${"0".repeat(40)}`, 404);
    await call("GET", `${R}/git/blobs/${content.sha}`, 200);
    const commit = (await call("GET", `${R}/git/commits/${main.sha}`, 200)).json!;
    await call("GET", `${R}/git/commits/${"0".repeat(40)}`, 404);
    await call("POST", `${R}/git/refs`, 201, { ref: "refs/heads/feature-a", sha: main.sha });
    await call("POST", `${R}/git/refs`, 422, { ref: "refs/heads/feature-a", sha: main.sha });
    const text = Buffer.from(content.content as string, "base64").toString("utf8");
    const edited = text.replace("capacity: 50", "capacity: 60");
    await call("PUT", `${R}/contents/${file}`, 200, { message: "Raise o4-mini", content: Buffer.from(edited).toString("base64"), sha: content.sha, branch: "feature-a" });
    await call("PUT", `${R}/contents/${file}`, 409, { message: "stale", content: Buffer.from(edited).toString("base64"), sha: content.sha, branch: "feature-a" });
    await call("PUT", `${R}/contents/docs/new.md`, 201, { message: "Add a doc", content: Buffer.from("# new\n").toString("base64"), branch: "feature-a" });
    await call("PUT", `${R}/contents/${file}`, 422, { message: "no sha", content: "eA==", branch: "feature-a" });
    const pr = (await call("POST", `${R}/pulls`, 201, { title: "Raise o4-mini", head: "feature-a", base: "main", body: "Please" })).json!;
    await call("POST", `${R}/pulls`, 422, { title: "again", head: "feature-a", base: "main" });
    await call("POST", `${R}/issues/${pr.number}/labels`, 200, { labels: ["modelgate", "ai-models"] });
    await call("POST", `${R}/pulls/${pr.number}/requested_reviewers`, 201, { reviewers: ["platform-approver"], team_reviewers: ["platform-team"] });
    await call("POST", `${R}/pulls/${pr.number}/requested_reviewers`, 422, { reviewers: ["not-a-collaborator"] });
    await call("POST", `${R}/pulls/${pr.number}/requested_reviewers`, 422, { team_reviewers: ["no-such-team"] });
    await call("POST", `${R}/pulls/${pr.number}/requested_reviewers`, 422, { reviewers: ["modelgate-bot"] });
    await call("GET", `${R}/pulls?state=all&head=${e.owner}:feature-a`, 200);
    await call("GET", `${R}/pulls/${pr.number}`, 200);
    await call("GET", `${R}/pulls/999`, 404);
    await call("POST", `${R}/pulls/${pr.number}/reviews`, 422, { event: "APPROVE" }); // own PR
    await call("PUT", `${R}/pulls/${pr.number}/merge`, 405, { merge_method: "squash" }); // blocked
    await e.idle();
    let head = ((await call("GET", `${R}/pulls/${pr.number}`, 200)).json!.head as Json).sha as string;
    const checks = (await call("GET", `${R}/commits/${head}/check-runs`, 200)).json!;
    expect((checks.check_runs as Json[]).length).toBeGreaterThan(0);
    await call("GET", `${R}/check-runs/${(checks.check_runs as Json[])[0].id}/annotations`, 200);
    await call("GET", `${R}/commits/${head}/status`, 200);
    await call("POST", `${R}/statuses/${head}`, 201, { state: "success", context: "security/scan", description: "No findings" });
    await call("POST", `${R}/statuses/${head}`, 422, { state: "green" });
    await call("GET", `${R}/commits/${head}/status`, 200);
    await call("POST", `${R}/pulls/${pr.number}/reviews`, 200, { event: "APPROVE", body: "OK" }, "reviewer-token");
    // A push to the PR dismisses the stale approval (branch protection), then a new review is needed.
    await call("PUT", `${R}/contents/docs/other.md`, 201, { message: "Push to the PR branch", content: Buffer.from("other\n").toString("base64"), branch: "feature-a" });
    await e.idle();
    head = ((await call("GET", `${R}/pulls/${pr.number}`, 200)).json!.head as Json).sha as string;
    await call("POST", `${R}/pulls/${pr.number}/reviews`, 200, { event: "REQUEST_CHANGES", body: "Too much" }, "reviewer-token");
    await call("POST", `${R}/pulls/${pr.number}/reviews`, 200, { event: "APPROVE", body: "OK now" }, "reviewer-token");
    await call("GET", `${R}/pulls/${pr.number}/reviews`, 200);
    await call("PUT", `${R}/pulls/${pr.number}/merge`, 409, { merge_method: "squash", sha: "f".repeat(40) });
    await call("PUT", `${R}/pulls/${pr.number}/merge`, 200, { merge_method: "squash", sha: head });
    await call("PUT", `${R}/pulls/${pr.number}/merge`, 405, { merge_method: "squash" }); // already merged
    await e.idle();
    const merged = (await call("GET", `${R}/pulls/${pr.number}`, 200)).json!;
    const runs = (await call("GET", `${R}/actions/runs?head_sha=${merged.merge_commit_sha}`, 200)).json!;
    await call("GET", `${R}/actions/runs`, 200);
    await call("GET", `${R}/actions/runs/${(runs.workflow_runs as Json[])[0].id}`, 200);
    await call("GET", `${R}/actions/runs/1`, 404);
    const failedDeploy = (await call("GET", `${R}/commits/${merged.merge_commit_sha}/check-runs?check_name=deploy`, 200)).json!;
    const deployJob = (failedDeploy.check_runs as Json[])[0];
    await call("GET", `${R}/check-runs/${deployJob.id}/annotations`, 200);
    const logs = await call("GET", `${R}/actions/jobs/${deployJob.id}/logs`, 302);
    expect(logs.headers.get("location")).toMatch(/\/_emulator\/jobs\/\d+\/logs$/);
    await call("GET", `${R}/actions/jobs/1/logs`, 404);
    // Re-run failed jobs: accepted for a completed run with a failed job, refused while it runs again.
    const runId = (runs.workflow_runs as Json[])[0].id;
    expect((runs.workflow_runs as Json[])[0].conclusion).toBe("failure");
    await call("POST", `${R}/actions/runs/${runId}/rerun-failed-jobs`, 201, {});
    await call("POST", `${R}/actions/runs/${runId}/rerun-failed-jobs`, 403, {});
    await call("POST", `${R}/actions/runs/1/rerun-failed-jobs`, 404, {});
    await e.idle();

    // Strict status checks: a PR whose head is behind main is "behind" and can't merge.
    await admin("/settings", { requireUpToDate: true });
    await call("POST", `${R}/git/refs`, 201, { ref: "refs/heads/feature-c", sha: main.sha });
    await call("PUT", `${R}/contents/docs/c.md`, 201, { message: "Add c", content: Buffer.from("c\n").toString("base64"), branch: "feature-c" });
    const pr3 = (await call("POST", `${R}/pulls`, 201, { title: "Behind", head: "feature-c", base: "main" })).json!;
    expect((await call("GET", `${R}/pulls/${pr3.number}`, 200)).json!.mergeable_state).toBe("behind");
    await call("PUT", `${R}/pulls/${pr3.number}/merge`, 405, {});
    await admin("/settings", { requireUpToDate: false });

    // Git data API: a second branch made of a tree and a commit, force-moved, then a PR closed with a comment.
    const newTree = (await call("POST", `${R}/git/trees`, 201, { base_tree: commit.tree && (commit.tree as Json).sha, tree: [{ path: "docs/notes.md", mode: "100644", type: "blob", content: "notes\n" }] })).json!;
    await call("POST", `${R}/git/trees`, 422, { base_tree: "0".repeat(40), tree: [] });
    const newCommit = (await call("POST", `${R}/git/commits`, 201, { message: "Add notes", tree: newTree.sha, parents: [main.sha] })).json!;
    await call("POST", `${R}/git/refs`, 201, { ref: "refs/heads/feature-b", sha: main.sha });
    await call("PATCH", `${R}/git/refs/heads/feature-b`, 200, { sha: newCommit.sha, force: true });
    await call("PATCH", `${R}/git/refs/heads/feature-b`, 422, { sha: main.sha }); // not a fast forward
    const pr2 = (await call("POST", `${R}/pulls`, 201, { title: "Notes", head: "feature-b", base: "main" })).json!;
    const comment = (await call("POST", `${R}/issues/${pr2.number}/comments`, 201, { body: "Closing: not needed." })).json!;
    await call("PATCH", `${R}/issues/comments/${comment.id}`, 200, { body: "Closing: not needed (edited)." });
    await call("PATCH", `${R}/issues/comments/999999`, 404, { body: "x" });
    expect(((await call("GET", `${R}/issues/${pr2.number}/comments?per_page=1`, 200)).json as unknown as Json[]).map((c) => c.body)).toEqual(["Closing: not needed (edited)."]);
    await call("PATCH", `${R}/pulls/${pr2.number}`, 200, { state: "closed" });
    await call("DELETE", `${R}/git/refs/heads/feature-b`, 204);
    await call("DELETE", `${R}/git/refs/heads/feature-b`, 422); // gone
    expect(tree.truncated).toBe(false);

    // The App path: JWT → installation token; an installation without a permission gets GitHub's 403.
    const now = Math.floor(Date.now() / 1000);
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss: "42" })}`;
    const jwt = `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), privateKey).toString("base64url")}`;
    const issued = await fetch(`${e.url}/app/installations/7/access_tokens`, { method: "POST", headers: { authorization: `Bearer ${jwt}` } });
    expect(issued.status).toBe(201);
    const token = ((await issued.json()) as { token: string }).token;
    expect((await call("GET", R, 200, undefined, token)).headers.get("x-accepted-github-permissions")).toBe("metadata=read");
    await admin("/settings", { appPermissions: "pull_requests=read" });
    const refused = await call("POST", `${R}/pulls`, 403, { title: "x", head: "feature-c", base: "main" }, token);
    expect(refused.json).toEqual({ message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request", status: "403" });
    expect(refused.headers.get("x-accepted-github-permissions")).toBe("pull_requests=write");
    const notAJwt = await fetch(`${e.url}/app/installations/7/access_tokens`, { method: "POST", headers: { authorization: "Bearer not-a-jwt" } });
    expect(notAJwt.status).toBe(401);
  }

  it("serves every route it declares, and each answer — error bodies included — validates against GitHub's description", () => {
    const failures: string[] = [];
    const undocumented: string[] = [];
    for (const r of recorded) {
      if (r.status === 204 || r.status === 302) continue;
      if (r.status >= 400 && !basicError(r.body)) failures.push(`${r.operationId} ${r.status} ${r.path}: not GitHub's error body: ${ajv.errorsText(basicError.errors)}`);
      const v = responseValidator(r.operationId, r.status);
      if (v === undefined) {
        // GitHub's description omits some statuses GitHub does send (401 on every route, 405 on a few); their
        // bodies were checked as GitHub's basic error above.
        if (![401, 403, 404, 405, 409, 422].includes(r.status)) undocumented.push(`${r.operationId} ${r.status}`);
        continue;
      }
      if (v && !v(r.body)) {
        const real = realErrors(v);
        if (real.length) failures.push(`${r.operationId} ${r.status} ${r.path}: ${ajv.errorsText(real, { separator: "\n    " })}`);
      }
    }
    const served = new Set(recorded.map((r) => r.operationId));
    const declared = ["rate-limit/get", ...Object.keys(REQUIRED_PERMISSIONS), "apps/create-installation-access-token"];
    console.log(`[conformance] ${recorded.length} answers over ${served.size} operations validated`);
    expect(declared.filter((op) => !served.has(op))).toEqual([]);
    expect([...served].filter((op) => !declared.includes(op))).toEqual([]);
    expect(undocumented).toEqual([]);
    expect(failures).toEqual([]);
  });

  it("names GitHub's documentation page of each operation in its permission errors", () => {
    // The one page GitHub moved since the description was generated: review requests have their own page now.
    const moved: Record<string, string> = { "pulls/request-reviewers": "https://docs.github.com/rest/reference/pulls#request-reviewers-for-a-pull-request" };
    for (const [operationId, { doc }] of Object.entries(REQUIRED_PERMISSIONS)) {
      const op = operations.get(operationId)!;
      expect(moved[operationId] ?? doc, operationId).toBe(spec.paths[op.path][op.method].externalDocs?.url);
    }
  });

  it("sends webhooks with GitHub's headers, a valid X-Hub-Signature-256, and every payload valid against a published schema", async () => {
    const kinds = new Set<string>();
    const failures: string[] = [];
    for (const d of deliveries) {
      expect(d.headers["user-agent"]).toMatch(/^GitHub-Hookshot\//);
      expect(d.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(await verify(secret, d.body, String(d.headers["x-hub-signature-256"]))).toBe(true);
      const event = String(d.headers["x-github-event"]);
      const payload = JSON.parse(d.body) as { action?: string };
      const kind = `${event}.${payload.action ?? "-"}`;
      kinds.add(kind);
      const schemas = webhookValidators(event, payload.action);
      if (!schemas.length) {
        failures.push(`${kind}: no published schema to validate it against`);
        continue;
      }
      // Valid against one published description is enough: they disagree on details (e.g. the app's client_id).
      const results = schemas.map((s) => ({ name: s.name, ok: s.validate(payload) || realErrors(s.validate).length === 0, errors: ajv.errorsText(realErrors(s.validate)) }));
      if (!results.some((r) => r.ok)) failures.push(`${kind}: ${results.map((r) => `${r.name}: ${r.errors}`).join(" | ")}`);
    }
    console.log(`[conformance] ${deliveries.length} webhook deliveries: ${[...kinds].sort().join(", ")}`);
    for (const k of [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.closed",
      "pull_request.labeled",
      "pull_request.review_requested",
      "pull_request_review.submitted",
      "pull_request_review.dismissed",
      "check_run.created",
      "check_run.completed",
      "check_suite.completed",
      "workflow_run.requested",
      "workflow_run.in_progress",
      "workflow_run.completed",
      "push.-",
      "status.-",
    ]) {
      expect(kinds).toContain(k);
    }
    expect(failures.slice(0, 8)).toEqual([]);
  });
});
