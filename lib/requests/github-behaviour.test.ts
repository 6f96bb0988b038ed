/**
 * How the request flow copes with GitHub as it is (the emulator reproduces it), through lib/gitops' Octokit:
 * review requests GitHub refuses, base.sha that doesn't follow main, an App installation missing a permission.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { createDependencyObservers } from "@/lib/health";
import { checkHealth } from "@/lib/read-models";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { summarizeGitHubEvent, applyGitHubEvent } from "./apply-github-event";
import type { DomainDeps } from "./deps";
import { approveRequest } from "./approve-request";
import { pollGitHub } from "./poll-github";
import { submitRequest } from "./submit-request";

const AUE = "contoso-openai-aue";
let keySeq = 0;

function createInput(world: TestWorld, name: string) {
  return {
    action: "create",
    account: AUE,
    teamId: world.t.users.priya.teams[0].id,
    deploymentName: name,
    modelName: "gpt-4o-mini",
    modelVersion: "2024-07-18",
    skuName: "GlobalStandard",
    capacity: 1,
    justification: "Needed for the search relevance experiments.",
    submissionKey: `gh-${++keySeq}-${Math.random().toString(36).slice(2, 10)}`,
  };
}

async function submitAndRunJobs(world: TestWorld, deps: DomainDeps, name: string) {
  const { requestId } = await submitRequest(deps, world.t.users.priya, createInput(world, name));
  await new JobRunner(world.t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 5, log: () => {} }).drain();
  return world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId }, include: { events: { orderBy: { id: "asc" } }, jobs: true } });
}

async function githubJson<T>(world: TestWorld, path: string): Promise<T> {
  const res = await fetch(`${world.github.url}/repos/${world.github.owner}/${world.github.repo}${path}`, { headers: { authorization: `token ${world.github.token}` } });
  return (await res.json()) as T;
}

describe("configured reviewers GitHub refuses", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await startTestWorld({ settings: { prReviewers: ["platform-approver", "not-a-collaborator"], prTeamReviewers: ["platform-team", "ghost-team"] } });
  }, 120_000);
  afterAll(() => world?.close());

  it("the PR opens with the reviewers GitHub accepts; the timeline and /api/health name the refused ones", async () => {
    const r = await submitAndRunJobs(world, world.deps, "search-reviewers-1");
    expect(r.status).toBe("awaiting_approval");
    // No retries of a mistake only an admin can fix: the one open-PR job ran once.
    expect(r.jobs.filter((j) => j.kind === "open-pr").map((j) => [j.status, j.attempts])).toEqual([["done", 1]]);
    const pr = await githubJson<{ requested_reviewers: { login: string }[]; requested_teams: { slug: string }[] }>(world, `/pulls/${r.prNumber}`);
    expect(pr.requested_reviewers.map((u) => u.login)).toEqual(["platform-approver"]);
    expect(pr.requested_teams.map((t) => t.slug)).toEqual(["platform-team"]);

    const refused = r.events.find((e) => e.type === "reviewers_refused")!;
    expect(refused.message).toMatch(/^GitHub refused to request reviews from not-a-collaborator, team ghost-team: Reviews may only be requested from collaborators\./);
    expect(refused.message).toMatch(/an admin should correct GITHUB_PR_REVIEWERS \/ GITHUB_PR_TEAM_REVIEWERS\.$/);

    const health = await checkHealth({ database: world.t.db, azure: world.deps.azure, gitops: world.deps.gitops, mode: "demo", observers: createDependencyObservers(), settings: world.deps.settings });
    expect(health.status).toBe("degraded");
    expect(health.components.github.ok).toBe(true);
    expect(health.components.githubSetup).toMatchObject({ ok: false, error: expect.stringContaining(`When request #${r.number}'s pull request was opened`) });
    expect(health.components.githubSetup.error).toContain("not-a-collaborator, team ghost-team");

    // Once the settings no longer name them, health is clean again.
    const fixed = await checkHealth({ database: world.t.db, azure: world.deps.azure, gitops: world.deps.gitops, mode: "demo", observers: createDependencyObservers(), settings: { prReviewers: ["platform-approver"], prTeamReviewers: [] } });
    expect(fixed.components.githubSetup).toBeUndefined();
  });

  it("decides that main moved from main's head (poll) or the push webhook, not from the PR's base.sha", async () => {
    const r = await submitAndRunJobs(world, world.deps, "search-main-moved-1");
    const moved = await world.github.pushCommitAs("someone-else", { path: "docs/unrelated.md", content: "main moves\n" });
    // GitHub leaves the PR's base.sha as it was: a portal reading it would think main never moved.
    expect((await githubJson<{ base: { sha: string } }>(world, `/pulls/${r.prNumber}`)).base.sha).toBe(r.baseSha);

    const noticed: string[] = [];
    await pollGitHub({ db: world.t.db.prisma, gitops: world.deps.gitops, onBaseMoved: async (id) => void noticed.push(id) });
    expect(noticed).toContain(r.id);

    // The push webhook says the same without waiting for a poll: the request's branch is rebuilt on the new main.
    const payload = { ref: "refs/heads/main", before: r.baseSha, after: moved };
    const event = summarizeGitHubEvent("push", payload)!;
    expect(event).toEqual({ kind: "push", ref: "refs/heads/main", after: moved });
    await applyGitHubEvent(world.deps, event);
    await new JobRunner(world.t.db.prisma, { handlers: createJobHandlers(async () => world.deps), backoff: () => 5, log: () => {} }).drain();
    const after = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: true } });
    expect(after.baseSha).toBe(moved);
    expect(after.events.map((e) => e.type)).toContain("branch_updated");
  });
});

describe("strict status checks: a branch behind main", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await startTestWorld({});
  }, 120_000);
  afterAll(() => world?.close());

  it("refuses the approval while GitHub says the branch is behind main, claiming nothing, until the branch is rebuilt on main", async () => {
    const settings = (body: object) => fetch(`${world.github.url}/_emulator/settings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await settings({ requireUpToDate: true })).ok).toBe(true);
    const r = await submitAndRunJobs(world, world.deps, "search-behind-1");
    await world.github.idle();
    const moved = await world.github.pushCommitAs("someone-else", { path: "docs/behind.md", content: "main moves\n" });
    await world.github.idle();
    expect((await githubJson<{ mergeable_state: string }>(world, `/pulls/${r.prNumber}`)).mergeable_state).toBe("behind");

    await expect(approveRequest(world.deps, world.t.users.alex, { requestId: r.id, expectedVersion: r.version })).rejects.toThrow(/requires the pull request to be up to date/);
    const refused = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(refused).toMatchObject({ status: "awaiting_approval", version: r.version });

    // The push webhook rebuilds the branch on the new main; GitHub no longer calls it behind.
    await applyGitHubEvent(world.deps, { kind: "push", ref: "refs/heads/main", after: moved });
    await new JobRunner(world.t.db.prisma, { handlers: createJobHandlers(async () => world.deps), backoff: () => 5, log: () => {} }).drain();
    await world.github.idle();
    const rebuilt = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id } });
    expect(rebuilt.baseSha).toBe(moved);
    expect((await githubJson<{ mergeable_state: string }>(world, `/pulls/${r.prNumber}`)).mergeable_state).not.toBe("behind");
  }, 120_000);
});

describe("a GitHub App installation without the pull requests permission", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await startTestWorld({ githubApp: { permissions: { metadata: "read", contents: "write", checks: "read", actions: "read", statuses: "read" } } });
  }, 120_000);
  afterAll(() => world?.close());

  it("fails the request with a message naming the permission, leaves no branch behind and no job retrying", async () => {
    const r = await submitAndRunJobs(world, world.deps, "search-app-1");
    expect(r.status).toBe("failed");
    expect(r.lastError).toMatch(/lacks the permission this needs \(Pull requests \(write\)\)\. An organisation owner must grant it/);
    expect(r.lastError).toMatch(/submit it again once the permission is granted\.$/);
    expect(r.events.at(-1)).toMatchObject({ type: "pr_error", toStatus: "failed" });
    // The one open-PR job ended at once (no retries of what only an admin can fix).
    expect(r.jobs.filter((j) => j.kind === "open-pr").map((j) => [j.status, j.attempts])).toEqual([["done", 1]]);
    const branch = await fetch(`${world.github.url}/repos/${world.github.owner}/${world.github.repo}/git/ref/heads/${r.branch}`, { headers: { authorization: `token ${world.github.token}` } });
    expect(branch.status).toBe(404);
    expect(world.github.state().pulls).toEqual([]);

    const health = await checkHealth({ database: world.t.db, azure: world.deps.azure, gitops: world.deps.gitops, mode: "production", observers: createDependencyObservers(), settings: world.deps.settings });
    expect(health.components.githubSetup).toMatchObject({ ok: false, error: "The GitHub App installation lacks Pull requests (write); an organisation owner must grant it in the App's settings." });
  });
});
