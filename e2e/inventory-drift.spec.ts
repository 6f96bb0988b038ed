import { expect, test } from "@playwright/test";
import { chooseTheme, expectAccessible, signIn, snap } from "./support";

// The demo launcher starts the Azure emulator on E2E_PORT + 1020 (playwright.config.ts).
const AZURE = `https://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1020}`;
const GITHUB = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1010}`;
const SUB = "6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f";

test.describe.configure({ mode: "serial" });

test("the inventory shows a capacity changed by hand as drift and a deployment that exists only in Azure", async ({ page, playwright, request }, testInfo) => {
  // The reconciler runs every SYNC_INTERVAL_SECONDS (30 in the demo).
  test.setTimeout(180_000);
  // A deploy run still going (from another spec) would re-apply the file over the hand change: let it finish.
  expect((await request.post(`${GITHUB}/_emulator/idle`)).ok()).toBe(true);
  const azure = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  // Someone changes a capacity in the Azure portal…
  expect((await azure.post(`${AZURE}/_emulator/accounts/contoso-openai-swc/deployments/search-gpt-41`, { data: { capacity: 90 } })).ok()).toBe(true);
  // …and someone creates a deployment straight in Azure (plain ARM PUT).
  const put = await azure.put(
    `${AZURE}/subscriptions/${SUB}/resourceGroups/contoso-openai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-openai-aue/deployments/handmade-mini?api-version=2025-09-01`,
    {
      headers: { authorization: "Bearer e2e" },
      data: { sku: { name: "GlobalStandard", capacity: 1 }, properties: { model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" } } },
    },
  );
  expect(put.status(), await put.text()).toBeLessThan(300);
  await azure.dispose();

  await signIn(page, "priya");
  const drift = page.getByTestId("inventory-row").filter({ hasText: "search-gpt-41" });
  const handmade = page.getByTestId("inventory-row").filter({ hasText: "handmade-mini" });
  await expect(async () => {
    await page.goto("/inventory");
    await expect(drift).toContainText("Drift", { timeout: 1000 });
    await expect(handmade).toContainText("Not in repository", { timeout: 1000 });
  }).toPass({ timeout: 120_000 });
  await expect(drift).toContainText("capacity 100 → 90");
  await expect(handmade).toContainText("Not in the file");
  await expect(page.getByText(/Status as of \d\d:\d\d UTC/)).toBeVisible();
  await snap(page, testInfo, "inventory-full-light");
  await expectAccessible(page, testInfo, "inventory");

  // Filters and search.
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Drift" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=drift/);
  // This hand change, and the demo world's own (support-o4-mini) unless an earlier spec's merge into that file set it
  // back (a deploy applies the whole file); nothing in sync.
  await expect(page.getByTestId("inventory-row").filter({ hasText: "search-gpt-41" })).toHaveCount(1);
  expect(await page.getByTestId("inventory-row").filter({ hasText: "support-o4-mini" }).count()).toBeLessThanOrEqual(1);
  await expect(page.getByTestId("inventory-row").filter({ hasNotText: "Drift" })).toHaveCount(0);
  await page.goto("/inventory?q=no-such-deployment");
  await expect(page.getByText("No deployments match")).toBeVisible();
  await snap(page, testInfo, "inventory-empty-filter");

  // The drifted deployment's page: desired vs actual and its Azure history.
  await page.goto("/inventory/contoso-openai-swc/search-gpt-41");
  await expect(page.getByText("capacity 100 → 90")).toBeVisible();
  await expect(page.getByRole("link", { name: "Request a change" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Changes Azure reported/ })).toContainText("DataZoneStandard × 90");
  await snap(page, testInfo, "deployment-drift");
  // Not Priya's team's deployment: no change links for her on Support's deployment.
  await page.goto("/inventory/contoso-openai-aue/support-gpt-4o-mini");
  await expect(page.getByText("owned by Support")).toBeVisible();
  await expect(page.getByRole("link", { name: "Request a change" })).toHaveCount(0);

  await page.goto("/inventory");
  await chooseTheme(page, "Dark");
  await snap(page, testInfo, "inventory-full-dark");
  await expectAccessible(page, testInfo, "inventory dark");
  await chooseTheme(page, "Light");
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, "inventory-375");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
});

test("the retirement radar lists soon-retiring deployments (on their deployment type's date) with the replacement and a prefilled upgrade link", async ({ page }, testInfo) => {
  await signIn(page, "marcus");
  await page.goto("/inventory/retirements");
  const turbo = page.getByTestId("retirement-row").filter({ hasText: "support-gpt-35-turbo" });
  await expect(turbo).toBeVisible({ timeout: 60_000 });
  await expect(turbo).toContainText("gpt-35-turbo 0125");
  // Its Standard deployments retire on 2027-01-05, before the version's own 2027-02-01: the deployment's date counts.
  await expect(turbo).toContainText("2027-01-05");
  await expect(turbo).toContainText("Standard retires before the version");
  await expect(turbo).toContainText("gpt-4.1-mini 2025-04-14");
  await expect(turbo.getByRole("link", { name: /Request upgrade/ })).toHaveAttribute(
    "href",
    "/requests/new?account=contoso-openai-aue&deployment=support-gpt-35-turbo&action=upgrade&version=2025-04-14&model=gpt-4.1-mini",
  );
  await snap(page, testInfo, "radar-light");
  await expectAccessible(page, testInfo, "radar");
  await chooseTheme(page, "Dark");
  await snap(page, testInfo, "radar-dark");
  await chooseTheme(page, "Light");
  await page.setViewportSize({ width: 375, height: 800 });
  await snap(page, testInfo, "radar-375");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), "no horizontal scrolling at 375 px").toBeLessThanOrEqual(0);
});

test("Azure down: the inventory says 'status as of', health says so, and it catches up when Azure is back", async ({ page, playwright, request }, testInfo) => {
  test.setTimeout(180_000);
  const azure = await playwright.request.newContext({ ignoreHTTPSErrors: true });
  await signIn(page, "dana");
  try {
    expect((await azure.post(`${AZURE}/_emulator/config`, { data: { errorRate: 1 } })).ok()).toBe(true);
    await expect(async () => {
      const health = await (await request.get("/api/health")).json();
      expect(health.components.sync).toMatchObject({ ok: false });
      expect(health.components.sync.detail).toMatch(/status as of/);
      expect(health.status).toBe("degraded");
    }).toPass({ timeout: 120_000 });
    await page.goto("/inventory");
    await expect(page.getByRole("status").filter({ hasText: /Status as of \d\d:\d\d UTC/ })).toContainText("could not read everything");
    await expect(page.getByText(/Azure could not be read for contoso-openai-aue/)).toBeVisible();
    // The last known state stays on the page.
    await expect(page.getByTestId("inventory-row").filter({ hasText: "search-gpt-4o" }).first()).toBeVisible();
    await snap(page, testInfo, "inventory-azure-down");
    await expectAccessible(page, testInfo, "inventory, Azure down");
  } finally {
    await azure.post(`${AZURE}/_emulator/config`, { data: { errorRate: 0 } });
    await azure.dispose();
  }
  await expect(async () => {
    const health = await (await request.get("/api/health")).json();
    expect(health.components.sync.ok).toBe(true);
  }).toPass({ timeout: 120_000 });
  await page.goto("/inventory");
  await expect(page.getByTestId("sync-status")).toContainText(/Status as of \d\d:\d\d UTC/);
});
