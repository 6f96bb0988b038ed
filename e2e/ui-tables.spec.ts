import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("a table stacks its extra columns at 375 px, and a table that overflows becomes a focusable, keyboard-scrollable region", async ({ page }) => {
  await signIn(page, "priya");
  await page.goto("/inventory");
  const table = page.getByRole("table", { name: "Deployments: repository and Azure side by side" });
  const row = page.getByTestId("inventory-row").filter({ hasText: "search-gpt-4o" }).first();
  await expect(row.getByRole("cell").nth(2)).toBeVisible();
  // Nothing overflows at desktop width: no extra tab stop.
  const box = page.locator("[data-scroll-region]").filter({ has: table });
  await expect(box).not.toHaveAttribute("tabindex");

  await page.setViewportSize({ width: 375, height: 800 });
  // The Repository column moves under the deployment's name.
  await expect(row.getByRole("cell").nth(2)).toBeHidden();
  await expect(row.getByRole("cell").first()).toContainText("Repository: gpt-4o");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // Content wider than the box: it becomes a named region a keyboard user can focus and scroll.
  await table.evaluate((t) => ((t as HTMLElement).style.minWidth = "1200px"));
  const region = page.getByRole("region", { name: "Deployments: repository and Azure side by side" });
  await expect(region).toHaveAttribute("tabindex", "0");
  await region.focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => region.evaluate((r) => r.scrollLeft)).toBeGreaterThan(0);
});
