/**
 * lib/gitops end to end against the GitHub emulator (a real git repository behind GitHub's REST API) and the
 * Azure emulator: discover, branch, commit, PR, check, approve, merge, deploy run, Azure Succeeded.
 * The emulators are test fixtures here; lib/gitops itself never imports them.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzureEmulator, type AzureEmulator, armRequest, startGitHubEmulator, type GitHubEmulator, SEED_ACCOUNTS, SEED_SUBSCRIPTION_ID } from "@/test/emulators";
import { checkGitHubHealth, createGitOpsClient, GitOpsError, type GitOpsClientOptions, type GitOpsConfig, type GitOpsRequestEvent } from "./index";

const REVIEWER_TOKEN = "reviewer-token";
const FAST: GitOpsClientOptions = { writeIntervalMs: 0, retryBaseMs: 5, rateLimitWaitUnitMs: 5, timeoutMs: 10_000 };

async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Adds one element at the end of the openaiDeployments array, in the seed's style. */
function addElement(text: string, el: { team: string; name: string; model: string; version: string; sku: string; capacity: number }): string {
  const block = [
    `  // team: ${el.team}`,
    "  {",
    "    model: {",
    "      format: 'OpenAI'",
    `      name: '${el.model}'`,
    `      version: '${el.version}'`,
    "    }",
    `    name: '${el.name}'`,
    "    sku: {",
    `      capacity: ${el.capacity}`,
    `      name: '${el.sku}'`,
    "    }",
    "  }",
  ].join("\n");
  const end = text.lastIndexOf("\n]");
  return `${text.slice(0, end)}\n${block}${text.slice(end)}`;
}

