import { expect, test, type Browser, type Page } from "@playwright/test";
import { approveQueueCard, chooseTheme, expectAccessible, type PersonaKey, signIn, snap, submitNewRequest } from "./support";

/**
 * After something goes wrong, each person has a next step that works: a deploy failed by ANOTHER deployment in
 * the file says so and recovers once that one is fixed; a removal waits for Azure until an Admin deletes it.
 */

// The demo launcher starts the Azure emulator on E2E_PORT + 1020 (playwright.config.ts); admin endpoints need no token.
const AZURE = `https://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1020}`;

test.describe.configure({ mode: "serial" });

async function asPerson(browser: Browser, who: PersonaKey): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  return { page, close: () => context.close() };
}

/** Submits a new gpt-4o-mini deployment on the Australia East account; returns the request page's URL. */
const submitNew = (page: Page, who: PersonaKey, name: string, capacity: number) => submitNewRequest(page, who, { name, capacity, justification: `Recovery journey: ${name}.` });


/** Alex approves (review + merge) the request in the queue, in his own browser context. */
async function approveAsAlex(browser: Browser, deploymentName: string) {
  const alex = await asPerson(browser, "alex");
  const card = alex.page.getByRole("article").filter({ has: alex.page.getByRole("heading", { name: new RegExp(`#\\d+ ${deploymentName}$`) }) });
  await expect(async () => {
    await alex.page.goto("/queue");
    await expect(card.getByText("Checks passed")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await approveQueueCard(alex.page, card);
  await alex.close();
}

test("a deploy failed by another deployment in the file says so, and both requests recover once it deploys", async ({ page, browser, playwright }, testInfo) => {
  // Two merges, three deploy runs.
  test.setTimeout(420_000);
  const blocker = "support-e2e-blocker";
  const mine = "search-e2e-blocked";
  // Azure refuses Marcus's deployment twice: its own deploy, then the next deploy of the file (Priya's merge).
  const azure = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  const message = "This operation require 1 new capacity in quota Tokens Per Minute (thousands) - gpt-4o-mini, which is bigger than the current available capacity 0.";
  for (let i = 0; i < 2; i++) {
    const res = await azure.post(`${AZURE}/_emulator/fail-deployment`, { data: { deployment: blocker, code: "InsufficientQuota", message } });
    expect(res.ok()).toBe(true);
  }
  await azure.dispose();

  const marcus = await asPerson(browser, "marcus");
  const blockerUrl = await submitNew(marcus.page, "marcus", blocker, 1);
  await approveAsAlex(browser, blocker);
  await expect(marcus.page.getByTestId("request-status")).toHaveText("Failed", { timeout: 90_000 });

  const url = await submitNew(page, "priya", mine, 1);
  await approveAsAlex(browser, mine);
  await expect(page.getByTestId("request-status")).toHaveText("Failed", { timeout: 90_000 });
  // Priya's request says plainly it was someone else's deployment, names it, and offers the way forward.
  const notice = page.getByTestId("deploy-failure");
  await expect(notice).toContainText("The deploy failed because of another deployment in the file");
  await expect(notice).toContainText(blocker);
  await expect(notice).toContainText(`once a later deploy of the file applies it, this request turns Succeeded by itself`);
  await expect(notice.getByRole("button", { name: "Try again" })).toBeVisible();
  await expect(notice.getByRole("link", { name: "Change and try again" })).toHaveAttribute("href", `${new URL(url).pathname}/revise`);
  await snap(page, testInfo, "failed-by-another-deployment");
  await expectAccessible(page, testInfo, "failed by another deployment");
  // The same page in dark mode and at 375 px, and the bell telling Priya it failed.
  await chooseTheme(page, "Dark");
  await expectAccessible(page, testInfo, "failed by another deployment, dark");
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, "failed-by-another-deployment-dark-375");
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await expect(page.getByTestId("notification-list").first()).toContainText(`Failed: #`);
  await snap(page, testInfo, "notifications-menu-dark-375");
  await page.keyboard.press("Escape");
  await page.setViewportSize({ width: 1280, height: 800 });
  await chooseTheme(page, "Light");

  // Azure would take it now (the quota was freed): Try again re-runs the deploy of the merge.
  await notice.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByTestId("request-status")).toHaveText(/Deploying|Succeeded/, { timeout: 30_000 });
  await expect(page.getByText(/Priya Shah re-ran the deploy of the merge/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("request-status")).toHaveText("Succeeded", { timeout: 120_000 });

  // The same deploy applied Marcus's deployment too: his request follows Azure, without anyone touching it.
  await marcus.page.goto(blockerUrl);
  await expect(marcus.page.getByTestId("request-status")).toHaveText("Succeeded", { timeout: 60_000 });
  await expect(marcus.page.getByText(/A later deploy applied it: Azure now runs support-e2e-blocker as requested/)).toBeVisible();
  await snap(marcus.page, testInfo, "applied-later");
  await marcus.close();
});

test("a removal waits for Azure; an Admin deletes it, and the request succeeds with the quota freed", async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  const name = "search-e2e-blocked";
  await signIn(page, "priya");
  await page.goto(`/requests/new?account=contoso-openai-aue&deployment=${name}&action=decommission`);
  await expect(page.getByLabel("Justification", { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Justification", { exact: true }).fill("The recovery test is over.");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const url = page.url();
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval", { timeout: 45_000 });
  await approveAsAlex(browser, name);

  // Incremental deploys leave it in Azure: not Succeeded, but visibly waiting for deletion.
  await expect(page.getByTestId("request-status")).toHaveText("Waiting for deletion in Azure", { timeout: 90_000 });
  await expect(page.getByTestId("awaiting-deletion")).toContainText("Removed from the repository — waiting for deletion in Azure");
  await snap(page, testInfo, "awaiting-deletion");

  // Sam (Admin) finds it in the list of waiting deletions and deletes it, typing its name.
  const sam = await asPerson(browser, "sam");
  await sam.page.goto("/inventory/deletions");
  await sam.page.getByRole("link", { name: new RegExp(name) }).first().click();
  await expect(sam.page).toHaveURL(url);
  await sam.page.getByLabel(`Type ${name} to confirm`).fill(name);
  await sam.page.getByRole("button", { name: "Delete in Azure" }).click();
  await expect(sam.page.getByTestId("request-status")).toHaveText("Succeeded", { timeout: 60_000 });
  await expect(sam.page.getByText(/Sam .* deleted search-e2e-blocked in Azure; contoso-openai-aue no longer has it and its quota is free again/)).toBeVisible();
  await sam.close();

  await page.goto(url);
  await expect(page.getByTestId("request-status")).toHaveText("Succeeded");
  // Gone from the inventory: the reconciler's next pass no longer finds it in Azure.
  await expect(async () => {
    await page.goto(`/inventory?q=${name}`);
    await expect(page.getByTestId("inventory-row").filter({ hasText: name })).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
});
