import { createHmac } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { approveQueueCard, chooseTheme, expectAccessible, type PersonaKey, signIn as signInFresh, snap, submitNewRequest } from "./support";
import { readFileSync } from "node:fs";
import path from "node:path";

// The demo launcher starts the GitHub emulator on E2E_PORT + 1010 (playwright.config.ts).
const GITHUB = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1010}`;
const REPO = "repos/contoso/platform-ai-models";
const HEADERS = { authorization: "token modelgate-demo-token", accept: "application/vnd.github+json" };

/** Signs in as another person in the same browser (the sign-in page is for signed-out visitors). */
async function signIn(page: Page, who: PersonaKey) {
  await page.context().clearCookies();
  await signInFresh(page, who);
}

interface Pull {
  number: number;
  state: string;
  merged?: boolean;
  head: { ref: string };
}

async function pullFor(request: APIRequestContext, deploymentName: string): Promise<Pull> {
  const res = await request.get(`${GITHUB}/${REPO}/pulls?state=all&per_page=100`, { headers: HEADERS });
  expect(res.ok()).toBe(true);
  const pull = ((await res.json()) as Pull[]).find((p) => p.head.ref.endsWith(`-${deploymentName}`));
  expect(pull, `a PR for ${deploymentName}`).toBeTruthy();
  const full = await request.get(`${GITHUB}/${REPO}/pulls/${pull!.number}`, { headers: HEADERS });
  return (await full.json()) as Pull;
}

async function reviewsOf(request: APIRequestContext, number: number) {
  const res = await request.get(`${GITHUB}/${REPO}/pulls/${number}/reviews`, { headers: HEADERS });
  return (await res.json()) as { state: string; body: string; user: { login: string } }[];
}

/** Priya submits a small gpt-4o-mini request through the request form and waits for its PR; returns its page URL. */
const submitAsPriya = (page: Page, name: string) => submitNewRequest(page, "priya", { name, capacity: 2, justification: `Queue test for ${name}.` });


/** A review or comment body as GitHub shows it: ModelGate escapes user text (backslashes, zero-width spaces). */
function plain(body: string): string {
  return body.replace(/\\(.)/g, "$1").replace(/\u200b/g, "");
}

/** Alex's queue card of a request. */
function queueCard(page: Page, deploymentName: string) {
  return page.getByRole("article").filter({ has: page.getByRole("heading", { name: new RegExp(`#\\d+ ${deploymentName}$`) }) });
}

/** Alex's queue card of a request, once its PR checks have finished. */
async function cardWithChecksDone(page: Page, deploymentName: string) {
  const card = page.getByRole("article").filter({ has: page.getByRole("heading", { name: new RegExp(`#\\d+ ${deploymentName}$`) }) });
  await expect(async () => {
    await page.goto("/queue");
    await expect(card).toBeVisible();
    await expect(card.getByText(/Checks passed|Checks failed/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  return card;
}

test.describe.configure({ mode: "serial" });

test("the queue is only for approvers; it holds the demo world's requests; an empty result is explained", async ({ page }, testInfo) => {
  await signIn(page, "priya");
  const refused = await page.goto("/queue");
  expect(refused?.status()).toBe(403);
  await signIn(page, "alex");
  await page.goto("/queue");
  await expect(page.getByRole("heading", { name: "Approval queue" })).toBeVisible();
  // The demo world leaves three requests waiting, one whose branch someone broke by hand.
  await expect(queueCard(page, "search-gpt-41-mini")).toBeVisible();
  await expect(queueCard(page, "support-reply-drafts").getByText("Checks failed", { exact: true })).toBeVisible();
  await snap(page, testInfo, "queue-demo-world");
  await page.goto("/queue?account=no-such-account");
  await expect(page.getByText("No pending requests match these filters")).toBeVisible();
  await snap(page, testInfo, "queue-empty");
  await expectAccessible(page, testInfo, "empty queue");
});

test("Priya submits, Alex approves in the queue: the PR is approved and merged on GitHub, the request is Deploying", async ({ page, request }, testInfo) => {
  const name = "search-q-approve";
  const requestUrl = await submitAsPriya(page, name);
  await signIn(page, "alex");
  await expect(page.getByRole("link", { name: /^Approval queue \d+$/ })).toBeVisible();
  const card = await cardWithChecksDone(page, name);
  await expect(card.getByText("Priya Shah · Search")).toBeVisible();
  await expect(card.getByText(/australiaeast GlobalStandard gpt-4o-mini: \d+% → \d+% if approved/)).toBeVisible();
  await card.getByText("Diff and justification").click();
  await expect(card.getByLabel("Diff of the pull request")).toContainText(`+    name: '${name}'`);
  await expect(card.getByText(`Queue test for ${name}.`)).toBeVisible();
  await snap(page, testInfo, "queue-full-light");
  await expectAccessible(page, testInfo, "queue");
  await chooseTheme(page, "Dark");
  await snap(page, testInfo, "queue-full-dark");
  await expectAccessible(page, testInfo, "queue dark");
  await chooseTheme(page, "Light");
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, "queue-full-375");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });

  await approveQueueCard(page, card);
  const pull = await pullFor(request, name);
  expect(pull.merged).toBe(true);
  expect((await reviewsOf(request, pull.number)).some((r) => r.state === "APPROVED" && r.user.login === "platform-approver" && plain(r.body).includes("Alex Kim"))).toBe(true);

  await signIn(page, "priya");
  await page.goto(requestUrl);
  // Deploying right after the merge; the reconciler may already have seen Azure finish.
  await expect(page.getByTestId("request-status")).toHaveText(/Deploying|Succeeded/, { timeout: 30_000 });
  await expect(page.getByText("Alex Kim ·").first()).toBeVisible();
});

test("Request changes and Reject need a comment, which goes to the PR; Reject closes it", async ({ page, request }, testInfo) => {
  // Two submissions and two decisions, each waiting for the PR's checks: more than a minute on a busy machine.
  test.setTimeout(150_000);
  const changes = "search-q-changes";
  const reject = "search-q-reject";
  const changesUrl = await submitAsPriya(page, changes);
  const rejectUrl = await submitAsPriya(page, reject);

  await signIn(page, "alex");
  let card = await cardWithChecksDone(page, changes);
  await card.getByRole("button", { name: "Request changes" }).click();
  await expect(card.getByRole("alert")).toContainText("Say what should change");
  await card.getByLabel(/Comment for the pull request/).fill("Please use capacity 1 for a first test.");
  await card.getByRole("button", { name: "Request changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Changes requested" })).toBeVisible({ timeout: 30_000 });
  const changesPull = await pullFor(request, changes);
  await expect(async () => {
    expect((await reviewsOf(request, changesPull.number)).some((r) => r.state === "CHANGES_REQUESTED" && plain(r.body).includes("Please use capacity 1 for a first test."))).toBe(true);
  }).toPass({ timeout: 30_000 });

  card = await cardWithChecksDone(page, reject);
  await card.getByLabel(/Comment for the pull request/).fill("The shared search-gpt-4o deployment has room for this.");
  await card.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rejected" })).toBeVisible({ timeout: 30_000 });
  await snap(page, testInfo, "queue-after-decisions");
  await expect(async () => {
    expect((await pullFor(request, reject)).state).toBe("closed");
  }).toPass({ timeout: 30_000 });
  expect((await pullFor(request, reject)).merged).toBe(false);

  await signIn(page, "priya");
  await page.goto(changesUrl);
  await expect(page.getByTestId("request-status")).toHaveText("Changes requested");
  // The reviewer's comment shows on top (and in the timeline).
  await expect(page.getByTestId("changes-requested")).toContainText("Please use capacity 1 for a first test.");
  await page.goto(rejectUrl);
  await expect(page.getByTestId("request-status")).toHaveText("Rejected");
  // In the page itself (the bell's menu quotes the comment too).
  await expect(page.getByRole("main").getByText("The shared search-gpt-4o deployment has room for this.")).toBeVisible();
});