describe("lib/gitops against the GitHub and Azure emulators", () => {
  let github: GitHubEmulator;
  let azure: AzureEmulator;
  let dir: string;
  let config: GitOpsConfig;
  const events: GitOpsRequestEvent[] = [];
  const aue = SEED_ACCOUNTS[0];
  const swc = SEED_ACCOUNTS[1];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "gitops-it-"));
    azure = await startAzureEmulator({ port: 0, persist: false, seed: true, lroStepMs: 20 });
    github = await startGitHubEmulator({
      port: 0,
      dataDir: path.join(dir, "github"),
      reset: true,
      extraTokens: { [REVIEWER_TOKEN]: "platform-approver" },
      azure: { url: azure.url, subscriptionId: azure.subscriptionId, ca: readFileSync(azure.caPath) },
      timings: { queuedMs: 5, stepMs: 5, azurePollMs: 20, azureTimeoutMs: 15_000 },
    });
    config = {
      baseUrl: github.url,
      owner: github.owner,
      repo: github.repo,
      auth: { kind: "token", token: github.token },
      reviewerAuth: { kind: "token", token: REVIEWER_TOKEN },
      mergeMethod: "squash",
    };
  });

  afterAll(async () => {
    await github?.close();
    await azure?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const client = (extra: GitOpsClientOptions = {}) => createGitOpsClient(config, { ...FAST, onRequest: (e) => events.push(e), ...extra });

  it("lists the parameter files on main with their text", async () => {
    const files = await client().listParamFiles();
    expect(files.map((f) => f.path)).toEqual(SEED_ACCOUNTS.map((a) => a.paramFile).sort());
    for (const a of SEED_ACCOUNTS) {
      const f = files.find((x) => x.path === a.paramFile)!;
      expect(f.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(f.commitSha).toMatch(/^[0-9a-f]{40}$/);
      expect(f.content).toContain(`param openaiName = '${a.name}'`);
    }
  });

  it("opens a request's PR in at most 6 API calls, and an unchanged poll costs no rate limit", async () => {
    const gitops = client();
    const file = await gitops.readFile(swc.paramFile);
    const counted: GitOpsRequestEvent[] = [];
    const counting = client({ onRequest: (e) => counted.push(e) });
    const result = await counting.openChangePullRequest({
      branch: "modelgate/req-count",
      path: swc.paramFile,
      content: addElement(file.content, { team: "Search", name: "search-gpt-41-mini", model: "gpt-4.1-mini", version: "2025-04-14", sku: "GlobalStandard", capacity: 10 }),
      expectedSha: file.sha,
      commitMessage: "Add search-gpt-41-mini to contoso-openai-swc",
      title: "Add search-gpt-41-mini (Search)",
      body: "Requested through ModelGate.",
      labels: ["modelgate", "ai-models"],
      reviewers: ["platform-approver"],
      teamReviewers: ["platform-team"],
    });
    console.log(`[gitops] API calls to open a request's PR: ${counted.length} (${counted.map((e) => `${e.method} ${new URL(e.url).pathname}`).join(", ")})`);
    expect(counted.length).toBeLessThanOrEqual(6);
    expect(result.resumed).toBe(false);
    expect(result.pullRequest).toMatchObject({ state: "open", headRef: "modelgate/req-count", labels: ["modelgate", "ai-models"], requestedReviewers: ["platform-approver"], requestedTeams: ["platform-team"] });

    const first = await pollUntil(() => counting.getPullRequest(result.pullRequest.number), (p) => p.checks !== "pending" && p.checks !== "none", "the PR check");
    expect(first.checkRuns.find((c) => c.name === "build_and_validate")).toMatchObject({ status: "completed", conclusion: "success" });
    expect(first.mergeable).toBe(true);
    expect(first.mergeableState).toBe("blocked"); // needs an approving review

    counted.length = 0;
    const again = await counting.getPullRequest(result.pullRequest.number);
    expect(again).toEqual(first);
    console.log(`[gitops] unchanged status poll: ${counted.length} requests, ${counted.filter((e) => e.notModified).length} answered 304`);
    expect(counted.length).toBe(4);
    expect(counted.every((e) => e.status === 304 && e.notModified)).toBe(true);
    // GitHub doesn't charge 304s: the remaining budget didn't move.
    expect(new Set(counted.map((e) => e.rateLimitRemaining)).size).toBe(1);
    await gitops.closePullRequest(result.pullRequest.number, { comment: "Test done", deleteBranch: true });
  });

  it("is idempotent: re-running an interrupted open finds the branch and PR instead of duplicating", async () => {
    const gitops = client();
    const file = await gitops.readFile(swc.paramFile);
    const input = {
      branch: "modelgate/req-idem",
      path: swc.paramFile,
      content: addElement(file.content, { team: "Support", name: "support-gpt-41-nano", model: "gpt-4.1-nano", version: "2025-04-14", sku: "GlobalStandard", capacity: 5 }),
      expectedSha: file.sha,
      commitMessage: "Add support-gpt-41-nano",
      title: "Add support-gpt-41-nano (Support)",
      body: "Requested through ModelGate.",
      labels: ["modelgate"],
    };
    // First attempt dies after the commit (simulated: branch + commit only).
    await gitops.commitFile({ branch: input.branch, path: input.path, content: input.content, message: input.commitMessage, expectedSha: file.sha });
    const r1 = await gitops.openChangePullRequest(input);
    const r2 = await gitops.openChangePullRequest(input);
    expect(r1.resumed).toBe(true);
    expect(r2.resumed).toBe(true);
    expect(r2.pullRequest.number).toBe(r1.pullRequest.number);
    const found = await gitops.findPullRequestByBranch(input.branch);
    expect(found?.number).toBe(r1.pullRequest.number);
    expect(github.state().pulls.filter((p) => p.headRef === input.branch)).toHaveLength(1);
    await gitops.closePullRequest(r1.pullRequest.number, { comment: "Superseded in a test." });
    expect((await gitops.getPullRequest(r1.pullRequest.number)).state).toBe("closed");
  });

  it("goes from PR to a Succeeded Azure deployment: check, approve, merge, deploy run", async () => {
    const gitops = client();
    const [file] = (await gitops.listParamFiles()).filter((f) => f.path === aue.paramFile);
    const opened = await gitops.openChangePullRequest({
      branch: "modelgate/req-e2e",
      path: file.path,
      content: addElement(file.content, { team: "Search", name: "search-gpt-4o-mini", model: "gpt-4o-mini", version: "2024-07-18", sku: "GlobalStandard", capacity: 10 }),
      expectedSha: file.sha,
      baseSha: file.commitSha,
      commitMessage: "Add search-gpt-4o-mini to contoso-openai-aue",
      title: "Add search-gpt-4o-mini (Search)",
      body: "Requested through ModelGate.",
      reviewers: ["platform-approver"],
    });
    const n = opened.pullRequest.number;
    const checked = await pollUntil(() => gitops.getPullRequest(n), (p) => p.checks === "success", "build_and_validate to pass");
    // A merge before approval is refused by branch protection.
    await expect(gitops.mergePullRequest(n, { sha: checked.headSha })).rejects.toMatchObject({ kind: "conflict", reason: "not-mergeable" });

    const review = await gitops.submitReview(n, { event: "APPROVE", body: "Quota checked, approved." });
    expect(review).toMatchObject({ user: "platform-approver", state: "APPROVED" });
    const approved = await gitops.getPullRequest(n);
    expect(approved.mergeableState).toBe("clean");
    expect(approved.reviews.map((r) => r.state)).toEqual(["APPROVED"]);

    const merge = await gitops.mergePullRequest(n, { sha: approved.headSha });
    expect(merge.merged).toBe(true);
    const merged = await gitops.getPullRequest(n);
    expect(merged).toMatchObject({ state: "closed", merged: true, mergeCommitSha: merge.sha });
    expect(await gitops.readFile(aue.paramFile)).toMatchObject({ content: expect.stringContaining("name: 'search-gpt-4o-mini'") });

    const runs = await pollUntil(() => gitops.listWorkflowRuns({ headSha: merge.sha }), (r) => r.length > 0 && r.every((x) => x.status === "completed"), "the deploy run", 30_000);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ event: "push", headSha: merge.sha, headBranch: "main", conclusion: "success", path: ".github/workflows/ai-models.yml" });

    const arm = await armRequest(
      { url: azure.url, subscriptionId: azure.subscriptionId, ca: readFileSync(azure.caPath) },
      "GET",
      `/subscriptions/${azure.subscriptionId}/resourceGroups/${aue.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${aue.name}/deployments/search-gpt-4o-mini`,
      undefined,
    );
    expect(arm.status).toBe(200);
    expect(arm.body).toMatchObject({ name: "search-gpt-4o-mini", sku: { name: "GlobalStandard", capacity: 10 }, properties: { provisioningState: "Succeeded", model: { name: "gpt-4o-mini", version: "2024-07-18" } } });
  });

  it("reports the other PR not mergeable after one of two PRs on the same file merges, and re-bases it", async () => {
    const gitops = client();
    const file = await gitops.readFile(swc.paramFile);
    const edit = (name: string) => addElement(file.content, { team: "Search", name, model: "gpt-4.1-mini", version: "2025-04-14", sku: "GlobalStandard", capacity: 5 });
    const open = (branch: string, name: string) =>
      gitops.openChangePullRequest({ branch, path: swc.paramFile, content: edit(name), expectedSha: file.sha, commitMessage: `Add ${name}`, title: `Add ${name}`, body: "" });
    const a = await open("modelgate/req-conflict-a", "search-conflict-a");
    const b = await open("modelgate/req-conflict-b", "search-conflict-b");
    for (const pr of [a, b]) await pollUntil(() => gitops.getPullRequest(pr.pullRequest.number), (p) => p.checks === "success", "checks");
    expect((await gitops.getPullRequest(b.pullRequest.number)).mergeable).toBe(true);

    await gitops.submitReview(a.pullRequest.number, { event: "APPROVE", body: "ok" });
    await gitops.mergePullRequest(a.pullRequest.number);
    const conflicted = await gitops.getPullRequest(b.pullRequest.number);
    expect(conflicted).toMatchObject({ state: "open", mergeable: false, mergeableState: "dirty" });
    await expect(gitops.mergePullRequest(b.pullRequest.number)).rejects.toMatchObject({ kind: "conflict", reason: "not-mergeable" });

    // ModelGate re-applies its edit to the new main and moves the branch in one step.
    const newBase = await gitops.getBranchSha();
    const fresh = await gitops.readFile(swc.paramFile, newBase);
    const rebased = await gitops.updatePullRequestBranch({
      branch: "modelgate/req-conflict-b",
      path: swc.paramFile,
      content: addElement(fresh.content, { team: "Search", name: "search-conflict-b", model: "gpt-4.1-mini", version: "2025-04-14", sku: "GlobalStandard", capacity: 5 }),
      message: "Add search-conflict-b (re-applied on main)",
      baseSha: newBase,
      expectedHeadSha: conflicted.headSha,
    });
    const after = await pollUntil(() => gitops.getPullRequest(b.pullRequest.number), (p) => p.headSha === rebased.commitSha && p.checks === "success", "the re-run check");
    expect(after).toMatchObject({ mergeable: true, baseSha: newBase, state: "open" });
    await expect(
      gitops.updatePullRequestBranch({ branch: "modelgate/req-conflict-b", path: swc.paramFile, content: fresh.content, message: "x", expectedHeadSha: conflicted.headSha }),
    ).rejects.toMatchObject({ kind: "conflict", reason: "head-moved" });
    await gitops.closePullRequest(b.pullRequest.number, { deleteBranch: true });
  });

  it("sees a failed check as Actions reports it: no output text, one exit-code annotation", async () => {
    const gitops = client();
    const file = await gitops.readFile(swc.paramFile);
    const broken = file.content.replace("capacity: 50", "capacity: 0");
    const r = await gitops.openChangePullRequest({ branch: "modelgate/req-invalid", path: swc.paramFile, content: broken, expectedSha: file.sha, commitMessage: "bad", title: "Bad capacity", body: "" });
    const pr = await pollUntil(() => gitops.getPullRequest(r.pullRequest.number), (p) => p.checks === "failure", "the failing check");
    const check = pr.checkRuns.find((c) => c.name === "build_and_validate")!;
    expect(check.annotationsCount).toBeGreaterThan(0);
    // A failed `run:` step: Actions writes no title or summary, and one annotation on `.github`.
    expect(check).toMatchObject({ conclusion: "failure", title: null, summary: null });
    const annotations = await gitops.listCheckRunAnnotations(check.id);
    expect(annotations).toEqual([expect.objectContaining({ path: ".github", level: "failure", message: "Process completed with exit code 1." })]);
    expect(pr.mergeableState).toBe("blocked");
    await gitops.closePullRequest(r.pullRequest.number, { deleteBranch: true });
  });

  it("maps GitHub failures to typed, actionable errors", async () => {
    const gitops = client();
    const bad = createGitOpsClient({ ...config, auth: { kind: "token", token: "wrong" } }, FAST);
    await expect(bad.getBranchSha()).rejects.toMatchObject({ kind: "unauthorized", status: 401, message: expect.stringContaining("credentials") });
    await expect(gitops.readFile("manage-ai-models/nope.bicepparam")).rejects.toMatchObject({ kind: "not-found", status: 404 });

    const file = await gitops.readFile(swc.paramFile);
    await expect(
      gitops.commitFile({ branch: "modelgate/req-stale", path: swc.paramFile, content: "x", message: "x", expectedSha: "0".repeat(40) }),
    ).rejects.toMatchObject({ kind: "conflict", status: 409, reason: "stale-file" });
    await expect(gitops.createBranch("modelgate/req-stale", file.sha.replace(/./g, "1"))).rejects.toBeInstanceOf(GitOpsError);

    // GitHub refuses self-approval: without a reviewer identity the message says what to configure.
    const soloConfig = { ...config, reviewerAuth: undefined };
    const solo = createGitOpsClient(soloConfig, FAST);
    const r = await solo.openChangePullRequest({ branch: "modelgate/req-self", path: swc.paramFile, content: file.content + "\n", expectedSha: file.sha, commitMessage: "x", title: "Self", body: "" });
    await expect(solo.submitReview(r.pullRequest.number, { event: "APPROVE" })).rejects.toMatchObject({ kind: "validation", reason: "self-review", message: expect.stringContaining("reviewerAuth") });
    await expect(solo.mergePullRequest(r.pullRequest.number, { sha: "f".repeat(40) })).rejects.toMatchObject({ kind: "conflict", reason: "head-moved" });
    await solo.closePullRequest(r.pullRequest.number, { deleteBranch: true });

    // Primary rate limit exhausted: fail fast with the reset time.
    await fetch(`${github.url}/_emulator/rate-limit`, { method: "POST", body: JSON.stringify({ remaining: 0 }) });
    const limited = await gitops.getBranchSha("main").catch((e: unknown) => e);
    await fetch(`${github.url}/_emulator/rate-limit`, { method: "POST", body: JSON.stringify({ remaining: 5000 }) });
    expect(limited).toMatchObject({ kind: "rate-limited", status: 403 });
    expect((limited as GitOpsError).resetAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it("retries 5xx answers and waits out secondary rate limits (plugins, not home-made loops)", async () => {
    const seen: GitOpsRequestEvent[] = [];
    const gitops = client({ onRequest: (e) => seen.push(e) });
    github.setFaults({ failNext: { count: 2, status: 502 } });
    expect(await gitops.getBranchSha()).toMatch(/^[0-9a-f]{40}$/);
    expect(seen.map((e) => e.status)).toEqual([502, 502, 200]);

    seen.length = 0;
    github.setFaults({ failNext: { count: 1, status: 403, retryAfterSeconds: 1 } });
    expect(await gitops.getBranchSha("main")).toMatch(/^[0-9a-f]{40}$/);
    expect(seen.map((e) => e.status)).toEqual([403, 304]); // the retry is conditional too

    seen.length = 0;
    github.setFaults({ failNext: { count: 10, status: 503 } });
    await expect(gitops.getBranchSha()).rejects.toMatchObject({ kind: "unavailable", status: 503 });
    expect(seen).toHaveLength(4); // first try + 3 retries
    github.setFaults({});
  });

  it("reports health with latency, and a clear error when GitHub is unreachable", async () => {
    const ok = await checkGitHubHealth(config);
    expect(ok).toMatchObject({ ok: true, rateLimit: { limit: 5000 } });
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = await checkGitHubHealth({ ...config, baseUrl: `http://127.0.0.1:${port}` });
    expect(down.ok).toBe(false);
    expect(down.error).toMatch(/could not be reached/);
  });
});

describe("lib/gitops with GitHub App authentication", () => {
  let github: GitHubEmulator;
  let dir: string;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "gitops-app-"));
    github = await startGitHubEmulator({ port: 0, dataDir: dir, reset: true, app: { appId: 123456, privateKey, installationId: 987654 }, timings: { queuedMs: 5, stepMs: 5 } });
  });
  afterAll(async () => {
    await github?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("exchanges the App's JWT for an installation token and acts as the App's bot", async () => {
    const events: GitOpsRequestEvent[] = [];
    const gitops = createGitOpsClient(
      { baseUrl: github.url, owner: github.owner, repo: github.repo, auth: { kind: "app", appId: "123456", privateKey, installationId: "987654" } },
      { ...FAST, onRequest: (e) => events.push(e) },
    );
    const files = await gitops.listParamFiles();
    expect(files).toHaveLength(SEED_ACCOUNTS.length);
    expect(events[0]).toMatchObject({ method: "POST", status: 201 });
    expect(new URL(events[0].url).pathname).toBe("/app/installations/987654/access_tokens");
    const file = files[0];
    const r = await gitops.openChangePullRequest({ branch: "app/req-1", path: file.path, content: file.content + "\n", expectedSha: file.sha, commitMessage: "x", title: "From the App", body: "" });
    expect(r.pullRequest.author).toBe("modelgate[bot]");
    expect(events.filter((e) => e.url.includes("access_tokens"))).toHaveLength(1);

    const wrongKey = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
    const impostor = createGitOpsClient({ baseUrl: github.url, owner: github.owner, repo: github.repo, auth: { kind: "app", appId: 123456, privateKey: wrongKey, installationId: 987654 } }, FAST);
    await expect(impostor.getBranchSha()).rejects.toMatchObject({ kind: "unauthorized" });
  });
});

