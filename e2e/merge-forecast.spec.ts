import { expect, test, type Browser, type Page } from "@playwright/test";
import { approveQueueCard, cancelOpenRequest, expectAccessible, signIn, snap, submitNewRequest } from "./support";

// The demo launcher starts the Azure emulator on E2E_PORT + 1020 (playwright.config.ts); admin endpoints need no token.
const AZURE = `https://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1020}`;

test.describe.configure({ mode: "serial" });

type Choice = { model: string; version: string; sku: string };

const submitAsPriya = (page: Page, choice: Choice, name: string) =>
  submitNewRequest(page, "priya", { ...choice, name, capacity: 1, justification: `Merge forecast test for ${name}.` });


/** The request page's forecast, once the page has read the pull request and asked Azure about its file. */
async function expectForecast(page: Page, url: string, ...texts: string[]) {
  await expect(async () => {
    await page.goto(url);
    const forecast = page.getByTestId("merge-forecast");
    for (const text of texts) await expect(forecast).toContainText(text, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
}

/** Alex's queue card for the request: its forecast, then (optionally) his approval. */
async function queueCardAsAlex(browser: Browser, deploymentName: string, texts: string[], approve: boolean) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "alex");
  const card = page.getByRole("article").filter({ has: page.getByRole("heading", { name: new RegExp(`#\\d+ ${deploymentName}$`) }) });
  await expect(async () => {
    await page.goto("/queue");
    await expect(card.getByText("Checks passed")).toBeVisible({ timeout: 1000 });
    for (const text of texts) await expect(card.getByTestId("merge-forecast")).toContainText(text, { timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  await card.scrollIntoViewIfNeeded();
  await snap(page, test.info(), `queue-forecast-${deploymentName}`);
  if (approve) {
    await approveQueueCard(page, card, "Merging anyway to see what Azure does with the file.");
  }
  await context.close();
}

test("a limited-access model: its page and queue card say Azure would refuse it; merged anyway, nothing of the file is applied", async ({ page, browser }, testInfo) => {
  const name = "search-e2e-o3";
  const url = await submitAsPriya(page, { model: "o3", version: "2025-04-16", sku: "GlobalStandard" }, name);
  await expectForecast(page, url, "Azure would refuse this deployment", "SpecialFeatureOrQuotaIdRequired", "limited-access model");
  await snap(page, testInfo, "o3-forecast");
  await expectAccessible(page, testInfo, "request page with a forecast");

  await queueCardAsAlex(browser, name, ["Azure would refuse this deployment", "SpecialFeatureOrQuotaIdRequired"], true);
  await page.goto(url);
  await expect(page.getByTestId("request-status")).toHaveText("Failed", { timeout: 90_000 });
  const failure = page.getByTestId("deploy-failure");
  await expect(failure).toContainText("Azure refused this deployment");
  await expect(failure).toContainText("Nothing of the file was applied.");
  await expect(failure).toContainText("Read from Azure Resource Manager's validation of the parameter file");
  await snap(page, testInfo, "o3-failed");
});

test("the next request for that file: its page and queue card say a merge would fail because of ANOTHER deployment in it", async ({ page, browser, playwright }, testInfo) => {
  const name = "search-e2e-after-o3";
  const url = await submitAsPriya(page, { model: "gpt-4o-mini", version: "2024-07-18", sku: "GlobalStandard" }, name);
  try {
    await expectForecast(page, url, "A merge would fail because of another deployment in the file", "search-e2e-o3 (SpecialFeatureOrQuotaIdRequired", `so ${name} would not be applied either`, "Fix or remove search-e2e-o3");
    await snap(page, testInfo, "other-forecast");
    await page.setViewportSize({ width: 375, height: 800 });
    await snap(page, testInfo, "other-forecast-375");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    await queueCardAsAlex(browser, name, ["A merge would fail because of another deployment in the file", "search-e2e-o3"], false);
  } finally {
    // Later specs share this demo world: withdraw the request and let the subscription deploy o3, so the file deploys again.
    await page.goto(url);
    await cancelOpenRequest(page);
    const azure = await playwright.request.newContext({ ignoreHTTPSErrors: true });
    expect((await azure.post(`${AZURE}/_emulator/config`, { data: { limitedAccessGranted: true } })).ok()).toBe(true);
    await azure.dispose();
  }
});
