import { expect, test, type Browser, type Page, type PlaywrightWorkerArgs } from "@playwright/test";
import { approveAsAlex, expectAccessible, signIn, snap, submitNewRequest } from "./support";

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

const submitAsPriya = (page: Page, name: string) => submitNewRequest(page, "priya", { name, capacity: 1, justification: `Deploy failure test for ${name}.` });


// The file may hold another deployment the merge re-applies (one Azure failed before): the plan names it and the
// queue asks to confirm that, with a reason, before it merges.
const approve = (browser: Browser, name: string) => approveAsAlex(browser, name, "The other deployment is re-applied as the file says.");


test("a failed deploy shows the ARM error read from Azure, with a next step", async ({ page, browser, playwright }, testInfo) => {
  const name = "search-e2e-refused";
  await submitAsPriya(page, name);
  await failNext(playwright, name, "ModelDeploymentFailed", "Capacity could not be allocated for this deployment.");
  await approve(browser, name);
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
  await approve(browser, name);
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

  // Approvers are warned in the queue before they merge more into a file whose last deploy failed.
  const context = await browser.newContext();
  const alex = await context.newPage();
  await signIn(alex, "alex");
  await alex.goto("/queue");
  const warning = alex.getByTestId("account-deploy-failures");
  await expect(warning).toContainText("The deploy applies the whole file");
  await expect(warning.getByRole("listitem").filter({ hasText: "contoso-openai-aue" }).getByRole("link", { name: new RegExp(`^#\\d+ ${name}$`) })).toBeVisible();
  await snap(alex, testInfo, "queue-deploy-failure-warning");
  await context.close();
});
