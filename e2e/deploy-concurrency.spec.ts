import { expect, test, type Browser, type Page, type PlaywrightWorkerArgs } from "@playwright/test";
import { confirmWhatTheQueueAsks, expectAccessible, signIn, snap } from "./support";

// The demo launcher starts the GitHub emulator on E2E_PORT + 1010 (playwright.config.ts); admin endpoints need no token.
const GITHUB = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1010}`;
const REPO = "contoso/platform-ai-models";
const WORKFLOW = ".github/workflows/ai-models.yml";
// The seeded workflow's deploy job queues its runs in this group (emulators/github/seed-repo.ts).
const GROUP = "    concurrency:\n      group: deploy-ai-models\n      cancel-in-progress: false\n";
const NO_GROUP = "    # concurrency group removed by the deploy-concurrency browser test\n";

test.describe.configure({ mode: "serial" });

/** Someone on the platform team pushes a change to the workflow file on main. */
async function editWorkflow(playwright: PlaywrightWorkerArgs["playwright"], search: string, replacement: string) {
  const github = await playwright.request.newContext();
  const res = await github.post(`${GITHUB}/_emulator/repos/${REPO}/commits`, {
    data: { user: "platform-lead", path: WORKFLOW, replace: { search, with: replacement }, message: "Deploy job: concurrency group changed" },
  });
  expect(res.ok(), await res.text()).toBe(true);
  await github.dispose();
}

type Choice = { account: string; model: string; version: string; sku: string };
const AUE: Choice = { account: "contoso-openai-aue", model: "gpt-4o-mini", version: "2024-07-18", sku: "GlobalStandard" };
const SWC: Choice = { account: "contoso-openai-swc", model: "o4-mini", version: "2025-04-16", sku: "GlobalStandard" };

async function submitAsPriya(page: Page, choice: Choice, deploymentName: string): Promise<string> {
  await page.goto("/requests/new");
  await expect(page.getByLabel("Account", { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Account", { exact: true }).selectOption(choice.account);
  await page.getByLabel("Model", { exact: true }).selectOption(choice.model);
  await page.getByLabel("Version", { exact: true }).selectOption(choice.version);
  await page.getByLabel("Deployment type", { exact: true }).selectOption(choice.sku);
  await page.getByLabel("Capacity", { exact: true }).fill("1");
  await page.getByLabel("Deployment name", { exact: true }).fill(deploymentName);
  await page.getByLabel("Justification", { exact: true }).fill(`Concurrent deploy test for ${deploymentName}.`);
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval", { timeout: 45_000 });
  return page.url();
}

/**
 * Alex approves (review + merge) both requests from two queue tabs, the second click a moment after the first:
 * two merges seconds apart, whose deploy runs overlap unless the workflow queues them.
 */
async function approveBothAsAlex(browser: Browser, first: string, second: string) {
  const context = await browser.newContext();
  const pages = [await context.newPage(), await context.newPage()];
  await signIn(pages[0], "alex");
  const card = (page: Page, name: string) => page.getByRole("article").filter({ has: page.getByRole("heading", { name: new RegExp(`#\\d+ ${name}$`) }) });
  for (const page of pages) {
    await expect(async () => {
      await page.goto("/queue");
      await expect(card(page, first).getByText("Checks passed")).toBeVisible({ timeout: 1000 });
      await expect(card(page, second).getByText("Checks passed")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 90_000 });
  }
  for (const [page, name] of [[pages[0], first], [pages[1], second]] as const) await confirmWhatTheQueueAsks(card(page, name));
  await card(pages[0], first).getByRole("button", { name: "Approve" }).click();
  // The first merge reaches GitHub first, so its deploy run starts first.
  await pages[1].waitForTimeout(1500);
  await card(pages[1], second).getByRole("button", { name: "Approve" }).click();
  // Each card leaves its tab's queue once merged.
  await expect(card(pages[0], first)).toHaveCount(0, { timeout: 30_000 });
  await expect(card(pages[1], second)).toHaveCount(0, { timeout: 30_000 });
  await context.close();
}

test("two approvals merged seconds apart both end Succeeded: the workflow's concurrency group queues the deploys", async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, "priya");
  const firstUrl = await submitAsPriya(first, AUE, "search-e2e-queued-a");
  const second = await context.newPage();
  const secondUrl = await submitAsPriya(second, SWC, "search-e2e-queued-b");
  await approveBothAsAlex(browser, "search-e2e-queued-a", "search-e2e-queued-b");
  await first.goto(firstUrl);
  await expect(first.getByTestId("request-status")).toHaveText("Succeeded", { timeout: 120_000 });
  await second.goto(secondUrl);
  await expect(second.getByTestId("request-status")).toHaveText("Succeeded", { timeout: 120_000 });
  await snap(second, testInfo, "queued-second-succeeded");
  await context.close();
});

test("with the concurrency group removed, the second of two quick merges fails on a conflict, with a next step", async ({ browser, playwright }, testInfo) => {
  test.setTimeout(300_000);
  await editWorkflow(playwright, GROUP, NO_GROUP);
  try {
    const context = await browser.newContext();
    const first = await context.newPage();
    await signIn(first, "priya");
    const firstUrl = await submitAsPriya(first, AUE, "search-e2e-overlap-a");
    const second = await context.newPage();
    const secondUrl = await submitAsPriya(second, SWC, "search-e2e-overlap-b");
    await approveBothAsAlex(browser, "search-e2e-overlap-a", "search-e2e-overlap-b");

    // The first run's template deployment is still running when the second run submits its own: ARM refuses
    // a second deployment named deploy_ai_models while one runs (DeploymentActive).
    await second.goto(secondUrl);
    await expect(second.getByTestId("request-status")).toHaveText("Failed", { timeout: 120_000 });
    const failure = second.getByTestId("deploy-failure");
    await expect(failure).toContainText("The deploy failed on a conflict");
    await expect(failure).toContainText("another run of the deploy workflow (deploy_ai_models) was still going");
    await expect(failure).toContainText("(DeploymentActive)");
    await expect(failure).toContainText("Next step: Re-run the deploy workflow");
    await snap(second, testInfo, "overlap-second-conflict");
    await expectAccessible(second, testInfo, "failed request, conflict");

    await first.goto(firstUrl);
    await expect(first.getByTestId("request-status")).toHaveText("Succeeded", { timeout: 120_000 });
    await context.close();
  } finally {
    // Later specs share this demo world: put the group back.
    await editWorkflow(playwright, NO_GROUP, GROUP);
  }
});
