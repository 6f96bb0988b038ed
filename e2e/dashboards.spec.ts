import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { chooseTheme, expectAccessible, signIn, snap } from "./support";

// The demo launcher starts the Azure emulator on E2E_PORT + 1020 (playwright.config.ts).
const AZURE = `https://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1020}`;
const SUB = "6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f";

/** Clicks the "Download CSV" of a dashboard section and parses what the browser saved. */
async function downloadCsv(page: Page, section: string): Promise<string[][]> {
  const link = page.locator(`section#${section}`).getByRole("link", { name: "Download CSV" });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const path = await download.path();
  return parse(readFileSync(path, "utf8")) as string[][];
}

async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test.describe.configure({ mode: "serial" });

test("a Manager reads the quota dashboard: Azure's used and limit for every quota, teams, history, CSV", async ({ page, playwright }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, "dana", "/dashboards/quota");
  await expect(page.getByRole("heading", { name: "Quota dashboard", level: 1 })).toBeVisible();
  const pools = page.getByRole("table", { name: /Quota pools/ });
  await expect(pools).toBeVisible();
  for (const header of ["Limit", "Used", "Pending", "Free"]) await expect(pools.getByRole("columnheader", { name: header, exact: true })).toBeVisible();
  for (const section of ["Quota pools", "Teams", "History", "When each quota runs out", "Quota increase list"]) {
    await expect(page.getByRole("heading", { name: section, level: 2 })).toBeVisible();
  }
  await expect(page.getByText(/Runs out: the day the free quota/)).toBeVisible();
  // Every table on the page has its "Download CSV".
  expect(await page.getByRole("link", { name: "Download CSV" }).count()).toBe(await page.locator("section[id]").count());
  await snap(page, testInfo, "quota-dashboard-light");
  await expectAccessible(page, testInfo, "quota dashboard");

  // Every pool, idle ones too, against what the Azure emulator reports now (the reconciler reads it every
  // 30 s in the demo, so wait for a pass after any deployment another spec made).
  const azure = await playwright.request.newContext({ ignoreHTTPSErrors: true, extraHTTPHeaders: { authorization: "Bearer e2e" } });
  await page.getByLabel("Show idle pools").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/all=1/);
  await expect(async () => {
    await page.reload();
    const [header, ...rows] = await downloadCsv(page, "pools");
    for (const h of ["Region", "Quota", "Limit", "Used", "Pending", "Free"]) expect(header).toContain(h);
    const col = (h: string) => header.indexOf(h);
    const regions = [...new Set(rows.map((r) => r[col("Region")]))];
    expect(regions.sort()).toEqual(["australiaeast", "eastus2", "swedencentral"]);
    let compared = 0;
    for (const region of regions) {
      const res = await azure.get(`${AZURE}/subscriptions/${SUB}/providers/Microsoft.CognitiveServices/locations/${region}/usages?api-version=2025-09-01`);
      expect(res.ok()).toBe(true);
      const usages = (await res.json()).value as { name: { value: string }; currentValue: number; limit: number }[];
      for (const u of usages) {
        const row = rows.find((r) => r[col("Region")] === region && r[col("Quota")] === u.name.value);
        expect(row, `${region} ${u.name.value}`).toBeDefined();
        expect([Number(row![col("Used")]), Number(row![col("Limit")])], `${region} ${u.name.value}`).toEqual([Math.round(u.currentValue), Math.round(u.limit)]);
        compared++;
      }
      expect(rows.filter((r) => r[col("Region")] === region)).toHaveLength(usages.length);
    }
    expect(compared).toBeGreaterThan(10);
  }).toPass({ timeout: 120_000, intervals: [5_000] });
  await azure.dispose();

  // The page shows the same figures as the CSV: australiaeast's gpt-4o pool, as a row of the table.
  await page.goto("/dashboards/quota?region=australiaeast");
  const row = page.locator('tr[data-pool="australiaeast/OpenAI.GlobalStandard.gpt-4o"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText("Search");

  // A team's view, and the other tables' CSVs parse with their headers.
  await page.goto("/dashboards/quota?team=Search");
  await expect(page.getByRole("heading", { name: "What Search holds", level: 2 })).toBeVisible();
  const teamCsv = await downloadCsv(page, "teams");
  expect(teamCsv[0]).toEqual(["Team", "Region", "Quota", "Unit", "Held", "Deployments", "Pending", "Pending requests", "Limit", "Share of limit %"]);
  expect(teamCsv.slice(1).every((r) => r[0] === "Search")).toBe(true);
  expect(teamCsv.length).toBeGreaterThan(1);
  const increase = await downloadCsv(page, "increase");
  expect(increase[0]).toContain("Ask Azure for");
  const history = await downloadCsv(page, "history");
  expect(history[0]).toEqual(["Date", "Subscription", "Region", "Quota", "Used", "Limit", "Utilisation %"]);
  expect(history.length).toBeGreaterThan(1);
  await snap(page, testInfo, "quota-dashboard-team");

  // Dark theme, and 375 px wide: nothing scrolls sideways, the scan still passes.
  await chooseTheme(page, "Dark");
  await page.goto("/dashboards/quota");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await snap(page, testInfo, "quota-dashboard-dark");
  await expectAccessible(page, testInfo, "quota dashboard dark");
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Quota pools", level: 2 })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await snap(page, testInfo, "quota-dashboard-dark-375");
  await expectAccessible(page, testInfo, "quota dashboard dark 375");
  await chooseTheme(page, "Light");
});

