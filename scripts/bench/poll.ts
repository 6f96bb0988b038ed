/**
 * What the GitHub poll costs with many open pull requests (a measurement, not a test): starts the GitHub
 * emulator and a throw-away database, opens N pull requests on GitHub with a request in flight for each, then
 * runs the poll on a simulated clock and counts every call the portal's client makes and which GitHub charged
 * (anything but a 304): the first pass, an idle minute after it, ten idle minutes (optional), one changed PR, and one
 * `pull_request` webhook. Used by `npm run measure:poll` and by `npm run bench` (its `poll` section).
 *
 * The branches share one commit (a commit per branch makes seeding 1,000 PRs take half an hour), so the first
 * pass's check reads are mostly answered from the ETag cache; with distinct heads each PR costs two there.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createGitOpsClient, type GitOpsRequestEvent } from "@/lib/gitops";
import { applyGitHubEvent, pollGitHub } from "@/lib/requests";
import { startGitHubEmulator } from "../../emulators/github/server";
import { seedRequestHistory } from "../../test/seed-scale";
import { openTestDatabase } from "../../test/test-db";

export interface PollWindow {
  /** Poll passes in the window. */
  polls: number;
  /** Calls the portal's GitHub client made. */
  calls: number;
  /** Of those, the ones GitHub charges against the rate limit (anything but a 304). */
  charged: number;
}

export interface PollCost {
  openPrs: number;
  /** Wall time to open the PRs in the emulator and seed their requests. */
  seedMs: number;
  firstPass: PollWindow;
  idleMinute: PollWindow;
  /** Null when left out (`longIdle: false`). */
  idleTenMinutes: PollWindow | null;
  oneChanged: PollWindow;
  webhookClosed: { calls: number; charged: number };
  rateLimit: unknown;
}

