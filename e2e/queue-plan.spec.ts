import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from "@playwright/test";
import { chooseTheme, expectAccessible, signIn, snap, type PersonaKey } from "./support";

// The demo launcher starts the GitHub emulator on E2E_PORT + 1010 and the Azure emulator on E2E_PORT + 1020.
const GITHUB = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1010}`;
const AZURE = `https://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1020}`;
const REPO = "repos/contoso/platform-ai-models";
const HEADERS = { authorization: "token modelgate-demo-token", accept: "application/vnd.github+json" };
const SUB = "6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f";

test.describe.configure({ mode: "serial" });

interface Pull {
  number: number;
  html_url: string;
  merged?: boolean;
  merge_commit_sha: string | null;
  head: { ref: string; sha: string };
}

async function pullFor(request: APIRequestContext, deploymentName: string): Promise<Pull> {
  const res = await request.get(`${GITHUB}/${REPO}/pulls?state=all&per_page=100`, { headers: HEADERS });
  const pull = ((await res.json()) as Pull[]).find((p) => p.head.ref.endsWith(`-${deploymentName}`));
  expect(pull, `a PR for ${deploymentName}`).toBeTruthy();
  return (await (await request.get(`${GITHUB}/${REPO}/pulls/${pull!.number}`, { headers: HEADERS })).json()) as Pull;
}

async function planComments(request: APIRequestContext, number: number): Promise<{ body: string }[]> {
  const res = await request.get(`${GITHUB}/${REPO}/issues/${number}/comments?per_page=100`, { headers: HEADERS });
  return ((await res.json()) as { body: string }[]).filter((c) => c.body.startsWith("<!-- modelgate:plan"));
}

/** Changes a deployment in Azure by hand (as if in the Azure portal), through the Azure emulator's admin API. */
async function changeInAzure(playwright: { request: { newContext: (o: { ignoreHTTPSErrors: boolean }) => Promise<APIRequestContext> } }, path: string, data: unknown) {
  const azure = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  const res = await azure.post(`${AZURE}${path}`, { data });
  expect(res.ok(), await res.text()).toBe(true);
  const body = await res.json();
  await azure.dispose();
  return body;
}

