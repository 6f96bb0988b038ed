import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startExtraPortal, E2E_PORT, type ExtraPortal } from "./extra-portal";
import { expectAccessible, snap } from "./support";

/**
 * Sign-in through the Entra ID emulator with real MSAL: a second portal on E2E_PORT+1 with
 * MODELGATE_SIGNIN=entra. Each role signs in once through the browser and keeps its storageState.
 */
test.describe.configure({ mode: "serial" });

const PEOPLE = {
  priya: { name: "Priya Shah", nav: ["Request a model", "My requests", "Inventory"], team: "Search" },
  marcus: { name: "Marcus Lee", nav: ["Request a model", "My requests", "Inventory"], team: "Support" },
  alex: { name: "Alex Kim", nav: ["Requests", "Approval queue", "Inventory", "Quota dashboard", "Delivery dashboard"], team: "Platform" },
  dana: { name: "Dana Fox", nav: ["Requests", "Inventory", "Quota dashboard", "Delivery dashboard"], team: undefined },
  sam: { name: "Sam Rivera", nav: ["Request a model", "My requests", "Approval queue", "Inventory", "Quota dashboard", "Delivery dashboard"], team: "Platform" },
} as const;
type Who = keyof typeof PEOPLE;

const stateDir = path.join(__dirname, "..", ".data", `e2e-${E2E_PORT}-entra-states`);
const stateFile = (who: Who) => path.join(stateDir, `${who}.json`);

let portal: ExtraPortal;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  portal = await startExtraPortal(1, "entra", { MODELGATE_SIGNIN: "entra" });
});
test.afterAll(async () => {
  await portal?.stop();
});

/** Signs in through the portal's "Sign in with Microsoft" and the emulator's account picker, as a person would. */
async function signInWithEntra(page: Page, name: string, next?: string) {
  await page.goto(`${portal.url}/signin${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
  await expect(page.getByRole("heading", { name: "Pick an account" })).toBeVisible();
  await page.getByRole("button", { name: new RegExp(`^${name} `) }).click();
}

async function contextAs(browser: Browser, who: Who) {
  return browser.newContext({ storageState: stateFile(who) });
}

for (const who of Object.keys(PEOPLE) as Who[]) {
  test(`${PEOPLE[who].name} signs in through Entra ID and lands with the navigation of their role`, async ({ page, context }, testInfo) => {
    await signInWithEntra(page, PEOPLE[who].name);
    await expect(page).toHaveURL(`${portal.url}/`);
    await expect(page.getByRole("heading", { name: `Welcome, ${PEOPLE[who].name.split(" ")[0]}` })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main", exact: true });
    await expect(nav.getByRole("link")).toHaveText(PEOPLE[who].nav.map((label) => new RegExp(`^${label}\\s*\\d*$`)));
    // Team from the groups claim, mapped by group id.
    await page.getByRole("button", { name: /open user menu/i }).click();
    if (PEOPLE[who].team) await expect(page.getByText(new RegExp(`· ${PEOPLE[who].team}$`))).toBeVisible();
    await page.keyboard.press("Escape");
    await snap(page, testInfo, `entra-home-${who}`);
    await context.storageState({ path: stateFile(who) });
  });
}

test("each role keeps its permissions on the server: 403 pages where the role has no access", async ({ browser }) => {
  const expected: Record<Who, Record<string, number>> = {
    priya: { "/queue": 403, "/requests/new": 200, "/dashboards/quota": 403, "/admin/people": 403 },
    marcus: { "/queue": 403, "/requests/new": 200, "/admin/people": 403 },
    alex: { "/queue": 200, "/requests/new": 403, "/dashboards/quota": 200, "/admin/people": 403 },
    dana: { "/queue": 403, "/requests/new": 403, "/dashboards/quota": 200, "/admin/people": 403 },
    sam: { "/queue": 200, "/requests/new": 200, "/dashboards/quota": 200, "/admin/people": 200 },
  };
  for (const who of Object.keys(expected) as Who[]) {
    const context = await contextAs(browser, who);
    const page = await context.newPage();
    for (const [route, status] of Object.entries(expected[who])) {
      const response = await page.goto(`${portal.url}${route}`);
      expect(response?.status(), `${who} ${route}`).toBe(status);
    }
    await context.close();
  }
});

test("after sign-in the browser returns to the page it wanted", async ({ page }) => {
  await page.goto(`${portal.url}/inventory`);
  await expect(page).toHaveURL(`${portal.url}/signin?next=%2Finventory`);
  await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
  await page.getByRole("button", { name: /^Marcus Lee / }).click();
  await expect(page).toHaveURL(`${portal.url}/inventory`);
  await expect(page.getByRole("heading", { name: "Inventory", level: 1 })).toBeVisible();
});

test("a person with no ModelGate app role gets a page that says which role to ask for", async ({ page }, testInfo) => {
  await signInWithEntra(page, "Noor Haddad");
  await expect(page).toHaveURL(`${portal.url}/signin?error=no-role`);
  await expect(page.getByRole("heading", { name: "Your account has no ModelGate role yet" })).toBeVisible();
  for (const role of ["ModelGate.Requester", "ModelGate.Approver", "ModelGate.Manager", "ModelGate.Admin"]) {
    await expect(page.getByText(role, { exact: true })).toBeVisible();
  }
  await snap(page, testInfo, "entra-no-role");
  await expectAccessible(page, testInfo, "no role");
  expect((await page.goto(`${portal.url}/`))?.url()).toContain("/signin");
});

test("a person in too many groups is refused with what to ask the administrator", async ({ page }, testInfo) => {
  await signInWithEntra(page, "Olga Berg");
  await expect(page).toHaveURL(`${portal.url}/signin?error=group-overage`);
  await expect(page.getByText("Entra ID could not list your groups")).toBeVisible();
  await expect(page.getByText("groups assigned to the application")).toBeVisible();
  await snap(page, testInfo, "entra-group-overage");
});

test("signing out ends the ModelGate session and the Entra ID session; the old cookie replayed is refused", async ({ page, context, browser }) => {
  await signInWithEntra(page, "Alex Kim");
  await expect(page.getByRole("heading", { name: "Welcome, Alex" })).toBeVisible();
  const oldCookies = await context.cookies(portal.url);
  expect(oldCookies.find((c) => c.name === "modelgate_session")).toBeDefined();

  await page.getByRole("button", { name: /open user menu/i }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${portal.url}/signin`);
  // Signed out at Entra ID too: signing in again asks who you are.
  await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
  await expect(page.getByRole("heading", { name: "Pick an account" })).toBeVisible();

  const replay = await browser.newContext();
  await replay.addCookies(oldCookies);
  const replayPage = await replay.newPage();
  await replayPage.goto(`${portal.url}/queue`);
  await expect(replayPage).toHaveURL(/\/signin/);
  await replay.close();
});

