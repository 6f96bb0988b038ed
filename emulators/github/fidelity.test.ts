/**
 * The GitHub emulator behaves as GitHub does where the portal would like it otherwise, seen through the real
 * Octokit (and @octokit/webhooks for deliveries): review requests to non-collaborators, base.sha, push and
 * check_suite webhooks, Actions check runs and logs, concurrency groups, App permissions, ETags, strict checks and
 * stale approvals.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createAppAuth } from "@octokit/auth-app";
import { RequestError } from "@octokit/request-error";
import { Octokit } from "@octokit/rest";
import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzureEmulator, type AzureEmulator } from "../azure/server";
import { SEED_ACCOUNTS } from "../seed/world";
import { pollUntil } from "../shared/poll-until";
import { armRequest, type AzureTarget } from "./azure-deployer";
import { startGitHubEmulator, type GitHubEmulator, type GitHubEmulatorOptions } from "./server";

const FAST = { queuedMs: 2, stepMs: 2, azurePollMs: 15, azureTimeoutMs: 20_000 };
const REVIEWER_TOKEN = "reviewer-token";
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "gh-fidelity-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function octokit(emu: GitHubEmulator, token = emu.token): Octokit {
  return new Octokit({ baseUrl: emu.url, auth: token, request: { retries: 0 } });
}


async function refusal(p: Promise<unknown>): Promise<RequestError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RequestError);
  return e as RequestError;
}

/** A branch with one edited file and its PR, through Octokit. */
async function openPr(gh: Octokit, emu: GitHubEmulator, branch: string, filePath: string, edit: (t: string) => string) {
  const repo = { owner: emu.owner, repo: emu.repo };
  const main = (await gh.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
  await gh.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main });
  const file = (await gh.repos.getContent({ ...repo, path: filePath, ref: branch })).data as { sha: string; content: string };
  const text = Buffer.from(file.content, "base64").toString("utf8");
  await gh.repos.createOrUpdateFileContents({ ...repo, path: filePath, branch, sha: file.sha, message: `Edit ${filePath}`, content: Buffer.from(edit(text)).toString("base64") });
  return (await gh.pulls.create({ ...repo, head: branch, base: "main", title: `Edit ${filePath}` })).data;
}

async function startEmulator(extra: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  return startGitHubEmulator({ port: 0, dataDir: tmp(), reset: true, timings: FAST, extraTokens: { [REVIEWER_TOKEN]: "platform-approver" }, ...extra });
}

describe("review requests (GitHub refuses users and teams without access)", () => {
  let emu: GitHubEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu?.close());

  it("answers 422 in GitHub's words and requests nobody when one login or team can't review", async () => {
    const gh = octokit(emu);
    const repo = { owner: emu.owner, repo: emu.repo };
    const pr = await openPr(gh, emu, "reviewers-1", "README.md", (t) => `${t}\nreviewers\n`);
    const doc = "https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request";

    const stranger = await refusal(gh.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ["platform-approver", "not-a-collaborator"] }));
    expect(stranger.status).toBe(422);
    expect(stranger.response?.data).toEqual({
      message: "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the contoso/platform-ai-models repository.",
      documentation_url: doc,
      status: "422",
    });
    const team = await refusal(gh.pulls.requestReviewers({ ...repo, pull_number: pr.number, team_reviewers: ["no-such-team"] }));
    expect((team.response?.data as { message: string }).message).toBe(
      "Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the contoso/platform-ai-models repository.",
    );
    const author = await refusal(gh.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ["modelgate-bot"] }));
    expect((author.response?.data as { message: string }).message).toBe("Review cannot be requested from pull request author.");

    // All or nothing: the valid login in the refused request was not requested either.
    expect((await gh.pulls.get({ ...repo, pull_number: pr.number })).data.requested_reviewers).toEqual([]);
    const ok = await gh.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ["Platform-Approver"], team_reviewers: ["platform-team"] });
    expect(ok.data.requested_reviewers?.map((u) => u.login)).toEqual(["Platform-Approver"]);
    expect(ok.data.requested_teams?.map((t) => t.slug)).toEqual(["platform-team"]);
  });
});

