import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { approveQueueCard, chooseTheme, expectAccessible, signIn, snap, type PersonaKey } from "./support";

// The demo launcher starts the GitHub emulator on E2E_PORT + 1010 (playwright.config.ts).
const GITHUB = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1010}`;
const REPO = "repos/contoso/platform-ai-models";
const HEADERS = { authorization: "token modelgate-demo-token", accept: "application/vnd.github+json" };

test.describe.configure({ mode: "serial" });

async function pullsFor(request: APIRequestContext, deploymentName: string) {
  const res = await request.get(`${GITHUB}/${REPO}/pulls?state=all&per_page=100`, { headers: HEADERS });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { number: number; state: string; title: string; head: { ref: string } }[]).filter((p) => p.head.ref.includes(`-${deploymentName}`));
}

/** A page of its own for another person (the other person's session stays in the first page). */
async function asPerson(browser: Browser, who: PersonaKey): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  return { page, close: () => context.close() };
}

/** Alex's queue card of a request once its checks have finished. */
async function queueCard(page: Page, deploymentName: string) {
  const card = page.getByRole("article").filter({ has: page.getByRole("heading", { name: new RegExp(`#\\d+ ${deploymentName}$`) }) });
  await expect(async () => {
    await page.goto("/queue");
    await expect(card.getByText("Checks passed")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  return card;
}

test("changes requested → revise → approved → Succeeded, all on the same pull request", async ({ page, browser, request }, testInfo) => {
  // Two decisions, a push, a merge and a deploy.
  test.setTimeout(300_000);
  const name = "search-e2e-revise";
  await signIn(page, "priya");
  await page.goto("/requests/new");
  await expect(page.getByLabel("Account", { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Account", { exact: true }).selectOption("contoso-openai-aue");
  await page.getByLabel("Model", { exact: true }).selectOption("gpt-4o-mini");
  await page.getByLabel("Deployment type", { exact: true }).selectOption("GlobalStandard");
  await page.getByLabel("Capacity", { exact: true }).fill("3");
  await page.getByLabel("Deployment name", { exact: true }).fill(name);
  await page.getByLabel("Justification", { exact: true }).fill("Relevance tests for the revise journey.");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const requestUrl = page.url();
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval", { timeout: 45_000 });
  const [pr] = await pullsFor(request, name);
  expect(pr).toBeTruthy();

  // Alex asks for a smaller capacity.
  const alex = await asPerson(browser, "alex");
  const card = await queueCard(alex.page, name);
  await card.getByLabel(/Comment for the pull request/).fill("3 is more than a relevance test needs; 2 will do.");
  await card.getByRole("button", { name: "Request changes" }).click();
  await expect(card).toHaveCount(0, { timeout: 30_000 }).catch(() => undefined);

  // Priya sees the comment on top, with the way forward.
  await page.goto(requestUrl);
  await expect(page.getByTestId("request-status")).toHaveText("Changes requested", { timeout: 30_000 });
  const banner = page.getByTestId("changes-requested");
  await expect(banner).toContainText("Changes requested by Alex Kim");
  await expect(banner).toContainText("3 is more than a relevance test needs; 2 will do.");
  await snap(page, testInfo, "changes-requested-banner");
  await expectAccessible(page, testInfo, "changes requested");
  await banner.getByRole("link", { name: "Revise request" }).click();

  // The form opens prefilled with the request; only the capacity changes.
  await expect(page.getByRole("heading", { name: /Revise request #\d+/ })).toBeVisible();
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue("gpt-4o-mini");
  await expect(page.getByLabel("Capacity", { exact: true })).toHaveValue("3");
  await expect(page.getByLabel("Deployment name", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Justification", { exact: true })).toHaveValue("Relevance tests for the revise journey.");
  await page.getByLabel("Capacity", { exact: true }).fill("2");
  await expect(page.getByLabel("Diff")).toContainText("+      capacity: 2");
  await snap(page, testInfo, "revise-form");
  await expectAccessible(page, testInfo, "revise form");
  await page.getByRole("button", { name: "Send the revision" }).click();

  // Back on the same request: waiting for approval again; the timeline says what changed and that it was pushed.
  await expect(page).toHaveURL(requestUrl, { timeout: 30_000 });
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval");
  await expect(page.getByText("Priya Shah revised the request: capacity 3,000 → 2,000 tokens per minute.")).toBeVisible();
  await expect(page.getByText("Revision pushed to the pull request")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("link", { name: `Pull request #${pr.number}` })).toBeVisible();

  // Alex approves; it deploys and succeeds — one PR for the whole journey.
  const again = await queueCard(alex.page, name);
  await expect(again).toContainText("2");
  await approveQueueCard(alex.page, again);
  await alex.close();
  await expect(page.getByTestId("request-status")).toHaveText("Succeeded", { timeout: 90_000 });
  const prs = await pullsFor(request, name);
  expect(prs.map((p) => p.number)).toEqual([pr.number]);
  expect(prs[0].title).toContain("GlobalStandard 2)");
  await snap(page, testInfo, "revised-succeeded");
});

test("the requester and the approver see their notifications, and the demo's mailbox shows the e-mails", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const name = "search-e2e-revise";
  // Priya heard of the requested changes and of the success.
  await signIn(page, "priya");
  const bell = page.getByRole("button", { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toBeVisible();
  await bell.click();
  const menu = page.getByTestId("notification-list").first();
  await expect(menu.getByText(new RegExp(`Changes requested: #\\d+ ${name}`))).toBeVisible();
  await expect(menu.getByText(new RegExp(`Succeeded: #\\d+ ${name}`))).toBeVisible();
  await snap(page, testInfo, "notifications-menu-requester");
  await expectAccessible(page, testInfo, "notifications menu");
  await page.getByRole("link", { name: "All notifications and settings" }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Mark all read" }).first().click();
  await expect(page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible({ timeout: 15_000 });
  // Turning a kind off is saved.
  await page.getByLabel("My requests succeeded in the app").uncheck();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("My requests succeeded in the app")).not.toBeChecked();
  await page.getByLabel("My requests succeeded in the app").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await snap(page, testInfo, "notifications-page");
  await expectAccessible(page, testInfo, "notifications page");

  // The e-mails went to the demo's mail catcher.
  await page.goto("/notifications/mail?to=me");
  const mails = page.getByTestId("mail");
  await expect(mails.filter({ hasText: new RegExp(`Changes requested: #\\d+ ${name}`) })).toHaveCount(1, { timeout: 30_000 });
  await expect(mails.filter({ hasText: new RegExp(`Succeeded: #\\d+ ${name}`) })).toHaveCount(1, { timeout: 30_000 });
  await expect(mails.first()).toContainText("To priya.shah@contoso.example");
  await snap(page, testInfo, "demo-mailbox");
  await expectAccessible(page, testInfo, "demo mailbox");
  await chooseTheme(page, "Dark");
  await snap(page, testInfo, "demo-mailbox-dark");
  await chooseTheme(page, "Light");

  // Alex heard of the new request and of its revision, with account and team.
  await signIn(page, "alex");
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  const alexMenu = page.getByTestId("notification-list").first();
  await expect(alexMenu.getByText(new RegExp(`New request: #\\d+ ${name} on contoso-openai-aue`))).toBeVisible();
  await expect(alexMenu.getByText(new RegExp(`Revised: #\\d+ ${name} on contoso-openai-aue`))).toBeVisible();
  await expect(alexMenu.getByText(/Priya Shah \(Search\) asks to add search-e2e-revise/).first()).toBeVisible();
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, "notifications-menu-375");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
  await page.goto("/notifications/mail?to=me");
  await expect(page.getByTestId("mail").filter({ hasText: new RegExp(`New request: #\\d+ ${name}`) })).toHaveCount(1);
});

test("Request upgrade on the retirement radar keeps a PTU deployment's type and capacity (ProvisionedManaged × 50)", async ({ page }, testInfo) => {
  await signIn(page, "marcus");
  await page.goto("/inventory/retirements");
  const row = page.getByTestId("retirement-row").filter({ hasText: "support-gpt-4o-ptu" });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.getByRole("link", { name: /Request upgrade/ }).last().click();
  await expect(page.getByText("support-gpt-4o-ptu's replacement is another model")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/keeps support-gpt-4o-ptu's settings: ProvisionedManaged × 50 PTUs/)).toBeVisible();
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue("gpt-4.1");
  await expect(page.getByLabel("Deployment type", { exact: true })).toHaveValue("ProvisionedManaged");
  await expect(page.getByLabel("Capacity", { exact: true })).toHaveValue("50");
  const diff = page.getByLabel("Diff");
  await expect(diff).toContainText("+      capacity: 50");
  await expect(diff).toContainText("+      name: 'ProvisionedManaged'");
  await snap(page, testInfo, "upgrade-keeps-ptu");
});

test("the form opens without an error the user didn't cause, and clearing the capacity doesn't snap back", async ({ page }, testInfo) => {
  await signIn(page, "priya");
  await page.goto("/requests/new");
  await expect(page.getByLabel("Account", { exact: true })).toBeVisible({ timeout: 30_000 });
  // No error on arrival (Next's empty route announcer is an alert region too, hence the text filter).
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveCount(0);
  await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);
  const capacity = page.getByLabel("Capacity", { exact: true });
  const slider = page.getByRole("slider");
  const max = await slider.getAttribute("max");
  await capacity.fill("");
  await expect(capacity).toHaveValue("");
  await expect(page.getByText("Enter a capacity.").first()).toBeVisible();
  await capacity.fill("1");
  await expect(slider).toHaveAttribute("max", max!);
  await chooseTheme(page, "Dark");
  await snap(page, testInfo, "form-on-arrival-dark");
  await chooseTheme(page, "Light");
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, "form-on-arrival-375");
});