async function submitAs(page: Page, who: PersonaKey, input: { account: string; model: string; version: string; sku: string; capacity: number; name: string; justification?: string }): Promise<string> {
  await page.context().clearCookies();
  await signIn(page, who, "/requests/new");
  await expect(page.getByLabel("Account", { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Account", { exact: true }).selectOption(input.account);
  await page.getByLabel("Model", { exact: true }).selectOption(input.model);
  await page.getByLabel("Version", { exact: true }).selectOption(input.version);
  await page.getByLabel("Deployment type", { exact: true }).selectOption(input.sku);
  await page.getByLabel("Capacity", { exact: true }).fill(String(input.capacity));
  await page.getByLabel("Deployment name", { exact: true }).fill(input.name);
  await page.getByLabel("Justification", { exact: true }).fill(input.justification ?? `Plan test for ${input.name}.`);
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval", { timeout: 45_000 });
  return page.url();
}

/** The queue card of a request once its plan (and checks) are there, reloading the queue until then. */
async function queueCard(page: Page, deploymentName: string, ready: RegExp) {
  const card = page.getByTestId("queue-item").filter({ has: page.getByRole("heading", { name: new RegExp(`#\\d+ ${deploymentName}$`) }) });
  await expect(async () => {
    await page.goto("/queue");
    await expect(card.getByTestId("plan-summary")).toHaveText(ready, { timeout: 1000 });
    await expect(card.getByText(/Checks passed|Checks failed/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 150_000 });
  return card;
}

async function lookEverywhere(page: Page, testInfo: TestInfo, name: string) {
  await snap(page, testInfo, `${name}-light`);
  await expectAccessible(page, testInfo, name);
  await chooseTheme(page, "Dark");
  await snap(page, testInfo, `${name}-dark`);
  await expectAccessible(page, testInfo, `${name} dark`);
  await chooseTheme(page, "Light");
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, `${name}-375`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name}: no horizontal scrolling at 375 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The emulated GitHub's page of the PR (the plan comment rendered as GitHub-flavoured markdown), light, dark and narrow. */
async function lookAtPullRequest(browser: Browser, url: string, testInfo: TestInfo, name: string) {
  for (const [scheme, width] of [["light", 1280], ["dark", 1280], ["light", 375]] as const) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await expect(page.getByRole("heading", { name: "ModelGate plan of this merge" })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`${name}-${scheme}-${width}.png`), fullPage: true });
    await context.close();
  }
}

test("a capacity changed by hand in Azure: the queue says '1 unrelated change', the PR has one plan comment naming it, approving asks for a confirmation, and the merge sets it back", async ({ page, request, browser, playwright }, testInfo) => {
  test.setTimeout(420_000);
  // A deploy still running (another spec's) would re-apply the file over the hand change: let it finish.
  expect((await request.post(`${GITHUB}/_emulator/idle`)).ok()).toBe(true);
  const changed = await changeInAzure(playwright, "/_emulator/accounts/contoso-openai-swc/deployments/search-gpt-41", { capacity: 90 });
  expect(changed.sku.capacity).toBe(90);

  const name = "search-plan-o4";
  const requestUrl = await submitAs(page, "priya", { account: "contoso-openai-swc", model: "o4-mini", version: "2025-04-16", sku: "GlobalStandard", capacity: 2, name });

  await page.context().clearCookies();
  await signIn(page, "alex");
  // The reconciler reads Azure every 30 s; the plan follows its read.
  // The demo world seeds a drift on this account too (support-o4-mini), unless an earlier spec's merge into the file
  // already set it back: one or two unrelated changes, and the one made here is named.
  const card = await queueCard(page, name, /^1 create, [12] unrelated changes?, quota fits/);
  await expect(card.getByTestId("plan-unrelated")).toContainText("set search-gpt-41's capacity back from 90 to 100 (changed by hand in Azure on");
  await card.getByText("Plan details").click();
  await expect(card.getByTestId("plan-change").filter({ hasText: "search-gpt-41" })).toContainText("capacity 90 → 100");
  await expect(card.getByText(/ModelGate's plan from the parameter file at [0-9a-f]{7} and Azure's state of contoso-openai-swc as read at \d{4}-\d\d-\d\d \d\d:\d\d UTC — not Azure's what-if/)).toBeVisible();
  await card.getByText("Diff and justification").click();
  await expect(card.getByLabel("Diff of the pull request")).toContainText(`+    name: '${name}'`);
  await lookEverywhere(page, testInfo, "queue-plan");

  // One ModelGate comment on the PR, naming the drift.
  const pull = await pullFor(request, name);
  const comments = await planComments(request, pull.number);
  expect(comments).toHaveLength(1);
  // As GitHub gets it: text escaped (ASCII punctuation backslash-escaped), which GitHub renders as written.
  expect(comments[0].body).toMatch(/\*\*1 create\\, [12] unrelated changes?\\, quota fits\*\*/);
  expect(comments[0].body).toContain("set search\\-gpt\\-41\\'s capacity back from 90 to 100 \\(changed by hand in Azure on");
  await lookAtPullRequest(browser, pull.html_url, testInfo, "pr-plan-comment");

  // Approving needs the recorded confirmation.
  await expect(card.getByTestId("approve-confirmations")).toContainText("Approve although the merge also changes deployments the request doesn't ask for");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card.getByRole("alert")).toContainText("confirm first");
  await card.getByLabel("Approve although the merge also changes deployments the request doesn't ask for").check();
  await card.getByLabel("Reason (recorded with the approval)").fill("Setting search-gpt-41 back to 100 is what the file says.");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved and merged" })).toBeVisible({ timeout: 30_000 });
  expect(await planComments(request, pull.number)).toHaveLength(1);

  await page.context().clearCookies();
  await signIn(page, "priya", requestUrl);
  await expect(page.getByText("Approved despite changes the request doesn't ask for: Setting search-gpt-41 back to 100 is what the file says.")).toBeVisible();
  // After the merge, the drift is gone: the deploy set search-gpt-41 back to the file's 100.
  const row = page.getByTestId("inventory-row").filter({ hasText: "search-gpt-41" });
  await expect(async () => {
    await page.goto("/inventory?account=contoso-openai-swc");
    await expect(row).toContainText("In sync", { timeout: 1000 });
  }).toPass({ timeout: 150_000 });
  await page.goto(requestUrl);
  await expect(page.getByTestId("request-status")).toHaveText("Succeeded", { timeout: 60_000 });
});

test("a file that won't fit the quota through another element: 'quota won't fit' before the merge, and the deploy run indeed fails", async ({ page, request, playwright }, testInfo) => {
  test.setTimeout(420_000);
  expect((await request.post(`${GITHUB}/_emulator/idle`)).ok()).toBe(true);
  const pool = { location: "eastus2", usageName: "OpenAI.GlobalStandard.text-embedding-3-small" };
  const usages = await (await playwright.request.newContext({ ignoreHTTPSErrors: true })).get(
    `${AZURE}/subscriptions/${SUB}/providers/Microsoft.CognitiveServices/locations/eastus2/usages?api-version=2025-09-01`,
    { headers: { authorization: "Bearer e2e" } },
  );
  const original = ((await usages.json()) as { value: { name: { value: string }; limit: number }[] }).value.find((u) => u.name.value === pool.usageName)!.limit;
  // Someone lowered search-embedding-small from 350 to 100 in Azure, and the pool's limit is 200: a new 50 fits on
  // its own, but the merge also sets search-embedding-small back to 350.
  await changeInAzure(playwright, "/_emulator/accounts/contoso-openai-eus2/deployments/search-embedding-small", { capacity: 100 });
  await changeInAzure(playwright, "/_emulator/quota", { ...pool, limit: 200 });
  try {
    const name = "search-plan-embed";
    const requestUrl = await submitAs(page, "priya", { account: "contoso-openai-eus2", model: "text-embedding-3-small", version: "1", sku: "GlobalStandard", capacity: 50, name });
    await page.context().clearCookies();
    await signIn(page, "alex");
    const card = await queueCard(page, name, /quota won't fit/);
    // The queue's own impact (this request alone) fits; the plan of the whole file doesn't.
    await expect(card.getByText(/eastus2 GlobalStandard text-embedding-3-small: \d+% → \d+% if approved$/)).toBeVisible();
    await expect(card.getByTestId("plan-fails")).toContainText("search-embedding-small tips it over");
    await snap(page, testInfo, "queue-plan-quota");
    await card.getByLabel("Approve although the merge also changes deployments the request doesn't ask for").check();
    await card.getByLabel("Approve although the quota doesn't fit").check();
    await card.getByLabel("Reason (recorded with the approval)").fill("Checking that the plan is right.");
    await card.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Approved and merged" })).toBeVisible({ timeout: 30_000 });

    const pull = await pullFor(request, name);
    expect(pull.merged).toBe(true);
    await expect(async () => {
      const runs = (await (await request.get(`${GITHUB}/${REPO}/actions/runs?head_sha=${pull.merge_commit_sha}`, { headers: HEADERS })).json()) as { workflow_runs: { status: string; conclusion: string | null }[] };
      expect(runs.workflow_runs[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    }).toPass({ timeout: 120_000 });
    await page.context().clearCookies();
    await signIn(page, "priya", requestUrl);
    await expect(page.getByTestId("request-status")).toHaveText("Failed", { timeout: 90_000 });
    await snap(page, testInfo, "request-failed-quota");
  } finally {
    // Leave the demo world as the other specs expect it: the pool's limit and the deployment's capacity back.
    await changeInAzure(playwright, "/_emulator/quota", { ...pool, limit: original });
    await changeInAzure(playwright, "/_emulator/accounts/contoso-openai-eus2/deployments/search-embedding-small", { capacity: 350 });
  }
});

test("a commit pushed to the PR by hand shows in the queue's diff with the failed check, needs confirmations, and a stale tab says who decided first", async ({ page, request, browser }, testInfo) => {
  test.setTimeout(300_000);
  const name = "search-plan-handpush";
  const longWord = "x".repeat(400);
  await submitAs(page, "priya", { account: "contoso-openai-aue", model: "gpt-4o-mini", version: "2024-07-18", sku: "GlobalStandard", capacity: 2, name, justification: `Unbroken text must not widen the queue: ${longWord}` });
  const pull = await pullFor(request, name);
  const pushed = await request.post(`${GITHUB}/_emulator/${REPO}/commits`, {
    data: { user: "octo-dev", branch: pull.head.ref, path: "manage-ai-models/contoso-openai-aue.bicepparam", message: "Set capacity to five", replace: { search: `name: '${name}'\n    sku: {\n      capacity: 2`, with: `name: '${name}'\n    sku: {\n      capacity: 'five'` } },
  });
  expect(pushed.ok(), await pushed.text()).toBe(true);

  await page.context().clearCookies();
  await signIn(page, "alex");
  const card = page.getByTestId("queue-item").filter({ has: page.getByRole("heading", { name: new RegExp(`#\\d+ ${name}$`) }) });
  await expect(async () => {
    await page.goto("/queue");
    await expect(card.getByTestId("foreign-commits")).toContainText("“Set capacity to five” by octo-dev", { timeout: 1000 });
    await expect(card.getByTestId("failed-check")).toContainText("build_and_validate failed", { timeout: 1000 });
  }).toPass({ timeout: 120_000 });
  await expect(card.getByTestId("failed-check").getByRole("link", { name: /View the run/ })).toHaveAttribute("href", /\/actions\/runs\/\d+/);
  await card.getByText("Diff and justification").click();
  await expect(card.getByLabel("Diff of the pull request")).toContainText("+      capacity: 'five'");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), "long unbroken text doesn't widen the queue at 1280 px").toBeLessThanOrEqual(0);
  await snap(page, testInfo, "queue-foreign-commit");
  await expectAccessible(page, testInfo, "queue with a foreign commit");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card.getByRole("alert")).toContainText(/Checks failed|confirm first/);
  await expect(card.getByTestId("approve-confirmations")).toContainText("Approve although the branch holds commits ModelGate didn't write");
  await expect(card.getByTestId("approve-confirmations")).toContainText("Approve despite failed checks");

  // A stale tab: Sam rejects it meanwhile; Alex's old page then says who decided and how.
  const other = await browser.newContext();
  const samPage = await other.newPage();
  await signIn(samPage, "sam", "/queue");
  const samCard = samPage.getByTestId("queue-item").filter({ has: samPage.getByRole("heading", { name: new RegExp(`#\\d+ ${name}$`) }) });
  await samCard.getByLabel(/Comment for the pull request/).fill("Capacity must be a number.");
  await samCard.getByRole("button", { name: "Reject" }).click();
  await expect(samPage.getByRole("status").filter({ hasText: "Rejected" })).toBeVisible({ timeout: 30_000 });
  await other.close();
  await card.getByLabel(/Comment for the pull request/).fill("Please use a number.");
  await card.getByRole("button", { name: "Request changes" }).click();
  const notice = page.getByTestId("already-decided");
  await expect(notice).toContainText(`${name} was already decided`, { timeout: 30_000 });
  await expect(notice).toContainText("It is Rejected by Sam Rivera");
  await expect(notice).toContainText("Capacity must be a number.");
  await snap(page, testInfo, "queue-already-decided");
});

test("the retirement radar lists NoAutoUpgrade deployments first, with the day they stop working and an upgrade link", async ({ page, playwright }, testInfo) => {
  test.setTimeout(180_000);
  // Someone pins support-gpt-35-turbo to its version in Azure: plain ARM PATCH. It stops on 2027-01-05: Azure retires
  // its deployment type before the version itself (2027-02-01).
  const azure = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  const pin = (versionUpgradeOption: string) =>
    azure.patch(`${AZURE}/subscriptions/${SUB}/resourceGroups/contoso-openai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-openai-aue/deployments/support-gpt-35-turbo?api-version=2025-09-01`, {
      headers: { authorization: "Bearer e2e" },
      data: { properties: { versionUpgradeOption } },
    });
  const res = await pin("NoAutoUpgrade");
  expect(res.status(), await res.text()).toBeLessThan(300);
  try {
    await signIn(page, "marcus");
    const first = page.getByTestId("retirement-row").first();
    await expect(async () => {
      await page.goto("/inventory/retirements");
      await expect(first.getByTestId("no-auto-upgrade")).toContainText("NoAutoUpgrade: stops working on 2027-01-05 unless upgraded", { timeout: 1000 });
    }).toPass({ timeout: 120_000 });
    await expect(first).toContainText("support-gpt-35-turbo");
    await expect(first.getByRole("link", { name: /Request upgrade/ }).first()).toHaveAttribute("href", /deployment=support-gpt-35-turbo&action=upgrade/);
    await lookEverywhere(page, testInfo, "radar-no-auto-upgrade");
  } finally {
    // Back to what Azure reports when a file leaves the option out, for the specs after this one.
    // (Azure refuses a change while the previous one is still being applied: try again for a few seconds.)
    for (let i = 0; i < 10 && (await pin("OnceCurrentVersionExpired")).status() >= 300; i++) await new Promise((r) => setTimeout(r, 1000));
    await azure.dispose();
  }
});
