import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { diffLines } from "diff";
import { chooseTheme, expectAccessible, signIn, snap } from "./support";

// The demo launcher starts the GitHub emulator on E2E_PORT + 1010 (playwright.config.ts).
const GITHUB = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1010}`;
const REPO = "repos/contoso/platform-ai-models";
const HEADERS = { authorization: "token modelgate-demo-token", accept: "application/vnd.github+json" };
const PARAM_FILE = "manage-ai-models/contoso-openai-aue.bicepparam";

async function listPulls(request: APIRequestContext) {
  const res = await request.get(`${GITHUB}/${REPO}/pulls?state=all&per_page=100`, { headers: HEADERS });
  expect(res.ok()).toBe(true);
  return (await res.json()) as { number: number; title: string; head: { ref: string; sha: string }; base: { sha: string } }[];
}

async function readFileAt(request: APIRequestContext, ref: string): Promise<string> {
  const res = await request.get(`${GITHUB}/${REPO}/contents/${PARAM_FILE}?ref=${encodeURIComponent(ref)}`, { headers: HEADERS });
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { content: string };
  return Buffer.from(body.content, "base64").toString("utf8");
}

async function requestRows(page: Page) {
  await page.goto("/requests?scope=mine");
  return page.locator("table tbody tr").count();
}

async function openForm(page: Page) {
  await page.goto("/requests/new");
  await expect(page.getByLabel("Account", { exact: true })).toBeVisible({ timeout: 30_000 });
}

async function fillGpt4o(page: Page, capacity: number) {
  await page.getByLabel("Account", { exact: true }).selectOption("contoso-openai-aue");
  await page.getByLabel("Model", { exact: true }).selectOption("gpt-4o");
  await page.getByLabel("Version", { exact: true }).selectOption("2024-11-20");
  await page.getByLabel("Deployment type", { exact: true }).selectOption("GlobalStandard");
  await page.getByLabel("Capacity", { exact: true }).fill(String(capacity));
  await page.getByLabel("Justification", { exact: true }).fill("Search relevance experiments for the Q1 launch.");
}

test.describe.configure({ mode: "serial" });

test("the form shows labels, quota left, SKU explanations and a live diff; it passes an accessibility scan", async ({ page }, testInfo) => {
  await signIn(page, "priya");
  await openForm(page);
  for (const label of ["Account", "Model", "Version", "Deployment type", "Capacity", "Deployment name", "Version upgrade", "Content filter", "Justification"]) {
    await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  }
  await fillGpt4o(page, 5);
  await expect(page.getByText("10 of 160 free in australiaeast")).toBeVisible();
  await expect(page.getByText(/routed to any Azure region/)).toBeVisible();
  await expect(page.getByText(/thousands of tokens per minute/).first()).toBeVisible();
  // Suggested from team and model, and already unique: search-gpt-4o exists in the file.
  await expect(page.getByLabel("Deployment name", { exact: true })).toHaveValue("search-gpt-4o-2");
  const preview = page.getByLabel("Diff");
  await expect(preview).toContainText("+  // team: Search · request #… (ModelGate)");
  await expect(preview).toContainText("+    name: 'search-gpt-4o-2'");
  await expect(preview).toContainText("+      capacity: 5");
  await snap(page, testInfo, "request-form-light");
  await expectAccessible(page, testInfo, "request form");
  await chooseTheme(page, "Dark");
  await snap(page, testInfo, "request-form-dark");
  await expectAccessible(page, testInfo, "request form dark");
  await chooseTheme(page, "Light");
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, "request-form-375");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
});

test("over-quota, duplicate-name and retired-version attempts are refused and create nothing", async ({ page, request }, testInfo) => {
  await signIn(page, "priya");
  const pullsBefore = (await listPulls(request)).length;
  const rowsBefore = await requestRows(page);

  // Over quota: 10 of 160 are free, ask for 11.
  await openForm(page);
  await fillGpt4o(page, 11);
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByText(/Not enough quota: this needs 11,000 tokens per minute .* only 10,000 of 160,000 tokens per minute are free in australiaeast/).first()).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Not submitted" })).toBeVisible();
  await expect(page).toHaveURL(/\/requests\/new/);
  await snap(page, testInfo, "refused-over-quota");

  // Duplicate name: search-gpt-4o is in the parameter file (and in Azure).
  await openForm(page);
  await fillGpt4o(page, 5);
  await page.getByLabel("Deployment name", { exact: true }).fill("Search-GPT-4o");
  await expect(page.getByText(/The name "Search-GPT-4o" is already used on contoso-openai-aue/).first()).toBeVisible();
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not submitted" })).toBeVisible();
  await expect(page.getByText(/already used on contoso-openai-aue/).first()).toBeVisible();
  await expect(page).toHaveURL(/\/requests\/new/);

  // Retired version: the form won't offer it; force it as a forged choice and the server still refuses.
  await openForm(page);
  await fillGpt4o(page, 5);
  const version = page.getByLabel("Version", { exact: true });
  await expect(version.locator('option[value="2024-05-13"]')).toBeDisabled();
  await version.evaluate((el: HTMLSelectElement) => el.querySelectorAll("option").forEach((o) => (o.disabled = false)));
  await version.selectOption("2024-05-13");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not submitted" })).toBeVisible();
  await expect(page.getByText(/gpt-4o version 2024-05-13 was retired on 2026-06-30/).first()).toBeVisible();
  await snap(page, testInfo, "refused-retired");

  expect(await requestRows(page)).toBe(rowsBefore);
  expect((await listPulls(request)).length).toBe(pullsBefore);
});

test("Priya submits a gpt-4o request: one PR adding exactly that element, and the page shows Awaiting approval", async ({ page, request }, testInfo) => {
  await signIn(page, "priya");
  const before = await listPulls(request);
  await openForm(page);
  await fillGpt4o(page, 10);
  await expect(page.getByLabel("Deployment name", { exact: true })).toHaveValue("search-gpt-4o-2");
  const submit = page.getByRole("button", { name: "Submit request" });
  // A double click must still give one request and one PR.
  await submit.dblclick();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("request-status")).toHaveText(/Submitting|Awaiting approval/);
  // Live update without reload.
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval", { timeout: 45_000 });
  await expect(page.getByRole("link", { name: /Pull request #\d+/ })).toBeVisible();
  await expect(page.getByText("Pull request opened")).toBeVisible();
  await expect(page.getByLabel("Diff")).toContainText("+    name: 'search-gpt-4o-2'");
  await snap(page, testInfo, "request-page");
  await expectAccessible(page, testInfo, "request page");

  const after = await listPulls(request);
  const added = after.filter((p) => !before.some((b) => b.number === p.number));
  expect(added).toHaveLength(1);
  const pr = added[0];
  expect(pr.head.ref).toMatch(/^modelgate\/\d+-search-gpt-4o-2$/);
  expect(pr.title).toContain("add search-gpt-4o-2 (gpt-4o 2024-11-20, GlobalStandard 10)");

  const main = await readFileAt(request, "main");
  const head = await readFileAt(request, pr.head.sha);
  const parts = diffLines(main, head);
  expect(parts.filter((p) => p.removed)).toHaveLength(0);
  const adds = parts.filter((p) => p.added);
  expect(adds).toHaveLength(1);
  expect(adds[0].value).toMatch(/^ {2}\/\/ team: Search · request #\d+ \(ModelGate\)\n {2}\{\n/);
  expect(adds[0].value).toContain("    name: 'search-gpt-4o-2'\n");
  expect(adds[0].value).toContain("      name: 'gpt-4o'\n      version: '2024-11-20'\n");
  expect(adds[0].value).toContain("      capacity: 10\n      name: 'GlobalStandard'\n");
  expect(adds[0].value.trim().split("\n")).toHaveLength(13);

  // The request list has it, filterable by status.
  await page.goto("/requests?scope=mine&status=awaiting_approval");
  await expect(page.getByRole("row").filter({ hasText: "search-gpt-4o-2" }).getByRole("link", { name: /#\d+ New/ })).toHaveCount(1);
});