describe("the deploy run without Azure", () => {
  it("fails the deploy job, its log saying Azure is not configured", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gitops-noazure-"));
    const github = await startGitHubEmulator({ port: 0, dataDir: dir, reset: true, timings: { queuedMs: 5, stepMs: 5 }, branchProtection: { requiredApprovals: 0 } });
    try {
      const gitops = createGitOpsClient({ baseUrl: github.url, owner: github.owner, repo: github.repo, auth: { kind: "token", token: github.token } }, FAST);
      const file = await gitops.readFile(SEED_ACCOUNTS[2].paramFile);
      const r = await gitops.openChangePullRequest({ branch: "x/noazure", path: file.path, content: file.content.replace("capacity: 350", "capacity: 300"), expectedSha: file.sha, commitMessage: "Lower capacity", title: "Lower capacity", body: "" });
      await pollUntil(() => gitops.getPullRequest(r.pullRequest.number), (p) => p.checks === "success", "checks");
      const merge = await gitops.mergePullRequest(r.pullRequest.number, { method: "merge" });
      const [run] = await pollUntil(() => gitops.listWorkflowRuns({ headSha: merge.sha }), (runs) => runs[0]?.status === "completed", "the deploy run");
      expect(run.conclusion).toBe("failure");
      const deploy = (await gitops.getPullRequest(r.pullRequest.number)).checkRuns; // PR head checks
      expect(deploy.find((c) => c.name === "deploy")?.conclusion).toBe("skipped");
      const state = github.state();
      const deployCheck = state.checkRuns.find((c) => c.headSha === merge.sha && c.name === "deploy")!;
      expect(deployCheck.conclusion).toBe("failure");
      expect((await gitops.listCheckRunAnnotations(deployCheck.id))[0].message).toBe("Process completed with exit code 1.");
      expect((deployCheck.log ?? []).join("\n")).toMatch(/Azure is not configured.*AZURE_EMULATOR_URL/);
      expect(SEED_SUBSCRIPTION_ID).toBeTruthy();
    } finally {
      await github.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