/** Opens `prs` pull requests in a fresh GitHub emulator with a request in flight for each and counts what polling them costs. */
export async function measurePollCost(prs: number, options: { longIdle?: boolean; log?: (line: string) => void } = {}): Promise<PollCost> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(path.join(os.tmpdir(), "modelgate-measure-poll-"));
  const t = await openTestDatabase();
  const dataDir = path.join(dir, "github");
  let github = await startGitHubEmulator({ port: 0, dataDir, reset: true });
  try {
    const api = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${github.url}/repos/${github.owner}/${github.repo}${p}`, {
        method,
        headers: { authorization: `token ${github.token}`, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const main = ((await api("GET", "/git/ref/heads/main")).object as { sha: string }).sha;
    const opened: { number: number; head: string }[] = [];
    const seedStarted = performance.now();
    // One commit outside the parameter files (no workflow runs: the measurement is the poll's alone), and N
    // branches pointing at it, each with its pull request.
    await api("POST", "/git/refs", { ref: "refs/heads/scale-0", sha: main });
    const commit = ((await api("PUT", "/contents/docs/scale.md", { message: "scale", content: Buffer.from("scale\n").toString("base64"), branch: "scale-0" })).commit as { sha: string }).sha;
    // Two PRs through the API as anyone opens them; the other N-2 are written into the emulator's store while it is
    // stopped (the same branch refs and pull request records the API makes, in one git call and one state write):
    // opening 1,000 PRs one API call at a time takes 5–10 minutes here, as the emulator rewrites its whole state
    // after every change.
    for (let i = 0; i < Math.min(2, prs); i++) {
      if (i > 0) await api("POST", "/git/refs", { ref: `refs/heads/scale-${i}`, sha: commit });
      const pr = await api("POST", "/pulls", { title: `Scale ${i}`, head: `scale-${i}`, base: "main" });
      opened.push({ number: pr.number as number, head: (pr.head as { sha: string }).sha });
    }
    if (prs > 2) {
      const snapshot = structuredClone(github.state());
      await github.close();
      const refs = Array.from({ length: prs - 2 }, (_, k) => `create refs/heads/scale-${k + 2} ${commit}\n`).join("");
      const git = spawnSync("git", ["--git-dir", path.join(dataDir, "repo.git"), "update-ref", "--stdin"], { input: refs, encoding: "utf8" });
      if (git.status !== 0) throw new Error(`git update-ref: ${git.stderr}`);
      const template = snapshot.pulls.find((p) => p.number === opened[1].number)!;
      for (let k = 2; k < prs; k++) {
        const number = snapshot.nextPullNumber++;
        // A second apart, as PRs opened one after another are (the poll pages the list by update time).
        const at = new Date(Date.parse(template.createdAt) - (prs - k) * 1000).toISOString();
        snapshot.pulls.push({ ...structuredClone(template), id: snapshot.nextId++, number, title: `Scale ${k}`, headRef: `scale-${k}`, createdAt: at, updatedAt: at });
        opened.push({ number, head: template.headSha });
      }
      writeFileSync(path.join(dataDir, "state.json"), JSON.stringify(snapshot));
      github = await startGitHubEmulator({ port: 0, dataDir, reset: false });
      log(`opened ${prs} PRs in ${Math.round(performance.now() - seedStarted)} ms`);
    }
    await seedRequestHistory(t.db.sql, { requests: prs, statusMix: { awaiting_approval: 100 } });
    const values = opened.map((p, i) => `(${i + 1}, ${p.number}, '${p.head}')`).join(", ");
    await t.db.sql.exec(`
      UPDATE requests r SET pr_number = v.pr, head_sha = v.head, base_sha = NULL, updated_at = now()
        FROM (SELECT id, row_number() OVER (ORDER BY number) AS i FROM requests) o
        JOIN (VALUES ${values}) AS v(i, pr, head) ON v.i = o.i
       WHERE r.id = o.id`);
    const seedMs = Math.round(performance.now() - seedStarted);
    // A full budget for the measurement (seeding spent some of it).
    await fetch(`${github.url}/_emulator/rate-limit`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ remaining: 5000 }) });

    const calls: GitOpsRequestEvent[] = [];
    const gitops = createGitOpsClient({ baseUrl: github.url, owner: github.owner, repo: github.repo, auth: { kind: "token", token: github.token } }, { writeIntervalMs: 0, onRequest: (e) => void calls.push(e) });
    const db = t.db.prisma;
    let clock = Date.now();
    const window = async (untilMs: number): Promise<PollWindow> => {
      calls.length = 0;
      let polls = 0;
      while (clock < untilMs) {
        const r = await pollGitHub({ db, gitops, now: () => new Date(clock) });
        polls++;
        clock = r.nextPollAt ? r.nextPollAt.getTime() : clock + 15_000;
      }
      return { polls, calls: calls.length, charged: calls.filter((c) => c.status !== 304).length };
    };
    // First pass: until every PR's checks were read once (50 PRs a poll).
    const firstPass = await window(clock + Math.ceil(prs / 50) * 15_000 + 1);
    log(`first pass: ${JSON.stringify(firstPass)}`);
    const idleMinute = await window(clock + 60_000);
    const idleTenMinutes = options.longIdle === false ? null : await window(clock + 600_000);
    await github.submitReviewAs("platform-approver", opened[0].number, "COMMENT", "A comment on GitHub.");
    const oneChanged = await window(clock + 1);
    calls.length = 0;
    await applyGitHubEvent({ db, gitops }, { kind: "pull_request", action: "closed", number: opened[1].number, merged: false, mergeCommitSha: null, headSha: opened[1].head, sender: "someone" });
    const webhookClosed = { calls: calls.length, charged: calls.filter((c) => c.status !== 304).length };
    return { openPrs: prs, seedMs, firstPass, idleMinute, idleTenMinutes, oneChanged, webhookClosed, rateLimit: gitops.rateLimit };
  } finally {
    await github.close();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
