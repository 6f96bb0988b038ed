import { expect, test } from "@playwright/test";
import { PERSONAS, signIn } from "./support";

/**
 * Crafted requests from the security review get a clear 4xx, never a 500 or a stack trace. (The fuzz spec
 * covers every route and action field at random; these are the exact cases that were found.)
 */
test.describe("crafted input", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "sam");
  });

  test("broken %-escapes and NUL in the address answer 400, not 500", async ({ page }) => {
    for (const path of ["/requests/%E0%A4%A", "/requests?status=%00", "/inventory/%00", "/queue?team=a%00b"]) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(400);
      expect(await res.text(), path).not.toMatch(/at .+\(.+:\d+:\d+\)|Error:/);
    }
  });

  test("an unknown ?error= or ?outcome= key is ignored, not looked up on the prototype", async ({ page }) => {
    for (const path of ["/signin?error=constructor", "/signin?error=__proto__", "/queue?outcome=__proto__", "/queue?outcome=constructor", "/queue?outcome=toString"]) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(200);
    }
  });

  test("a cross-site form post answers 403 and an action body over 1 MB answers 413", async ({ page, baseURL }) => {
    const cross = await page.request.post("/queue", {
      headers: { origin: "https://evil.example", "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
      data: "[]",
      maxRedirects: 0,
    });
    expect(cross.status()).toBe(403);
    expect(await cross.text()).toContain("sent from another site");
    const big = await page.request.post("/queue", {
      headers: { origin: baseURL!, "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
      data: "x".repeat(1024 * 1024 + 10),
      maxRedirects: 0,
    });
    expect(big.status()).toBe(413);
    expect(await big.text()).toContain("larger than 1 MB");
  });
});

test("a flood of form posts from one session is answered 429 with Retry-After and a readable message", async ({ request, baseURL }) => {
  // A session cookie of its own (it need not be valid: the guard counts per browser session).
  const cookie = `modelgate_session=flood-${Date.now()}`;
  let limited;
  for (let i = 0; i < 200 && !limited; i++) {
    const res = await request.post("/signin", {
      headers: { cookie, origin: baseURL!, "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
      data: "[]",
      maxRedirects: 0,
    });
    if (res.status() === 429) limited = res;
    else expect(res.status()).not.toBe(500);
  }
  expect(limited, "no 429 after 200 posts").toBeDefined();
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await limited!.text()).toMatch(/^Too many form submissions in a short time\. Wait \d+ seconds? and try again\.$/);
});

test("after sign-in, a next= that a browser would read as another site lands on the home page instead", async ({ page, baseURL }) => {
  for (const next of ["/\t/evil.example/phish", "/\\evil.example", "//evil.example", "/.//evil.example", "/queue\r\nX: y"]) {
    await page.context().clearCookies();
    const res = await page.goto(`/signin?next=${encodeURIComponent(next)}`);
    expect(res?.status(), next).toBe(200);
    await page.getByRole("button", { name: PERSONAS.marcus.button }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    expect(new URL(page.url()).origin, next).toBe(baseURL);
  }
});