test("webhooks: a forged delivery gets 401, a redelivery is acknowledged once; a review made on GitHub shows in ModelGate", async ({ page, request }) => {
  const body = JSON.stringify({ action: "closed", pull_request: { number: 1, merged: true, merge_commit_sha: "a".repeat(40), head: { sha: "b".repeat(40) } }, sender: { login: "mallory" } });
  const headers = { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "e2e-forged" };
  expect((await request.post("/api/webhooks/github", { data: body, headers })).status()).toBe(401);
  const forged = `sha256=${createHmac("sha256", "not-the-secret").update(body).digest("hex")}`;
  expect((await request.post("/api/webhooks/github", { data: body, headers: { ...headers, "x-hub-signature-256": forged } })).status()).toBe(401);
  // The secret the demo used to share with every checkout is no secret any more: each data folder has its own.
  const publicSecret = `sha256=${createHmac("sha256", "modelgate-demo-webhook-secret").update(body).digest("hex")}`;
  expect((await request.post("/api/webhooks/github", { data: body, headers: { ...headers, "x-hub-signature-256": publicSecret } })).status()).toBe(401);
  // Signed with this demo's secret, but for an event ModelGate ignores: the second delivery of the same id is a no-op.
  const secret = readFileSync(path.join(__dirname, "..", ".data", `e2e-${Number(process.env.E2E_PORT ?? 3100)}`, "webhook-secret"), "utf8").trim();
  const ping = JSON.stringify({ zen: "Keep it logically awesome." });
  const signed = { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "e2e-ping", "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(ping).digest("hex")}` };
  expect((await request.post("/api/webhooks/github", { data: ping, headers: signed })).status()).toBe(202);
  expect((await request.post("/api/webhooks/github", { data: ping, headers: signed })).status()).toBe(200);

  const name = "search-q-github";
  const url = await submitAsPriya(page, name);
  const pull = await pullFor(request, name);
  const res = await request.post(`${GITHUB}/_emulator/${REPO}/pulls/${pull.number}/reviews`, { data: { user: "octo-lead", event: "REQUEST_CHANGES", body: "Reviewed on GitHub: please halve it." } });
  expect(res.ok()).toBe(true);
  await expect(async () => {
    await page.goto(url);
    await expect(page.getByTestId("request-status")).toHaveText("Changes requested", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("changes-requested")).toContainText("Reviewed on GitHub: please halve it.");
  await expect(page.getByTestId("changes-requested")).toContainText("Changes requested by octo-lead (on GitHub)");
  await expect(page.getByRole("main").getByText("octo-lead (on GitHub)").first()).toBeVisible();
});
