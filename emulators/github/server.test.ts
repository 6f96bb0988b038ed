import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzureEmulator, type AzureEmulator } from "../azure/server";
import { SEED_ACCOUNTS } from "../seed/world";
import { pollUntil } from "../shared/poll-until";
import { armRequest, type AzureTarget } from "./azure-deployer";
import { GitStore } from "./git-store";
import { startGitHubEmulator, type GitHubEmulator, type GitHubEmulatorOptions } from "./server";

const REVIEWER = "reviewer-token";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function api(emu: GitHubEmulator) {
  const R = `/repos/${emu.owner}/${emu.repo}`;
  const call = async (method: string, p: string, body?: unknown, opts: { token?: string | null; headers?: Record<string, string> } = {}) => {
    const token = opts.token === undefined ? emu.token : opts.token;
    const res = await fetch(`${emu.url}${p.startsWith("/") ? p : `${R}/${p}`}`, {
      method,
      headers: { ...(token ? { authorization: `token ${token}` } : {}), ...opts.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : null) as Json };
  };
  /** Branch + commit + PR for one edited file, the way a person would through the API. */
  const propose = async (branch: string, filePath: string, edit: (text: string) => string, title = `Edit ${filePath}`) => {
    const main = (await call("GET", "git/ref/heads/main")).json.object.sha as string;
    const file = (await call("GET", `contents/${filePath}?ref=${main}`)).json;
    const text = Buffer.from(file.content, "base64").toString("utf8");
    expect((await call("POST", "git/refs", { ref: `refs/heads/${branch}`, sha: main })).status).toBe(201);
    const put = await call("PUT", `contents/${filePath}`, { message: title, content: Buffer.from(edit(text)).toString("base64"), sha: file.sha, branch });
    expect(put.status).toBe(200);
    const pr = await call("POST", "pulls", { title, head: branch, base: "main", body: "" });
    expect(pr.status).toBe(201);
    return pr.json as { number: number; head: { sha: string } };
  };
  const admin = (p: string, body?: unknown) => call("POST", `/_emulator${p}`, body, { token: null });
  return { call, propose, admin, R };
}


const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `gh-emu-${name}-`));
const FAST = { queuedMs: 2, stepMs: 2, azurePollMs: 15, azureTimeoutMs: 10_000 };

