import { expect, test } from "@playwright/test";
import { chooseTheme, expectAccessible, PERSONAS, signIn, signInThroughPage, snap, type PersonaKey } from "./support";

const NAV: Record<PersonaKey, string[]> = {
  priya: ["Request a model", "My requests", "Inventory"],
  marcus: ["Request a model", "My requests", "Inventory"],
  alex: ["Requests", "Approval queue", "Inventory", "Quota dashboard", "Delivery dashboard"],
  dana: ["Requests", "Inventory", "Quota dashboard", "Delivery dashboard"],
  jordan: ["Requests", "Approval queue", "Inventory", "Quota dashboard", "Delivery dashboard"],
  sam: ["Request a model", "My requests", "Approval queue", "Inventory", "Quota dashboard", "Delivery dashboard"],
};

test("the sign-in page lists one demo person per role and passes an accessibility scan", async ({ page }, testInfo) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in to ModelGate" })).toBeVisible();
  for (const p of Object.values(PERSONAS)) await expect(page.getByRole("button", { name: p.button })).toBeVisible();
  await snap(page, testInfo, "signin");
  await expectAccessible(page, testInfo, "signin");
});

for (const who of Object.keys(PERSONAS) as PersonaKey[]) {
  test(`${PERSONAS[who].name} signs in and sees the navigation of their role`, async ({ page }, testInfo) => {
    await signIn(page, who);
    await expect(page.getByRole("heading", { name: `Welcome, ${PERSONAS[who].name.split(" ")[0]}` })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main", exact: true });
    // Links may carry a count (pending approvals) after their label.
    await expect(nav.getByRole("link")).toHaveText(NAV[who].map((label) => new RegExp(`^${label}\\s*\\d*$`)));
    await snap(page, testInfo, `home-${who}`);
    await expectAccessible(page, testInfo, `home-${who}`);

    // Every page in the role's navigation opens, has its heading, and passes the scan.
    for (const label of NAV[who]) {
      await nav.getByRole("link", { name: label }).click();
      await expect(nav.getByRole("link", { name: label })).toHaveAttribute("aria-current", "page");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await snap(page, testInfo, `${who}-${label.toLowerCase().replace(/\W+/g, "-")}`);
      await expectAccessible(page, testInfo, `${who} ${label}`);
    }
  });
}

test("a Requester is refused the approval queue with a 403 page, not an empty list", async ({ page }, testInfo) => {
  await signIn(page, "priya");
  const response = await page.goto("/queue");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await expect(page.getByText("Pending requests across all accounts")).toHaveCount(0);
  await snap(page, testInfo, "requester-queue-403");
  await expectAccessible(page, testInfo, "403");
});

test("a Manager is refused the request form and an Approver may not request models", async ({ page }) => {
  // Its own session: signing out must not end the session the other tests share.
  await signInThroughPage(page, "dana");
  expect((await page.goto("/requests/new"))?.status()).toBe(403);
  await page.goto("/signin");
  await page.getByRole("button", { name: /open user menu/i }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, "alex");
  expect((await page.goto("/requests/new"))?.status()).toBe(403);
  expect((await page.goto("/queue"))?.status()).toBe(200);
});

test("a visitor who is not signed in is sent to sign in, then back to the page they wanted", async ({ page }) => {
  await page.goto("/inventory");
  await expect(page).toHaveURL(/\/signin\?next=%2Finventory$/);
  await page.getByRole("button", { name: PERSONAS.marcus.button }).click();
  await expect(page).toHaveURL(/\/inventory$/);
  await expect(page.getByRole("heading", { name: "Inventory", level: 1 })).toBeVisible();
});

test("a forged session cookie is not a session", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "modelgate_session", value: "forged", url: baseURL! }]);
  await page.goto("/queue");
  await expect(page).toHaveURL(/\/signin/);
});

test("the session cookie is sealed, httpOnly and SameSite; signing out ends it", async ({ page, context }) => {
  await signInThroughPage(page, "alex");
  const cookie = (await context.cookies()).find((c) => c.name === "modelgate_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  expect(cookie?.value).not.toContain("alex");
  await page.getByRole("button", { name: /open user menu/i }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/queue");
  await expect(page).toHaveURL(/\/signin/);
});

test("a session cookie replayed after sign-out is refused", async ({ page, context, browser, baseURL }) => {
  // A session of its own: signing out ends it on the server (the shared storageState sessions must live on).
  await signInThroughPage(page, "sam");
  const oldCookies = await context.cookies();
  await page.getByRole("button", { name: /open user menu/i }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  const replay = await browser.newContext({ baseURL });
  await replay.addCookies(oldCookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/queue");
  await expect(replayPage).toHaveURL(/\/signin\?next=%2Fqueue$/);
  await replay.close();
});

test("dark theme and a 375 px wide window", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, "sam");
  await chooseTheme(page, "Dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  // Narrow screens use the menu instead of the top navigation, and nothing scrolls sideways.
  await expect(page.getByRole("navigation", { name: "Main", exact: true })).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await snap(page, testInfo, "home-dark-375");
  await expectAccessible(page, testInfo, "home dark 375");
  await page.getByRole("button", { name: "Menu", exact: true }).click();
  await page.getByRole("navigation", { name: "Main (mobile)" }).getByRole("link", { name: "My requests" }).click();
  await expect(page.getByRole("heading", { name: "Requests", level: 1 })).toBeVisible();
  // The demo world gave Sam's team a history; a status none of it has shows the empty state.
  await expect(page.getByText("platform-gpt-5-mini").first()).toBeVisible();
  await snap(page, testInfo, "requests-dark-375");
  await page.goto("/requests?scope=mine&status=changes_requested");
  await expect(page.getByText(/^No changes requested requests$/i)).toBeVisible();
  await snap(page, testInfo, "requests-empty-dark-375");
  await expectAccessible(page, testInfo, "requests dark 375");
});

test("the health endpoint reports the database, Azure and GitHub", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.mode).toBe("demo");
  expect(body.components.database).toMatchObject({ ok: true, detail: "embedded PGlite" });
  expect(body.components.azure.ok).toBe(true);
  expect(body.components.github.ok).toBe(true);
  expect(body.status).toBe("ok");
});
