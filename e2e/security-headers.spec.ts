import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("every response carries the security headers, with a fresh script nonce each time", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/signin", "/", "/queue", "/api/health"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    const h = res.headers();
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    // Demo mode on http://127.0.0.1: no HSTS (production sends it).
    expect(h["strict-transport-security"], path).toBeUndefined();
    nonces.add(/'nonce-([^']+)'/.exec(h["content-security-policy"])![1]);
  }
  expect(nonces.size).toBe(4);
});

test("pages run under the policy without a single violation, and can't be framed", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Refused to run: CSP ${e.violatedDirective} ${e.blockedURI}`));
  });
  await signIn(page, "sam");
  for (const path of ["/requests/new", "/queue", "/inventory", "/requests"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // The theme script (inline, nonce'd) ran: the page has a theme before hydration.
  await expect(page.locator("html")).toHaveAttribute("data-theme", /light|dark/);
  expect(violations).toEqual([]);

  await page.setContent(`<iframe id="f" src="${new URL("/signin", page.url()).href}"></iframe>`);
  const frame = page.frameLocator("#f");
  await expect(frame.getByRole("heading", { name: "Sign in to ModelGate" })).toHaveCount(0);
});