describe("GitHub emulator: HTTP, git and persistence", () => {
  let emu: GitHubEmulator;
  let dir: string;
  const start = (extra: GitHubEmulatorOptions = {}) =>
    startGitHubEmulator({ port: 0, dataDir: dir, timings: FAST, extraTokens: { [REVIEWER]: "platform-approver" }, branchProtection: { requiredApprovals: 0, requiredChecks: [] }, ...extra });

  beforeAll(async () => {
    dir = tmp("plain");
    emu = await start({ reset: true });
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers GitHub's 401 bodies for a wrong or missing token, accepting 'token' and 'Bearer'", async () => {
    const { call, R } = api(emu);
    const wrong = await call("GET", R, undefined, { token: "nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
    expect((await call("GET", R, undefined, { token: null })).json.message).toBe("Requires authentication");
    const bearer = await fetch(`${emu.url}${R}`, { headers: { authorization: `Bearer ${emu.token}` } });
    expect(bearer.status).toBe(200);
  });

  it("serves ETags; an unchanged conditional GET is 304 and costs no rate limit", async () => {
    const { call } = api(emu);
    const first = await call("GET", "pulls?state=all");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    const second = await call("GET", "pulls?state=all", undefined, { headers: { "if-none-match": etag } });
    expect(second.status).toBe(304);
    expect(Number(second.headers.get("x-ratelimit-remaining"))).toBe(remaining);
    const third = await call("GET", "pulls?state=all");
    expect(Number(third.headers.get("x-ratelimit-remaining"))).toBe(remaining - 1);
    expect(first.headers.get("x-ratelimit-limit")).toBe("5000");
    expect(first.headers.get("x-ratelimit-resource")).toBe("core");
  });

  it("merges for real: a merge commit with two parents, a squash with one, a rebase replaying commits", async () => {
    const { call, propose } = api(emu);
    const git = new GitStore(path.join(dir, "repo.git"));
    const results: Record<string, { sha: string; before: string; head: string }> = {};
    for (const method of ["merge", "squash", "rebase"] as const) {
      const pr = await propose(`git-${method}`, "README.md", (t) => `${t}\n${method} line\n`.replace(/^# .*/, (h) => h));
      // A line at the end of README conflicts between these PRs once one merges, so merge each before the next.
      const before = (await call("GET", "git/ref/heads/main")).json.object.sha;
      const m = await call("PUT", `pulls/${pr.number}/merge`, { merge_method: method });
      expect(m.status).toBe(200);
      results[method] = { sha: m.json.sha, before, head: pr.head.sha };
    }
    const merge = await git.readCommit(results.merge.sha);
    expect(merge.parents).toEqual([results.merge.before, results.merge.head]);
    expect(merge.message).toMatch(/^Merge pull request #\d+ from contoso\/git-merge/);
    const squash = await git.readCommit(results.squash.sha);
    expect(squash.parents).toEqual([results.squash.before]);
    expect(squash.message).toMatch(/^Edit README.md \(#\d+\)/);
    const rebase = await git.readCommit(results.rebase.sha);
    expect(rebase.parents).toEqual([results.rebase.before]);
    expect(rebase.sha).not.toBe(results.rebase.head);
    expect(rebase.committer.name).toBe("GitHub");
    expect(await emu.readFile("README.md")).toMatch(/merge line\n\nsquash line\n\nrebase line\n$/);
  });

  it("computes mergeable with a real three-way merge: the same lines conflict, other files don't", async () => {
    const { call, propose } = api(emu);
    const a = await propose("conflict-a", "manage-ai-models/ai-models.bicep", (t) => t.replace("0.10.2", "0.11.0"));
    const b = await propose("conflict-b", "manage-ai-models/ai-models.bicep", (t) => t.replace("0.10.2", "0.12.0"));
    const c = await propose("conflict-c", ".github/workflows/ai-models.yml", (t) => `${t}# touched\n`);
    expect((await call("GET", `pulls/${b.number}`)).json.mergeable).toBe(true);
    expect((await call("PUT", `pulls/${a.number}/merge`, { merge_method: "merge" })).status).toBe(200);
    const pb = (await call("GET", `pulls/${b.number}`)).json;
    expect([pb.mergeable, pb.mergeable_state, pb.rebaseable]).toEqual([false, "dirty", false]);
    const merge = await call("PUT", `pulls/${b.number}/merge`, {});
    expect(merge.status).toBe(405);
    expect(merge.json.message).toBe("Pull Request is not mergeable");
    const pc = (await call("GET", `pulls/${c.number}`)).json;
    expect([pc.mergeable, pc.mergeable_state]).toEqual([true, "clean"]);
  });

  it("lets tests act on GitHub directly as other users: push to main, review, merge, close", async () => {
    const { call, propose, admin } = api(emu);
    const pr = await propose("direct-1", "README.md", (t) => t.replace("# platform-ai-models", "# Platform AI models"));
    // Someone else merges a change to the same line on main.
    const pushed = await admin(`/repos/${emu.owner}/${emu.repo}/commits`, { user: "someone-else", path: "README.md", replace: { search: "# platform-ai-models", with: "# AI models" }, message: "Rename" });
    expect(pushed.status).toBe(201);
    expect((await call("GET", "git/ref/heads/main")).json.object.sha).toBe(pushed.json.sha);
    expect((await call("GET", `pulls/${pr.number}`)).json.mergeable_state).toBe("dirty");
    const pr2 = await propose("direct-2", "manage-ai-models/ai-models.bicep", (t) => t.replace("'Disabled'", "'Enabled'"));
    expect((await admin(`/repos/${emu.owner}/${emu.repo}/pulls/${pr2.number}/reviews`, { user: "carol", event: "APPROVE", body: "fine" })).status).toBe(201);
    const merged = await admin(`/repos/${emu.owner}/${emu.repo}/pulls/${pr2.number}/merge`, { user: "carol", merge_method: "squash" });
    expect(merged.json.merged).toBe(true);
    const after = (await call("GET", `pulls/${pr2.number}`)).json;
    expect(after.merged_by.login).toBe("carol");
    const reviews = (await call("GET", `pulls/${pr2.number}/reviews`)).json;
    expect(reviews.map((r: Json) => [r.user.login, r.state])).toEqual([["carol", "APPROVED"]]);
    await admin(`/repos/${emu.owner}/${emu.repo}/pulls/${pr.number}/close`, { user: "carol", comment: "Superseded" });
    expect((await call("GET", `pulls/${pr.number}`)).json).toMatchObject({ state: "closed", merged: false, comments: 1 });
  });

  it("injects faults: 5xx, secondary rate limits with retry-after, latency", async () => {
    const { call, admin, R } = api(emu);
    await admin("/faults", { failNext: { count: 1, status: 429, retryAfterSeconds: 7 } });
    const limited = await call("GET", R);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.json.message).toMatch(/secondary rate limit/);
    await admin("/faults", { failNext: { count: 1, status: 403 } });
    expect((await call("GET", R)).status).toBe(403);
    await admin("/faults", { errorRate: 1 });
    expect([502, 503]).toContain((await call("GET", R)).status);
    await admin("/faults", { latencyMs: 150 });
    const t0 = performance.now();
    expect((await call("GET", R)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    await admin("/faults", {});
    expect((await call("GET", R)).status).toBe(200);
  });

  it("serves read-only web pages behind html_url", async () => {
    const { propose } = api(emu);
    const pr = await propose("html-1", "README.md", (t) => `${t}\nhtml\n`, "Show <b>me</b>");
    const page = await fetch(`${emu.url}/${emu.owner}/${emu.repo}/pull/${pr.number}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Show &lt;b&gt;me&lt;/b&gt;");
    expect(html).toContain('<span class="add">+html</span>');
    expect((await fetch(`${emu.url}/${emu.owner}/${emu.repo}/blob/main/README.md`)).status).toBe(200);
  });

  it("answers mergeable null while it 'computes' mergeability after a push, like GitHub", async () => {
    const otherDir = tmp("mergeability");
    const slow = await startGitHubEmulator({ port: 0, dataDir: otherDir, reset: true, timings: FAST, mergeabilityDelayMs: 300 });
    try {
      const { call, propose } = api(slow);
      const pr = await propose("slow-1", "README.md", (t) => `${t}\nslow\n`);
      expect((await call("GET", `pulls/${pr.number}`)).json).toMatchObject({ mergeable: null, mergeable_state: "unknown" });
      const later = await pollUntil(async () => (await call("GET", `pulls/${pr.number}`)).json, (j) => j.mergeable !== null, "mergeability");
      expect(later.mergeable).toBe(true);
    } finally {
      await slow.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("keeps its state across restarts, and a reset restores the seed", async () => {
    const { call, propose, admin } = api(emu);
    const pr = await propose("persist-1", "README.md", (t) => `${t}\npersist\n`);
    await emu.close();
    emu = await start();
    const again = api(emu);
    expect((await again.call("GET", `pulls/${pr.number}`)).json).toMatchObject({ number: pr.number, state: "open", head: { sha: pr.head.sha } });
    expect((await again.call("GET", "git/ref/heads/persist-1")).status).toBe(200);

    const reset = await again.admin("/reset");
    expect(reset.status).toBe(200);
    expect((await again.call("GET", `pulls/${pr.number}`)).status).toBe(404);
    expect((await again.call("GET", "git/ref/heads/persist-1")).status).toBe(404);
    // The seed is deterministic: the same main commit as a brand-new emulator's.
    const otherDir = tmp("fresh");
    const fresh = await startGitHubEmulator({ port: 0, dataDir: otherDir, reset: true, timings: FAST });
    expect((await api(fresh).call("GET", "git/ref/heads/main")).json.object.sha).toBe(reset.json.main);
    await fresh.close();
    rmSync(otherDir, { recursive: true, force: true });
    void call;
    void admin;
  });

  it("finishes a workflow run that a restart interrupted", async () => {
    await emu.close();
    emu = await start({ reset: true, timings: { ...FAST, queuedMs: 60_000 } });
    const { propose } = api(emu);
    const pr = await propose("resume-1", SEED_ACCOUNTS[1].paramFile, (t) => t.replace("capacity: 50", "capacity: 40"));
    await pollUntil(async () => emu.state().workflowRuns.length, (n) => n === 1, "the queued run");
    expect(emu.state().workflowRuns[0].status).toBe("queued");
    await emu.close();
    emu = await start();
    const checks = await pollUntil(
      async () => (await api(emu).call("GET", `commits/${pr.head.sha}/check-runs`)).json,
      (j) => j.check_runs.some((c: Json) => c.name === "build_and_validate" && c.status === "completed"),
      "the resumed check",
    );
    expect(checks.check_runs.find((c: Json) => c.name === "build_and_validate").conclusion).toBe("success");
  });
});

describe("GitHub emulator: the deploy job against the Azure emulator", () => {
  let azure: AzureEmulator;
  let emu: GitHubEmulator;
  let dir: string;
  let target: AzureTarget;
  const aue = SEED_ACCOUNTS[0];
  const eus2 = SEED_ACCOUNTS[2];

  beforeAll(async () => {
    dir = tmp("deploy");
    azure = await startAzureEmulator({ port: 0, persist: false, seed: true, lroStepMs: 10 });
    target = { url: azure.url, subscriptionId: azure.subscriptionId, ca: readFileSync(azure.caPath) };
    emu = await startGitHubEmulator({ port: 0, dataDir: dir, reset: true, timings: FAST, azure: target, extraTokens: { [REVIEWER]: "platform-approver" } });
  });
  afterAll(async () => {
    await emu?.close();
    await azure?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const deployment = async (account: (typeof SEED_ACCOUNTS)[number], name: string) =>
    armRequest(target, "GET", `/subscriptions/${azure.subscriptionId}/resourceGroups/${account.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${account.name}/deployments/${name}`, undefined);

  /** PR → green check → approval by the reviewer → merge → finished push run. */
  const ship = async (branch: string, filePath: string, edit: (t: string) => string) => {
    const { call, propose } = api(emu);
    const pr = await propose(branch, filePath, edit);
    await pollUntil(async () => (await call("GET", `commits/${pr.head.sha}/check-runs?check_name=build_and_validate`)).json, (j) => j.check_runs[0]?.status === "completed", "the PR check");
    expect((await call("POST", `pulls/${pr.number}/reviews`, { event: "APPROVE" }, { token: REVIEWER })).status).toBe(200);
    const merge = await call("PUT", `pulls/${pr.number}/merge`, { merge_method: "squash", sha: pr.head.sha });
    expect(merge.status).toBe(200);
    await emu.idle();
    const runs = (await call("GET", `actions/runs?head_sha=${merge.json.sha}`)).json.workflow_runs as Json[];
    expect(runs).toHaveLength(1);
    const deployCheck = (await call("GET", `commits/${merge.json.sha}/check-runs?check_name=deploy`)).json.check_runs[0];
    const annotations = (await call("GET", `check-runs/${deployCheck.id}/annotations`)).json as Json[];
    // The job log: GitHub answers 302 to a download URL; fetch follows it.
    const log = await (await fetch(`${emu.url}/repos/${emu.owner}/${emu.repo}/actions/jobs/${deployCheck.id}/logs`, { headers: { authorization: `token ${emu.token}` } })).text();
    return { run: runs[0], deployCheck, annotations, log };
  };

  const element = (name: string, capacity = 1) =>
    `  // team: Search\n  {\n    model: {\n      format: 'OpenAI'\n      name: 'gpt-4o-mini'\n      version: '2024-07-18'\n    }\n    name: '${name}'\n    sku: {\n      capacity: ${capacity}\n      name: 'GlobalStandard'\n    }\n  }`;
  const append = (...els: string[]) => (t: string) => t.replace(/\n\]\n?$/, `\n${els.join("\n")}\n]\n`);

  it("applies one deployment at a time and stops at the first failure, like @batchSize(1)", async () => {
    azure.failNextDeployment({ deployment: "x-first", account: aue.name, code: "InsufficientQuota", message: "This operation require 1 new capacity in quota …" });
    const { run, deployCheck, annotations, log } = await ship("deploy-fail", aue.paramFile, append(element("x-first"), element("x-second")));
    expect(run).toMatchObject({ event: "push", status: "completed", conclusion: "failure" });
    // As Actions writes a failed `run:` step: no title or summary, one annotation, the ARM error only in the log.
    expect(deployCheck).toMatchObject({ conclusion: "failure", output: { title: null, summary: null, text: null, annotations_count: 1 } });
    expect(annotations).toEqual([expect.objectContaining({ path: ".github", annotation_level: "failure", title: "", message: "Process completed with exit code 1." })]);
    expect(log).toMatch(/ERROR: \(InsufficientQuota\) This operation require 1 new capacity/);
    expect(log).toMatch(/##\[error\]Process completed with exit code 1\.\n$/);
    expect((await deployment(aue, "x-first")).body).toMatchObject({ properties: { provisioningState: "Failed" } });
    expect((await deployment(aue, "x-second")).status).toBe(404); // never attempted
  });

  it("is Incremental: removing an element leaves the Azure deployment, unless the stack deletes unmanaged ones", async () => {
    const removeElement = (name: string) => (t: string) => t.replace(new RegExp(`  // team: \\w+\\n  \\{\\n(?:    .*\\n)*?    name: '${name}'\\n(?:    .*\\n)*?  \\}\\n`), "");
    const kept = await ship("remove-incremental", eus2.paramFile, removeElement("search-embedding-small"));
    expect(kept.run.conclusion).toBe("success");
    expect((await deployment(eus2, "search-embedding-small")).status).toBe(200);

    expect((await api(emu).admin("/settings", { deleteOnUnmanage: true })).json.deleteOnUnmanage).toBe(true);
    const deleted = await ship("remove-stack", eus2.paramFile, removeElement("support-gpt-4o-ptu"));
    expect(deleted.run.conclusion).toBe("success");
    expect(deleted.log).toMatch(/deleting Microsoft\.CognitiveServices\/accounts\/contoso-openai-eus2\/deployments\/support-gpt-4o-ptu/);
    await pollUntil(async () => (await deployment(eus2, "support-gpt-4o-ptu")).status, (s) => s === 404, "the deletion");
    // The stack only deletes what this change removed; the earlier removal stays as it was.
    expect((await deployment(eus2, "search-embedding-small")).status).toBe(200);
  });
});
