import { expect, test, type Page } from "@playwright/test";
import { approveAsAlex, expectAccessible, expectLiveStatus, snap, submitNewRequest } from "./support";

// The demo launcher starts the Azure emulator on E2E_PORT + 1020 (playwright.config.ts); admin endpoints need no token.
const AZURE = `https://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1020}`;

test.describe.configure({ mode: "serial" });

const submitAsPriya = (page: Page, name: string) => submitNewRequest(page, "priya", { name, capacity: 2, justification: `Deploy status test for ${name}.` });



test("request → approve → deploy run → Succeeded on the open request page, without a reload", async ({ page, browser }, testInfo) => {
  // A decision, a merge, a deploy run and the inventory after it.
  test.setTimeout(180_000);
  const name = "search-e2e-deploy";
  const url = await submitAsPriya(page, name);
  // Priya keeps her request page open; nothing below reloads it (a reload would drop this marker).
  await page.evaluate(() => ((window as unknown as { __stillSamePage: boolean }).__stillSamePage = true));
  await approveAsAlex(browser, name);
  const started = Date.now();
  await expectLiveStatus(page, "Succeeded", 90_000);
  console.log(`request page showed Succeeded ${Math.round((Date.now() - started) / 1000)} s after the approval`);
  expect(page.url()).toBe(url);
  expect(await page.evaluate(() => (window as unknown as { __stillSamePage?: boolean }).__stillSamePage), "the page was not reloaded").toBe(true);
  await expect(page.getByText(/Azure reports search-e2e-deploy Succeeded/)).toBeVisible();
  await snap(page, testInfo, "request-succeeded");

  // The inventory lists it in sync with its team, and its page links to the request.
  await expect(async () => {
    await page.goto(`/inventory?q=${name}`);
    await expect(page.getByTestId("inventory-row").filter({ hasText: name })).toContainText("In sync", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("owned by Search")).toBeVisible();
  await expect(page.getByRole("link", { name: /#\d+ New/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Request a change" })).toHaveAttribute("href", `/requests/new?account=contoso-openai-aue&deployment=${name}&action=change`);
  await expect(page.getByRole("link", { name: "Decommission" })).toHaveAttribute("href", `/requests/new?account=contoso-openai-aue&deployment=${name}&action=decommission`);
  await snap(page, testInfo, "deployment-page");
  await expectAccessible(page, testInfo, "deployment page");
});

test("a deployment Azure fails shows Failed with Azure's error", async ({ page, browser, playwright }, testInfo) => {
  test.setTimeout(180_000);
  const name = "search-e2e-fails";
  const azure = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  const res = await azure.post(`${AZURE}/_emulator/fail-deployment`, {
    data: { deployment: name, code: "InsufficientQuota", message: "This operation require 2 new capacity in quota Tokens Per Minute (thousands) - gpt-4o-mini, which is bigger than the current available capacity 0." },
  });
  expect(res.ok()).toBe(true);
  await azure.dispose();
  await submitAsPriya(page, name);
  await approveAsAlex(browser, name);
  await expectLiveStatus(page, "Failed", 90_000);
  await expect(page.getByRole("alert").filter({ hasText: "InsufficientQuota" })).toContainText("bigger than the current available capacity 0");
  await snap(page, testInfo, "request-failed");
  await expectAccessible(page, testInfo, "failed request");
});
