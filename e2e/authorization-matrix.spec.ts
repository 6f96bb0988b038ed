import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { PERSONAS, cancelOpenRequest, signIn, storageStatePath, type PersonaKey } from "./support";

/**
 * The authorisation matrix of every page and route handler: signed out / each role / a member of another
 * team (Marcus, Support, for Priya's request of team Search; Jordan, an approver in no team) → the HTTP status the server answers. (Server
 * actions have theirs in lib/actions/authorization-matrix.test.ts.) Pages that refuse answer 403; a
 * signed-out visitor is sent to sign in (307) or, on the APIs, gets 401.
 */
test.describe.configure({ mode: "serial" });

type Who = "out" | PersonaKey;
const WHO: Who[] = ["out", "priya", "marcus", "alex", "jordan", "dana", "sam"];
const all = (status: number, signedOut = 307): Record<Who, number> => ({ out: signedOut, priya: status, marcus: status, alex: status, jordan: status, dana: status, sam: status });

let requestId = "";
const ROUTES: { method?: "GET" | "POST"; path: () => string; expect: Record<Who, number> }[] = [
  { path: () => "/", expect: all(200) },
  { path: () => "/requests", expect: all(200) },
  { path: () => "/requests/new", expect: { out: 307, priya: 200, marcus: 200, alex: 403, jordan: 403, dana: 403, sam: 200 } },
  { path: () => `/requests/${requestId}`, expect: { out: 307, priya: 200, marcus: 403, alex: 200, jordan: 200, dana: 200, sam: 200 } },
  { path: () => `/requests/${requestId}/revise`, expect: { out: 307, priya: 200, marcus: 403, alex: 403, jordan: 403, dana: 403, sam: 200 } },
  { path: () => "/requests/00000000-0000-4000-8000-000000000000", expect: all(404) },
  { path: () => "/requests/------------------------------------", expect: all(404) },
  { path: () => "/queue", expect: { out: 307, priya: 403, marcus: 403, alex: 200, jordan: 200, dana: 403, sam: 200 } },
  { path: () => "/inventory", expect: all(200) },
  { path: () => "/inventory/retirements", expect: all(200) },
  { path: () => "/inventory/deletions", expect: { out: 307, priya: 403, marcus: 403, alex: 403, jordan: 403, dana: 403, sam: 200 } },
  { path: () => "/notifications", expect: all(200) },
  { path: () => "/notifications/mail", expect: all(200) },
  { path: () => "/inventory/contoso-openai-aue/search-gpt-4o", expect: all(200) },
  { path: () => "/inventory/contoso-openai-aue/no-such-deployment", expect: all(404) },
  { path: () => "/dashboards/quota", expect: { out: 307, priya: 403, marcus: 403, alex: 200, jordan: 200, dana: 200, sam: 200 } },
  { path: () => "/admin/people", expect: { out: 307, priya: 403, marcus: 403, alex: 403, jordan: 403, dana: 403, sam: 200 } },
  { path: () => "/admin/audit", expect: { out: 307, priya: 403, marcus: 403, alex: 403, jordan: 403, dana: 403, sam: 200 } },
  { path: () => "/signin", expect: { out: 200, priya: 307, marcus: 307, alex: 307, jordan: 307, dana: 307, sam: 307 } },
  { path: () => "/api/health", expect: all(200, 200) },
  { path: () => `/api/requests/${requestId}`, expect: { out: 401, priya: 200, marcus: 403, alex: 200, jordan: 200, dana: 200, sam: 200 } },
  { path: () => "/api/requests/not-a-uuid", expect: { ...all(404), out: 401 } },
  { method: "POST", path: () => "/api/webhooks/github", expect: all(401, 401) },
  // Demo sign-in: the Entra ID routes send back to the sign-in page.
  { path: () => "/auth/signin", expect: all(303, 303) },
  { path: () => "/auth/callback?code=x&state=y", expect: all(303, 303) },
];

test("Priya has a request to check the matrix against", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "priya");
  await page.goto("/requests/new");
  await expect(page.getByLabel("Account", { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Account", { exact: true }).selectOption("contoso-openai-aue");
  await page.getByLabel("Model", { exact: true }).selectOption("gpt-4o-mini");
  await page.getByLabel("Version", { exact: true }).selectOption("2024-07-18");
  await page.getByLabel("Deployment type", { exact: true }).selectOption("GlobalStandard");
  await page.getByLabel("Capacity", { exact: true }).fill("1");
  await page.getByLabel("Deployment name", { exact: true }).fill("search-matrix-1");
  await page.getByLabel("Justification", { exact: true }).fill("Authorisation matrix test request.");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  requestId = page.url().split("/").pop()!;
  // Cancelled at once: who may see it doesn't change, and the other specs' queue stays as they expect.
  await cancelOpenRequest(page);
});

for (const who of WHO) {
  test(`every page and route handler answers ${who === "out" ? "a signed-out visitor" : PERSONAS[who].name} as the table says`, async ({ baseURL }) => {
    expect(requestId).not.toBe("");
    const context: APIRequestContext = await playwrightRequest.newContext({
      baseURL,
      storageState: who === "out" ? undefined : storageStatePath(who),
    });
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const route of ROUTES) {
      const path = route.path();
      const res = route.method === "POST" ? await context.post(path, { data: "{}", maxRedirects: 0 }) : await context.get(path, { maxRedirects: 0 });
      got[`${route.method ?? "GET"} ${path}`] = res.status();
      want[`${route.method ?? "GET"} ${path}`] = route.expect[who];
      expect(await res.text(), path).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    expect(got).toEqual(want);
    await context.dispose();
  });
}
