import { expect, test } from "@playwright/test";
import { chooseTheme, expectAccessible, signIn, snap } from "./support";

test.describe.configure({ mode: "serial" });

test("a prefilled change link opens the change flow for the owning team; the diff changes only the capacity line", async ({ page }, testInfo) => {
  await signIn(page, "priya");
  await page.goto("/requests/new?account=contoso-openai-aue&deployment=search-embedding-large&action=change");
  await expect(page.getByRole("radio", { name: "Change capacity or version" })).toBeChecked({ timeout: 30_000 });
  await expect(page.getByLabel("Deployment name", { exact: true })).toHaveValue("search-embedding-large");
  await page.getByLabel("Capacity", { exact: true }).fill("130");
  const diff = page.getByLabel("Diff");
  await expect(diff).toContainText("-      capacity: 120");
  await expect(diff).toContainText("+      capacity: 130");
  await snap(page, testInfo, "change-flow");
  await expectAccessible(page, testInfo, "change flow");
  await page.getByLabel("Justification", { exact: true }).fill("Reindexing needs more embedding throughput.");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval", { timeout: 45_000 });
  await expect(page.getByText("was 120")).toBeVisible();

  // Cancel it: the page says Cancelled and the timeline records it.
  await page.getByLabel("Reason for cancelling (optional)").fill("Changed our plans");
  await page.getByRole("button", { name: "Cancel request" }).click();
  // Cancelling closes the pull request: the page asks once more.
  await expect(page.getByRole("alert").filter({ hasText: /closes pull request #\d+/ })).toBeVisible();
  await snap(page, testInfo, "cancel-confirm");
  await page.getByRole("button", { name: "Yes, cancel the request" }).click();
  await expect(page.getByTestId("request-status")).toHaveText("Cancelled", { timeout: 30_000 });
  await expect(page.getByText("Cancelled: Changed our plans")).toBeVisible();
  await snap(page, testInfo, "cancelled");
});

test("another team's deployment can't be changed from a prefilled link", async ({ page }, testInfo) => {
  await signIn(page, "marcus");
  await page.goto("/requests/new?account=contoso-openai-aue&deployment=search-gpt-4o&action=decommission");
  await expect(page.getByText(/search-gpt-4o belongs to the Search team/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel("Deployment name", { exact: true }).locator("option", { hasText: "search-gpt-4o" })).toHaveCount(0);
  await snap(page, testInfo, "not-your-deployment");
});

test("a Manager can't open the form (403)", async ({ page }) => {
  await signIn(page, "dana");
  const res = await page.goto("/requests/new");
  expect(res?.status()).toBe(403);
});

test("an upgrade link preselects the version; the request page reads well in dark mode and at 375 px", async ({ page }, testInfo) => {
  await signIn(page, "marcus");
  await page.goto("/requests/new?account=contoso-openai-eus2&deployment=support-gpt-4o-ptu&action=upgrade&version=2024-11-20");
  await expect(page.getByLabel("Version", { exact: true })).toHaveValue("2024-11-20", { timeout: 30_000 });
  const diff = page.getByLabel("Diff");
  await expect(diff).toContainText("-      version: '2024-08-06'");
  await expect(diff).toContainText("+      version: '2024-11-20'");
  await expect(page.getByText(/PTUs \(provisioned throughput units\)/)).toBeVisible();
  await page.getByLabel("Justification", { exact: true }).fill("2024-08-06 retires in February; move to the current default.");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval", { timeout: 45_000 });
  await chooseTheme(page, "Dark");
  await snap(page, testInfo, "request-page-dark");
  await expectAccessible(page, testInfo, "request page dark");
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, "request-page-375");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
  await chooseTheme(page, "Light");
});

test("an upgrade whose replacement is another model opens a new-deployment request for that model", async ({ page }, testInfo) => {
  await signIn(page, "marcus");
  await page.goto("/requests/new?account=contoso-openai-aue&deployment=support-gpt-35-turbo&action=upgrade&model=gpt-4.1-mini&version=2025-04-14");
  await expect(page.getByText("support-gpt-35-turbo's replacement is another model")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue("gpt-4.1-mini");
  await expect(page.getByLabel("Version", { exact: true })).toHaveValue("2025-04-14");
  await snap(page, testInfo, "upgrade-to-another-model");
  await expectAccessible(page, testInfo, "upgrade to another model");
});