test("a Manager reads the delivery dashboard: volume, lead times, rates, oldest pending, CSV", async ({ page }, testInfo) => {
  await signIn(page, "dana", "/dashboards/delivery");
  await expect(page.getByRole("heading", { name: "Delivery dashboard", level: 1 })).toBeVisible();
  for (const section of ["Requests per week by team", "Requests per week by kind", "Lead time per stage", "Failures, rejections and cancellations", "Oldest pending requests"]) {
    await expect(page.getByRole("heading", { name: section, level: 2 })).toBeVisible();
  }
  const stages = page.getByRole("table", { name: "Lead time per stage" });
  for (const stage of ["Submitted → PR open", "PR open → decision", "Decision → merged", "Merged → deployed", "End to end", "Waiting for approval"]) {
    await expect(stages.getByRole("row").filter({ hasText: stage })).toHaveCount(1);
  }
  expect(await page.getByRole("link", { name: "Download CSV" }).count()).toBe(await page.locator("section[id]").count());
  await snap(page, testInfo, "delivery-dashboard-light");
  await expectAccessible(page, testInfo, "delivery dashboard");

  const lead = await downloadCsv(page, "lead-time");
  expect(lead[0]).toEqual(["Stage", "Measured from", "Requests measured", "p50 hours", "p90 hours"]);
  expect(lead.slice(1).map((r) => r[0])).toEqual(["Submitted → PR open", "PR open → decision", "Decision → merged", "Merged → deployed", "End to end", "Waiting for approval"]);
  const weekly = await downloadCsv(page, "per-week-team");
  expect(weekly[0][0]).toBe("Week of");
  expect(weekly[0].at(-1)).toBe("Total");
  const outcomes = await downloadCsv(page, "outcomes");
  expect(outcomes[0]).toContain("Failure rate %");

  await page.getByLabel("Period").selectOption({ label: "Last 30 days" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/range=30/);
  await expect(page.getByText(/since \d{4}-\d\d-\d\d/)).toBeVisible();

  await chooseTheme(page, "Dark");
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/dashboards/delivery");
  await expect(page.getByRole("heading", { name: "Lead time per stage", level: 2 })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await snap(page, testInfo, "delivery-dashboard-dark-375");
  await expectAccessible(page, testInfo, "delivery dashboard dark 375");
  await chooseTheme(page, "Light");
});

test("Managers are read-only: the dashboards offer nothing but filters and downloads", async ({ page }) => {
  await signIn(page, "dana");
  for (const path of ["/dashboards/quota", "/dashboards/delivery"]) {
    await page.goto(path);
    // The dashboard streams in after the navigation: wait for its filters, then take the buttons as a whole.
    await expect(page.locator("main").getByRole("button", { name: "Apply" })).toBeVisible({ timeout: 30_000 });
    await expect(page.locator("main").getByRole("button")).toHaveText(["Apply"]);
  }
  // No change, decommission or upgrade offers in the inventory either.
  await page.goto("/inventory");
  await expect(page.getByRole("heading", { name: "Inventory", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /Request a change|Decommission|Upgrade/ })).toHaveCount(0);
  await page.goto("/inventory/contoso-openai-aue/search-gpt-4o");
  await expect(page.getByRole("link", { name: /Request a change|Decommission|Upgrade/ })).toHaveCount(0);
  await expect(page.locator("main").getByRole("button")).toHaveCount(0);
});

test("a Requester is refused both dashboards and their CSVs with a 403", async ({ page }, testInfo) => {
  await signIn(page, "priya");
  for (const path of ["/dashboards/quota", "/dashboards/delivery"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
  }
  await snap(page, testInfo, "requester-dashboard-403");
  for (const path of ["/dashboards/quota/csv?table=pools", "/dashboards/delivery/csv?table=stages"]) {
    const res = await page.request.get(path);
    expect(res.status()).toBe(403);
    expect(res.headers()["content-type"]).not.toContain("text/csv");
  }
});