test("an Admin signs a person out everywhere; their next request is refused", async ({ browser }, testInfo) => {
  const priya = await browser.newContext();
  const priyaPage = await priya.newPage();
  await signInWithEntra(priyaPage, "Priya Shah");
  await expect(priyaPage.getByRole("heading", { name: "Welcome, Priya" })).toBeVisible();

  const sam = await contextAs(browser, "sam");
  const samPage = await sam.newPage();
  await samPage.goto(`${portal.url}/admin/people`);
  await expect(samPage.getByRole("heading", { name: "People and sessions", level: 1 })).toBeVisible();
  await snap(samPage, testInfo, "entra-people");
  await expectAccessible(samPage, testInfo, "people");
  await samPage.getByRole("button", { name: "Sign out Priya Shah everywhere" }).click();
  await expect(samPage.getByText("Signed out. Their next request goes to the sign-in page.")).toBeVisible();

  await priyaPage.goto(`${portal.url}/requests`);
  await expect(priyaPage).toHaveURL(/\/signin\?next=%2Frequests/);
  await priya.close();
  await sam.close();
});

test("demo sign-in forged against a portal that signs in with Entra ID is refused", async ({ page, playwright }) => {
  // Each forged post from a browser of its own: no cookie from an earlier one.
  const fresh = () => playwright.request.newContext();
  // The demo portal's sign-in page carries the server action's id; the Entra ID portal runs the same build.
  await page.goto("/signin");
  const actionField = await page.locator('form input[name^="$ACTION_ID_"]').first().getAttribute("name");
  const userId = await page.locator('form input[name="userId"]').first().getAttribute("value");
  expect(actionField).toBeTruthy();
  const actionId = actionField!.replace("$ACTION_ID_", "");
  // What the browser posts for the form without JavaScript: the action id field and the form's fields.
  const forge = async (base: string) =>
    (await fresh()).post(`${base}/signin`, {
      headers: { origin: base },
      multipart: { [`$ACTION_ID_${actionId}`]: "", userId: userId!, next: "/" },
      maxRedirects: 0,
    });
  // The forgery is a real one: the demo portal signs the person in with it.
  const demo = await forge(new URL(page.url()).origin);
  expect(demo.status()).toBe(303);
  expect(demo.headers()["set-cookie"] ?? "").toContain("modelgate_session=");
  // Refused as a no-JavaScript form post (Next answers an MPA action's forbidden() with its 404 page)…
  const refused = await forge(portal.url);
  expect([403, 404]).toContain(refused.status());
  expect(refused.headers()["set-cookie"] ?? "").not.toContain("modelgate_session=");
  // …and as the fetch the page's JavaScript makes (React's encoding of one FormData argument): 403.
  const forgeFetch = async (base: string) =>
    (await fresh()).post(`${base}/signin`, {
      headers: { origin: base, "next-action": actionId, accept: "text/x-component" },
      multipart: { "1_userId": userId!, "1_next": "/", "0": '["$K1"]' },
      maxRedirects: 0,
    });
  const fetched = await forgeFetch(portal.url);
  expect(fetched.status()).toBe(403);
  expect(fetched.headers()["set-cookie"] ?? "").not.toContain("modelgate_session=");
});
