import { expect, test, type Page } from "@playwright/test";
import { cancelOpenRequest, signIn, snap } from "./support";

test.describe.configure({ mode: "serial" });

async function openForm(page: Page) {
  await page.goto("/requests/new");
  await expect(page.getByLabel("Account", { exact: true })).toBeVisible({ timeout: 30_000 });
}

async function chooseGpt41(page: Page) {
  await page.getByLabel("Account", { exact: true }).selectOption("contoso-openai-aue");
  await page.getByLabel("Model", { exact: true }).selectOption("gpt-4.1");
  await page.getByLabel("Version", { exact: true }).selectOption("2025-04-14");
  await page.getByLabel("Deployment type", { exact: true }).selectOption("GlobalStandard");
}

test("requesting gpt-4.1 shows its quota under Azure's name (OpenAI.GlobalStandard.gpt4.1), and a pending request counts against it", async ({ page }, testInfo) => {
  await signIn(page, "priya");
  await openForm(page);
  await chooseGpt41(page);
  // Azure publishes the gpt-4.1 family's quota without the hyphen; ModelGate shows it as published.
  await expect(page.getByTestId("quota-usage-name")).toHaveText("OpenAI.GlobalStandard.gpt4.1");
  await expect(page.getByText("1000 of 1000 free in australiaeast")).toBeVisible();
  await snap(page, testInfo, "gpt41-quota");

  await page.getByLabel("Capacity", { exact: true }).fill("30");
  await page.getByLabel("Deployment name", { exact: true }).fill("search-e2e-gpt41");
  await page.getByLabel("Justification", { exact: true }).fill("Trying gpt-4.1 for long-context search.");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const requestUrl = page.url();

  // The pending request holds its 30 against the same pool.
  await openForm(page);
  await chooseGpt41(page);
  await expect(page.getByText("970 of 1000 free in australiaeast")).toBeVisible();
  await expect(page.getByText(/30 held by pending requests/)).toBeVisible();
  await expect(page.getByTestId("quota-usage-name")).toHaveText("OpenAI.GlobalStandard.gpt4.1");
  await snap(page, testInfo, "gpt41-quota-held");

  // Leave the shared demo world as it was.
  await page.goto(requestUrl);
  await cancelOpenRequest(page);
});

test("a Deprecating version can't be requested for an account that doesn't run the model", async ({ page }, testInfo) => {
  await signIn(page, "priya");
  await openForm(page);
  // contoso-openai-swc runs no gpt-4o; 2024-08-06 is Deprecating.
  await page.getByLabel("Account", { exact: true }).selectOption("contoso-openai-swc");
  await page.getByLabel("Model", { exact: true }).selectOption("gpt-4o");
  await page.getByLabel("Version", { exact: true }).selectOption("2024-08-06");
  await page.getByLabel("Deployment type", { exact: true }).selectOption("GlobalStandard");
  await page.getByLabel("Capacity", { exact: true }).fill("5");
  await page.getByLabel("Justification", { exact: true }).fill("We need the older gpt-4o for a regression comparison.");
  const rule = /gpt-4o 2024-08-06 is being retired \(Deprecating\): Azure accepts new deployments of it only on accounts that already run gpt-4o, and contoso-openai-swc doesn't\. Choose 2024-11-20 instead\./;
  // Said before submission…
  await expect(page.getByText(rule).first()).toBeVisible();
  await snap(page, testInfo, "deprecating-refused");
  // …and refused by the server if submitted anyway.
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not submitted" })).toBeVisible();
  await expect(page).toHaveURL(/\/requests\/new/);

  // On an account that runs gpt-4o (contoso-openai-aue), the same version is accepted by the rules.
  await page.getByLabel("Account", { exact: true }).selectOption("contoso-openai-aue");
  await page.getByLabel("Model", { exact: true }).selectOption("gpt-4o");
  await page.getByLabel("Version", { exact: true }).selectOption("2024-08-06");
  await page.getByLabel("Deployment type", { exact: true }).selectOption("GlobalStandard");
  await expect(page.getByText(rule)).toHaveCount(0);
});