describe("base.sha, push and check_suite webhooks", () => {
  let emu: GitHubEmulator;
  let hooks: http.Server;
  const received: { name: string; payload: Record<string, unknown> }[] = [];
  beforeAll(async () => {
    const secret = "fidelity-secret";
    const webhooks = new Webhooks({ secret });
    webhooks.onAny(({ name, payload }) => void received.push({ name, payload: payload as Record<string, unknown> }));
    hooks = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        webhooks
          .verifyAndReceive({ id: String(req.headers["x-github-delivery"]), name: String(req.headers["x-github-event"]), payload: Buffer.concat(chunks).toString("utf8"), signature: String(req.headers["x-hub-signature-256"]) })
          .then(
            () => res.writeHead(204).end(),
            () => res.writeHead(400).end(),
          );
      });
    });
    await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
    emu = await startEmulator({ webhook: { url: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/`, secret } });
  });
  afterAll(async () => {
    await emu?.close();
    await new Promise((r) => hooks?.close(r));
  });

  it("keeps base.sha from when the PR was opened or synchronized, while main moves", async () => {
    const gh = octokit(emu);
    const repo = { owner: emu.owner, repo: emu.repo };
    const pr = await openPr(gh, emu, "base-sha-1", "README.md", (t) => `${t}\nbase sha\n`);
    const opened = pr.base.sha;
    const moved = await emu.pushCommitAs("someone-else", { path: "docs/elsewhere.md", content: "moved\n" });
    expect((await gh.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha).toBe(moved);
    expect((await gh.pulls.get({ ...repo, pull_number: pr.number })).data.base.sha).toBe(opened);

    // A push to the PR's branch synchronizes it: now base.sha is main's tip.
    const file = (await gh.repos.getContent({ ...repo, path: "README.md", ref: "base-sha-1" })).data as { sha: string };
    await gh.repos.createOrUpdateFileContents({ ...repo, path: "README.md", branch: "base-sha-1", sha: file.sha, message: "again", content: Buffer.from("again\n").toString("base64") });
    expect((await gh.pulls.get({ ...repo, pull_number: pr.number })).data.base.sha).toBe(moved);
  });

  it("sends push webhooks for branch creations, pushes and deletions, and check_suite.completed", async () => {
    const gh = octokit(emu);
    const repo = { owner: emu.owner, repo: emu.repo };
    const main = (await gh.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    await gh.git.createRef({ ...repo, ref: "refs/heads/push-hooks", sha: main });
    const commit = await emu.pushCommitAs("octo-admin", { branch: "push-hooks", path: "docs/push.md", content: "push\n", message: "Add push.md" });
    await gh.git.deleteRef({ ...repo, ref: "heads/push-hooks" });
    const file = SEED_ACCOUNTS[1].paramFile;
    await emu.pushCommitAs("octo-admin", { path: file, content: (await emu.readFile(file))!.replace("capacity: 50", "capacity: 45") });
    await emu.idle();
    const pushes = received.filter((h) => h.name === "push" && h.payload.ref === "refs/heads/push-hooks").map((h) => h.payload);
    expect(pushes.map((p) => [p.created, p.deleted])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect(pushes[1]).toMatchObject({ before: main, after: commit, head_commit: { id: commit, message: "Add push.md", added: ["docs/push.md"] }, pusher: { name: "octo-admin" } });
    const suites = received.filter((h) => h.name === "check_suite").map((h) => h.payload);
    expect(suites.at(-1)).toMatchObject({ action: "completed", check_suite: { head_branch: "main", status: "completed", app: { slug: "github-actions" } } });
  });
});

describe("Actions check runs and logs as Actions writes them", () => {
  let emu: GitHubEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu?.close());

  it("a failed build_and_validate has no title or summary, one exit-code annotation, and the finding in its log", async () => {
    const gh = octokit(emu);
    const repo = { owner: emu.owner, repo: emu.repo };
    const pr = await openPr(gh, emu, "invalid-1", SEED_ACCOUNTS[1].paramFile, (t) => t.replace("capacity: 50", "capacity: 0"));
    const run = await pollUntil(
      async () => (await gh.checks.listForRef({ ...repo, ref: pr.head.sha, check_name: "build_and_validate" })).data.check_runs[0],
      (c) => c?.status === "completed",
      "the check",
    );
    expect(run).toMatchObject({ name: "build_and_validate", conclusion: "failure", output: { title: null, summary: null, text: null, annotations_count: 1 }, app: { slug: "github-actions" } });
    const annotations = (await gh.checks.listAnnotations({ ...repo, check_run_id: run.id })).data;
    expect(annotations).toEqual([expect.objectContaining({ path: ".github", annotation_level: "failure", title: "", message: "Process completed with exit code 1.", raw_details: "" })]);
    const log = String((await gh.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: run.id })).data);
    const lines = log.split("\n");
    expect(lines[annotations[0].start_line - 1]).toMatch(/##\[error\]Process completed with exit code 1\.$/);
    expect(log).toMatch(/contoso-openai-swc\.bicepparam\(\d+,\d+\) : Error /);
  });
});

describe("deploy runs and the workflow's concurrency group", () => {
  let azure: AzureEmulator;
  let target: AzureTarget;
  beforeAll(async () => {
    // Provisioning steps long enough that a deploy creating a deployment is still running when the next runs arrive.
    azure = await startAzureEmulator({ port: 0, persist: false, seed: true, lroStepMs: 700 });
    target = { url: azure.url, subscriptionId: azure.subscriptionId, ca: readFileSync(azure.caPath) };
  });
  afterAll(() => azure?.close());

  const [aue, swc, eus2] = SEED_ACCOUNTS;
  const NEW_ELEMENT = "  // team: Search\n  {\n    model: {\n      format: 'OpenAI'\n      name: 'gpt-4o-mini'\n      version: '2024-07-18'\n    }\n    name: 'search-new'\n    sku: {\n      capacity: 5\n      name: 'GlobalStandard'\n    }\n  }";
  const capacityOf = async (account: (typeof SEED_ACCOUNTS)[number], name: string) =>
    ((await armRequest(target, "GET", `/subscriptions/${target.subscriptionId}/resourceGroups/${account.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${account.name}/deployments/${name}`, undefined)).body as { sku: { capacity: number } }).sku.capacity;
  const push = async (emu: GitHubEmulator, account: (typeof SEED_ACCOUNTS)[number], from: string, to: string) =>
    emu.pushCommitAs("octo-admin", { path: account.paramFile, content: (await emu.readFile(account.paramFile))!.replace(from, to), message: `Change ${account.name}` });
  const deployJob = async (gh: Octokit, emu: GitHubEmulator, sha: string) => (await gh.checks.listForRef({ owner: emu.owner, repo: emu.repo, ref: sha, check_name: "deploy" })).data.check_runs[0];

  it("with the seeded group: one deploy runs, one waits, a newer one replaces the waiting one and deploys its changes too", async () => {
    await azure.reset();
    const emu = await startEmulator({ azure: target });
    try {
      const gh = octokit(emu);
      const workflow = (await gh.repos.getContent({ owner: emu.owner, repo: emu.repo, path: ".github/workflows/ai-models.yml" })).data as { content: string };
      expect(Buffer.from(workflow.content, "base64").toString("utf8")).toMatch(/concurrency:\n\s+group: deploy-ai-models\n\s+cancel-in-progress: false/);
      // The first run creates a deployment (Accepted → Creating → Succeeded), so it is still deploying while the
      // next two runs arrive, in this order.
      const a = await emu.pushCommitAs("octo-admin", { path: aue.paramFile, content: (await emu.readFile(aue.paramFile))!.replace(/\n\]\n$/, `\n${NEW_ELEMENT}\n]\n`), message: "Add one" });
      await pollUntil(() => deployJob(gh, emu, a), (j) => j?.status === "in_progress", "the first deploy");
      const b = await push(emu, swc, "capacity: 50", "capacity: 40");
      await pollUntil(() => deployJob(gh, emu, b), (j) => j?.status === "pending", "the second deploy waiting for the group");
      const c = await push(emu, eus2, "capacity: 350", "capacity: 300");
      await pollUntil(() => deployJob(gh, emu, c), (j) => j?.status === "pending", "the third deploy waiting for the group");
      expect((await deployJob(gh, emu, a)).status).toBe("in_progress");
      await emu.idle();

      const replaced = await deployJob(gh, emu, b);
      expect(replaced).toMatchObject({ status: "completed", conclusion: "cancelled", output: { title: null, summary: null } });
      expect((await gh.checks.listAnnotations({ owner: emu.owner, repo: emu.repo, check_run_id: replaced.id })).data).toEqual([
        expect.objectContaining({ path: ".github", annotation_level: "failure", message: "Canceling since a higher priority waiting request for 'deploy-ai-models' exists" }),
      ]);
      const runs = (await gh.actions.listWorkflowRunsForRepo({ owner: emu.owner, repo: emu.repo, event: "push" })).data.workflow_runs;
      expect(Object.fromEntries(runs.map((r) => [r.head_sha, r.conclusion]))).toEqual({ [a]: "success", [b]: "cancelled", [c]: "success" });
      // The newer run deployed everything since the last finished one: the replaced run's change is in Azure.
      expect([await capacityOf(aue, "search-new"), await capacityOf(swc, "support-o4-mini"), await capacityOf(eus2, "search-embedding-small")]).toEqual([5, 40, 300]);
    } finally {
      await emu.close();
    }
  });

  it("without the group (the switch): deploy runs overlap — nothing in the runner serialises them", async () => {
    await azure.reset();
    const emu = await startEmulator({ azure: target, deployConcurrency: false });
    try {
      const gh = octokit(emu);
      const workflow = (await gh.repos.getContent({ owner: emu.owner, repo: emu.repo, path: ".github/workflows/ai-models.yml" })).data as { content: string };
      expect(Buffer.from(workflow.content, "base64").toString("utf8")).not.toMatch(/concurrency:/);
      const a = await push(emu, aue, "capacity: 150", "capacity: 140");
      const b = await push(emu, swc, "capacity: 50", "capacity: 40");
      const both = await pollUntil(
        async () => [await deployJob(gh, emu, a), await deployJob(gh, emu, b)],
        (jobs) => jobs.every((j) => j?.status === "in_progress"),
        "both deploy jobs in progress at once",
      );
      expect(both.map((j) => j.name)).toEqual(["deploy", "deploy"]);
      await emu.idle();
    } finally {
      await emu.close();
    }
  });
});

describe("GitHub App installation permissions", () => {
  it("an installation without pull_requests write gets GitHub's 403 naming the permission; reads still work", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const emu = await startEmulator({ app: { appId: 42, privateKey, installationId: 7, permissions: { contents: "write", metadata: "read", pull_requests: "read", checks: "read" } } });
    try {
      const gh = new Octokit({ baseUrl: emu.url, authStrategy: createAppAuth, auth: { appId: 42, privateKey, installationId: 7 }, request: { retries: 0 } });
      const repo = { owner: emu.owner, repo: emu.repo };
      const main = (await gh.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
      await gh.git.createRef({ ...repo, ref: "refs/heads/app-1", sha: main });
      await emu.pushCommitAs("octo-admin", { branch: "app-1", path: "docs/app.md", content: "app\n" });
      const refused = await refusal(gh.pulls.create({ ...repo, head: "app-1", base: "main", title: "From the App" }));
      expect(refused.status).toBe(403);
      expect(refused.response?.data).toEqual({ message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request", status: "403" });
      expect(refused.response?.headers["x-accepted-github-permissions"]).toBe("pull_requests=write");
      expect((await gh.pulls.list(repo)).data).toEqual([]);
      // Switched at runtime, as when the organisation approves the App's new permissions.
      await fetch(`${emu.url}/_emulator/settings`, { method: "POST", body: JSON.stringify({ appPermissions: "pull_requests=write" }) });
      expect((await gh.pulls.create({ ...repo, head: "app-1", base: "main", title: "From the App" })).status).toBe(201);
    } finally {
      await emu.close();
    }
  });
});

describe("ETags, strict status checks and stale approvals", () => {
  let emu: GitHubEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ branchProtection: { requiredApprovals: 1, requireUpToDate: true, dismissStaleReviews: true } });
  });
  afterAll(() => emu?.close());

  it("varies answers by Authorization: another token's ETag is a full 200, not a 304", async () => {
    const bot = octokit(emu);
    const reviewer = octokit(emu, REVIEWER_TOKEN);
    const repo = { owner: emu.owner, repo: emu.repo };
    const first = await bot.repos.get(repo);
    expect(String(first.headers.vary)).toMatch(/\bAuthorization\b/);
    const again = await refusal(bot.repos.get({ ...repo, headers: { "if-none-match": first.headers.etag! } }));
    expect(again.status).toBe(304);
    const other = await reviewer.repos.get({ ...repo, headers: { "if-none-match": first.headers.etag! } });
    expect(other.status).toBe(200);
    expect(other.headers.etag).not.toBe(first.headers.etag);
  });

  it("says mergeable_state behind (and refuses the merge) while the head lacks main's tip; a push dismisses approvals", async () => {
    const gh = octokit(emu);
    const reviewer = octokit(emu, REVIEWER_TOKEN);
    const repo = { owner: emu.owner, repo: emu.repo };
    const pr = await openPr(gh, emu, "strict-1", SEED_ACCOUNTS[1].paramFile, (t) => t.replace("capacity: 50", "capacity: 45"));
    await pollUntil(async () => (await gh.checks.listForRef({ ...repo, ref: pr.head.sha })).data.check_runs[0]?.status, (s) => s === "completed", "the check");
    await reviewer.pulls.createReview({ ...repo, pull_number: pr.number, event: "APPROVE" });
    expect((await gh.pulls.get({ ...repo, pull_number: pr.number })).data.mergeable_state).toBe("clean");

    await emu.pushCommitAs("someone-else", { path: "docs/elsewhere.md", content: "moved\n" });
    expect((await gh.pulls.get({ ...repo, pull_number: pr.number })).data.mergeable_state).toBe("behind");
    const merge = await refusal(gh.pulls.merge({ ...repo, pull_number: pr.number }));
    expect([merge.status, (merge.response?.data as { message: string }).message]).toEqual([405, 'Required status check "build_and_validate" is expected.']);

    // Bringing the branch up to date is a push: the approval is dismissed, as branch protection says.
    const main = (await gh.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const mergeCommit = (await gh.git.createCommit({ ...repo, message: "Merge main", tree: (await gh.git.getCommit({ ...repo, commit_sha: pr.head.sha })).data.tree.sha, parents: [pr.head.sha, main] })).data;
    await gh.git.updateRef({ ...repo, ref: "heads/strict-1", sha: mergeCommit.sha });
    expect((await gh.pulls.listReviews({ ...repo, pull_number: pr.number })).data.map((r) => r.state)).toEqual(["DISMISSED"]);
    expect((await gh.pulls.get({ ...repo, pull_number: pr.number })).data.mergeable_state).toBe("blocked");
  });
});
