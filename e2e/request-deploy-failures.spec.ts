import { expect, test, type Browser, type Page, type PlaywrightWorkerArgs } from "@playwright/test";
import { approveQueueCard, expectAccessible, signIn, snap } from "./support";

// The demo launcher starts the Azure emulator on E2E_PORT + 1020 (playwright.config.ts); admin endpoints need no token.
const AZURE = `https://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1020}`;

// Each test is a whole journey (submit, approve, merge, deploy, read back from Azure): minutes on a busy machine.
test.describe.configure({ mode: "serial", timeout: 180_000 });

async function failNext(playwright: PlaywrightWorkerArgs["playwright"], deployment: string, code: string, message: string) {
  const azure = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  const res = await azure.post(`${AZURE}/_emulator/fail-deployment`, { data: { deployment, account: "contoso-openai-aue", code, message } });
  expect(res.ok()).toBe(true);
  await azure.dispose();
}

async function submitAsPriya(page: Page, deploymentName: string): Promise<string> {
  await signIn(page, "priya");
  await page.goto("/requests/new");
  await expect(page.getByLabel("Account", { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Account", { exact: true }).selectOption("contoso-openai-aue");
  await page.getByLabel("Model", { exact: true }).selectOption("gpt-4o-mini");
  await page.getByLabel("Version", { exact: true }).selectOption("2024-07-18");
  await page.getByLabel("Deployment type", { exact: true }).selectOption("GlobalStandard");
  await page.getByLabel("Capacity", { exact: true }).fill("1");
  await page.getByLabel("Deployment name", { exact: true }).fill(deploymentName);
  await page.getByLabel("Justification", { exact: true }).fill(`Deploy failure test for ${deploymentName}.`);
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval", { timeout: 45_000 });
  return page.url();
}

async function approveAsAlex(browser: Browser, deploymentName: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "alex");
  const card = page.getByRole("article").filter({ has: page.getByRole("heading", { name: new RegExp(`#\\d+ ${deploymentName}$`) }) });
  await expect(async () => {
    await page.goto("/queue");
    await expect(card.getByText("Checks passed")).toBeVisible({ timeout: 1000 });
    // The plan of the merge is prepared: what approving asks to confirm is known.
    await expect(card.getByTestId("plan-summary")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  // The file may hold another deployment the merge re-applies (one Azure failed before): the plan names it and the
  // queue asks to confirm that, with a reason, before it merges.
  await approveQueueCard(page, card, "The other deployment is re-applied as the file says.");
  await context.close();
}

test("a failed deploy shows the ARM error read from Azure, with a next step", async ({ page, browser, playwright }, testInfo) => {
  const name = "search-e2e-refused";
  await submitAsPriya(page, name);
  await failNext(playwright, name, "ModelDeploymentFailed", "Capacity could not be allocated for this deployment.");
  await approveAsAlex(browser, name);
  await expect(page.getByTestId("request-status")).toHaveText("Failed", { timeout: 90_000 });
  const failure = page.getByTestId("deploy-failure");
  await expect(failure).toContainText("Azure refused this deployment");
  await expect(failure).toContainText(`Azure refused ${name}: ModelDeploymentFailed: Capacity could not be allocated for this deployment.`);
  await expect(failure).toContainText("Next step:");
  await expect(failure).toContainText("Read from the Azure deployment deploy_ai_models and its operations.");
  await snap(page, testInfo, "deploy-failed-own");
  await expectAccessible(page, testInfo, "failed request, own deployment");
});

test("a merge that fails because of ANOTHER deployment in the same file says so and names it", async ({ page, browser, playwright }, testInfo) => {
  const name = "search-e2e-blocked";
  await submitAsPriya(page, name);
  // The element left by the test above comes before this one in the file; Azure fails it again when the deploy re-applies it.
  await failNext(playwright, "search-e2e-refused", "ModelDeploymentFailed", "Capacity could not be allocated for this deployment.");
  await approveAsAlex(browser, name);
  await expect(page.getByTestId("request-status")).toHaveText("Failed", { timeout: 90_000 });
  const failure = page.getByTestId("deploy-failure");
  await expect(failure).toContainText("The deploy failed because of another deployment in the file");
  await expect(failure).toContainText(`another deployment in the same file: search-e2e-refused (ModelDeploymentFailed`);
  await expect(failure).toContainText(`so ${name} was not applied`);
  await expect(failure).toContainText("fix or remove search-e2e-refused");
  await snap(page, testInfo, "deploy-failed-other");
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, "deploy-failed-other-375");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
});
