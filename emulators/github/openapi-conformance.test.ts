/**
 * Every answer the GitHub emulator gives, for every endpoint it serves, validated against GitHub's official
 * OpenAPI description (@octokit/openapi, api.github.com) with ajv; webhook payloads against its x-webhooks.
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
import { startGitHubEmulator, type GitHubEmulator, type RecordedResponse } from "./server";

type Json = Record<string, unknown>;
const spec = JSON.parse(readFileSync(require.resolve("@octokit/openapi/generated/api.github.com.json"), "utf8")) as {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, Json> }>>;
};
// OpenAPI 3.0's `nullable: true` next to an `enum` means null is allowed too (GitHub sends `conclusion: null`
// for queued check runs); JSON Schema's enum would refuse it, so add null to such enums.
(function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(allowNullInNullableEnums);
  if (!node || typeof node !== "object") return;
  const o = node as Json;
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  for (const v of Object.values(o)) allowNullInNullableEnums(v);
})(spec);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec as unknown as Json, "gh");

const pointerSegment = (s: string) => encodeURIComponent(s.replace(/~/g, "~0").replace(/\//g, "~1"));

const operations = new Map<string, { path: string; method: string }>();
for (const [p, methods] of Object.entries(spec.paths)) for (const [m, op] of Object.entries(methods)) if (op?.operationId) operations.set(op.operationId, { path: p, method: m });

const validators = new Map<string, ValidateFunction | null>();
/** The validator for an operation's response with this status, or null when the description has no JSON body for it. */
function responseValidator(operationId: string, status: number): ValidateFunction | null | undefined {
  const key = `${operationId} ${status}`;
  if (validators.has(key)) return validators.get(key);
  const op = operations.get(operationId);
  if (!op) throw new Error(`unknown operationId ${operationId}`);
  let pointer = ["paths", op.path, op.method, "responses", String(status)];
  let response = spec.paths[op.path][op.method].responses[String(status)] as Json | undefined;
  if (!response) return undefined;
  if (typeof response.$ref === "string") {
    const refPath = (response.$ref as string).replace(/^#\//, "").split("/");
    pointer = refPath;
    response = refPath.reduce<Json>((o, k) => o[k] as Json, spec as unknown as Json);
  }
  const content = response.content as Record<string, unknown> | undefined;
  const v = content?.["application/json"] ? ajv.compile({ $ref: `gh#/${[...pointer, "content", "application/json", "schema"].map(pointerSegment).join("/")}` }) : null;
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

function webhookValidator(event: string, action: string): ValidateFunction {
  const name = `${event.replace(/_/g, "-")}-${action.replace(/_/g, "-")}`;
  return ajv.compile({ $ref: `gh#/${["x-webhooks", name, "post", "requestBody", "content", "application/json", "schema"].map(pointerSegment).join("/")}` });
}

describe("GitHub emulator conformance to GitHub's OpenAPI description", () => {
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
    const call = async (method: string, p: string, body?: unknown, token = e.token) => {
      const res = await fetch(`${e.url}${p}`, { method, headers: { authorization: `token ${token}`, accept: "application/vnd.github+json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as Json & Json[]) : null };
    };
    const file = SEED_ACCOUNTS[1].paramFile;
    await call("GET", "/rate_limit");
    await call("GET", R);
    await call("GET", `/repos/${e.owner}/nope`);
    const main = (await call("GET", `${R}/git/ref/heads/main`)).json!.object as Json;
    await call("GET", `${R}/git/ref/heads/does-not-exist`);
    const content = (await call("GET", `${R}/contents/${file}?ref=main`)).json!;
    await call("GET", `${R}/contents/manage-ai-models`);
    await call("GET", `${R}/contents/missing.txt`);
    const tree = (await call("GET", `${R}/git/trees/${main.sha}?recursive=1`)).json!;
    await call("GET", `${R}/git/trees/${"0".repeat(40)}`);
    await call("GET", `${R}/git/blobs/${content.sha}`);
    const commit = (await call("GET", `${R}/git/commits/${main.sha}`)).json!;
    await call("GET", `${R}/git/commits/${"0".repeat(40)}`);
    await call("POST", `${R}/git/refs`, { ref: "refs/heads/feature-a", sha: main.sha });
    await call("POST", `${R}/git/refs`, { ref: "refs/heads/feature-a", sha: main.sha }); // 422 exists
    const text = Buffer.from(content.content as string, "base64").toString("utf8");
    const edited = text.replace("capacity: 50", "capacity: 60");
    await call("PUT", `${R}/contents/${file}`, { message: "Raise o4-mini", content: Buffer.from(edited).toString("base64"), sha: content.sha, branch: "feature-a" });
    await call("PUT", `${R}/contents/${file}`, { message: "stale", content: Buffer.from(edited).toString("base64"), sha: content.sha, branch: "feature-a" }); // 409
    await call("PUT", `${R}/contents/docs/new.md`, { message: "Add a doc", content: Buffer.from("# new\n").toString("base64"), branch: "feature-a" }); // 201
    await call("PUT", `${R}/contents/${file}`, { message: "no sha", content: "eA==", branch: "feature-a" }); // 422
    const pr = (await call("POST", `${R}/pulls`, { title: "Raise o4-mini", head: "feature-a", base: "main", body: "Please" })).json!;
    await call("POST", `${R}/pulls`, { title: "again", head: "feature-a", base: "main" }); // 422 exists
    await call("POST", `${R}/issues/${pr.number}/labels`, { labels: ["modelgate", "ai-models"] });
    await call("POST", `${R}/pulls/${pr.number}/requested_reviewers`, { reviewers: ["platform-approver"], team_reviewers: ["platform-team"] });
    await call("PUT", `${R}/contents/docs/other.md`, { message: "Push to the PR branch", content: Buffer.from("other\n").toString("base64"), branch: "feature-a" });
    await call("GET", `${R}/pulls?state=all&head=${e.owner}:feature-a`);
    await call("GET", `${R}/pulls/${pr.number}`);
    await call("GET", `${R}/pulls/999`);
    await call("POST", `${R}/pulls/${pr.number}/reviews`, { event: "APPROVE" }); // 422 own PR
    await call("PUT", `${R}/pulls/${pr.number}/merge`, { merge_method: "squash" }); // 405 blocked
    await e.idle();
    const head = ((await call("GET", `${R}/pulls/${pr.number}`)).json!.head as Json).sha as string;
    const checks = (await call("GET", `${R}/commits/${head}/check-runs`)).json!;
    expect((checks.check_runs as Json[]).length).toBeGreaterThan(0);
    await call("GET", `${R}/check-runs/${(checks.check_runs as Json[])[0].id}/annotations`);
    await call("GET", `${R}/commits/${head}/status`);
    await call("POST", `${R}/pulls/${pr.number}/reviews`, { event: "REQUEST_CHANGES", body: "Too much" }, "reviewer-token");
    await call("POST", `${R}/pulls/${pr.number}/reviews`, { event: "APPROVE", body: "OK now" }, "reviewer-token");
    await call("GET", `${R}/pulls/${pr.number}/reviews`);
    await call("PUT", `${R}/pulls/${pr.number}/merge`, { merge_method: "squash", sha: "f".repeat(40) }); // 409
    await call("PUT", `${R}/pulls/${pr.number}/merge`, { merge_method: "squash", sha: head });
    await call("PUT", `${R}/pulls/${pr.number}/merge`, { merge_method: "squash" }); // 405 already merged
    await e.idle();
    const merged = (await call("GET", `${R}/pulls/${pr.number}`)).json!;
    const runs = (await call("GET", `${R}/actions/runs?head_sha=${merged.merge_commit_sha}`)).json!;
    await call("GET", `${R}/actions/runs`);
    await call("GET", `${R}/actions/runs/${(runs.workflow_runs as Json[])[0].id}`);
    const failedDeploy = (await call("GET", `${R}/commits/${merged.merge_commit_sha}/check-runs?check_name=deploy`)).json!;
    await call("GET", `${R}/check-runs/${(failedDeploy.check_runs as Json[])[0].id}/annotations`);

    // Git data API: a second branch made of a tree and a commit, force-moved, then a PR closed with a comment.
    const newTree = (await call("POST", `${R}/git/trees`, { base_tree: commit.tree && (commit.tree as Json).sha, tree: [{ path: "docs/notes.md", mode: "100644", type: "blob", content: "notes\n" }] })).json!;
    await call("POST", `${R}/git/trees`, { base_tree: "0".repeat(40), tree: [] }); // 422
    const newCommit = (await call("POST", `${R}/git/commits`, { message: "Add notes", tree: newTree.sha, parents: [main.sha] })).json!;
    await call("POST", `${R}/git/refs`, { ref: "refs/heads/feature-b", sha: main.sha });
    await call("PATCH", `${R}/git/refs/heads/feature-b`, { sha: newCommit.sha, force: true });
    await call("PATCH", `${R}/git/refs/heads/feature-b`, { sha: main.sha }); // 422 not a fast forward
    const pr2 = (await call("POST", `${R}/pulls`, { title: "Notes", head: "feature-b", base: "main" })).json!;
    const comment = (await call("POST", `${R}/issues/${pr2.number}/comments`, { body: "Closing: not needed." })).json!;
    await call("PATCH", `${R}/issues/comments/${comment.id}`, { body: "Closing: not needed (edited)." });
    await call("PATCH", `${R}/issues/comments/999999`, { body: "x" }); // 404
    expect(((await call("GET", `${R}/issues/${pr2.number}/comments?per_page=1`)).json as unknown as Json[]).map((c) => c.body)).toEqual(["Closing: not needed (edited)."]);
    await call("PATCH", `${R}/pulls/${pr2.number}`, { state: "closed" });
    await call("DELETE", `${R}/git/refs/heads/feature-b`);
    await call("DELETE", `${R}/git/refs/heads/feature-b`); // 422 gone
    expect(tree.truncated).toBe(false);

    // The App path: JWT → installation token.
    const now = Math.floor(Date.now() / 1000);
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss: "42" })}`;
    const jwt = `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), privateKey).toString("base64url")}`;
    const issued = await fetch(`${e.url}/app/installations/7/access_tokens`, { method: "POST", headers: { authorization: `Bearer ${jwt}` } });
    const token = ((await issued.json()) as { token: string }).token;
    expect((await call("GET", R, undefined, token)).status).toBe(200);
    await fetch(`${e.url}/app/installations/7/access_tokens`, { method: "POST", headers: { authorization: "Bearer not-a-jwt" } });
  }

  it("serves every route it declares, and each answer validates against the operation's response schema", () => {
    const failures: string[] = [];
    const undocumented: string[] = [];
    for (const r of recorded) {
      if (r.status === 204) continue;
      const v = responseValidator(r.operationId, r.status);
      if (v === undefined) {
        // GitHub's description omits some statuses GitHub does send (401 on every route, 405 on a few).
        if (![401, 403, 404, 405, 409, 422].includes(r.status)) undocumented.push(`${r.operationId} ${r.status}`);
        continue;
      }
      if (v && !v(r.body)) {
        const real = realErrors(v);
        if (real.length) failures.push(`${r.operationId} ${r.status} ${r.path}: ${ajv.errorsText(real, { separator: "\n    " })}`);
      }
    }
    const served = new Set(recorded.map((r) => r.operationId));
    const declared = ["rate-limit/get", "repos/get", "repos/get-content", "repos/create-or-update-file-contents", "git/get-ref", "git/create-ref", "git/update-ref", "git/delete-ref", "git/get-tree", "git/create-tree", "git/get-commit", "git/create-commit", "git/get-blob", "pulls/list", "pulls/create", "pulls/get", "pulls/update", "pulls/merge", "pulls/list-reviews", "pulls/create-review", "pulls/request-reviewers", "issues/create-comment", "issues/list-comments", "issues/update-comment", "issues/add-labels", "checks/list-for-ref", "checks/list-annotations", "repos/get-combined-status-for-ref", "actions/list-workflow-runs-for-repo", "actions/get-workflow-run", "apps/create-installation-access-token"];
    console.log(`[conformance] ${recorded.length} answers over ${served.size} operations validated`);
    expect(declared.filter((op) => !served.has(op))).toEqual([]);
    expect(undocumented).toEqual([]);
    expect(failures).toEqual([]);
  });

  it("sends webhooks with GitHub's headers, a valid X-Hub-Signature-256 and payloads matching the x-webhooks schemas", async () => {
    const kinds = new Set<string>();
    const failures: string[] = [];
    for (const d of deliveries) {
      expect(d.headers["user-agent"]).toMatch(/^GitHub-Hookshot\//);
      expect(d.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(await verify(secret, d.body, String(d.headers["x-hub-signature-256"]))).toBe(true);
      const event = String(d.headers["x-github-event"]);
      const payload = JSON.parse(d.body) as { action: string };
      kinds.add(`${event}.${payload.action}`);
      let v: ValidateFunction;
      try {
        v = webhookValidator(event, payload.action);
      } catch {
        continue; // an action without its own schema (none expected, see below)
      }
      const data: unknown = payload;
      if (!v(data) && realErrors(v).length) failures.push(`${event}.${payload.action}: ${ajv.errorsText(realErrors(v), { separator: "\n    " })}`);
    }
    console.log(`[conformance] ${deliveries.length} webhook deliveries: ${[...kinds].sort().join(", ")}`);
    for (const k of ["pull_request.opened", "pull_request.synchronize", "pull_request.closed", "pull_request_review.submitted", "check_run.created", "check_run.completed", "workflow_run.requested", "workflow_run.in_progress", "workflow_run.completed"]) {
      expect(kinds).toContain(k);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
