import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, type TestInfo } from "@playwright/test";

export const PERSONAS = {
  priya: { name: "Priya Shah", button: "Sign in as Priya Shah (Requester, team Search)" },
  marcus: { name: "Marcus Lee", button: "Sign in as Marcus Lee (Requester, team Support)" },
  alex: { name: "Alex Kim", button: "Sign in as Alex Kim (Approver, team Platform)" },
  jordan: { name: "Jordan Ng", button: "Sign in as Jordan Ng (Approver)" },
  dana: { name: "Dana Fox", button: "Sign in as Dana Fox (Manager)" },
  sam: { name: "Sam Rivera", button: "Sign in as Sam Rivera (Admin, team Platform)" },
} as const;

export type PersonaKey = keyof typeof PERSONAS;

/** Where auth.setup.ts keeps each person's signed-in browser state (one sign-in per role per run). */
export function storageStatePath(who: PersonaKey): string {
  return path.join(__dirname, ".auth", `${who}.json`);
}

/** Signs in through the demo sign-in page, as a person would (a new session each time). */
export async function signInThroughPage(page: Page, who: PersonaKey, next?: string) {
  await page.goto(next ? `/signin?next=${encodeURIComponent(next)}` : "/signin");
  await page.getByRole("button", { name: PERSONAS[who].button }).click();
  await expect(page.getByRole("button", { name: /open user menu/i })).toBeVisible();
}

/**
 * Becomes `who` in this browser with the session auth.setup.ts made for them once per run (Playwright
 * storageState), instead of going through the sign-in page in every test; then opens `next` (or home).
 */
export async function signIn(page: Page, who: PersonaKey, next?: string) {
  const state = JSON.parse(readFileSync(storageStatePath(who), "utf8")) as { cookies: Parameters<ReturnType<Page["context"]>["addCookies"]>[0] };
  await page.context().clearCookies();
  await page.context().addCookies(state.cookies);
  await page.goto(next ?? "/");
  await expect(page.getByRole("button", { name: /open user menu/i })).toBeVisible();
}

/** Fails on any serious or critical accessibility violation (axe-core, WCAG 2 A/AA rules). */
export async function expectAccessible(page: Page, testInfo: TestInfo, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  await testInfo.attach(`axe-${label}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`),
    `accessibility violations on ${label}`,
  ).toEqual([]);
}

/** Saves a full-page screenshot as a test artifact. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** Switches the theme through the user menu, as a person would. */
export async function chooseTheme(page: Page, theme: "Light" | "Dark" | "System") {
  await page.getByRole("button", { name: /open user menu/i }).click();
  await page.getByLabel("Theme").selectOption({ label: theme });
  await page.keyboard.press("Escape");
}

/**
 * Makes a queue card ready to approve, as an approver does: waits until ModelGate has prepared the review (the
 * plan of the merge) and ticks what the card asks to confirm — if anything — with a recorded reason.
 */
export async function confirmWhatTheQueueAsks(card: Locator, reason = "Checked before approving: the plan is what we want.") {
  await expect(card.getByTestId("plan-summary").or(card.getByText("No plan of the merge")).first()).toBeVisible({ timeout: 60_000 });
  const asks = card.getByTestId("approve-confirmations");
  if (await asks.isVisible()) {
    for (const box of await asks.getByRole("checkbox").all()) await box.check();
    await asks.getByLabel("Reason (recorded with the approval)").fill(reason);
  }
}

/** Approves a queue card (confirming what it asks) and waits for "Approved and merged". */
export async function approveQueueCard(page: Page, card: Locator, reason?: string) {
  await confirmWhatTheQueueAsks(card, reason);
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved and merged" })).toBeVisible({ timeout: 30_000 });
}

/** Cancels the request whose page is open: Cancel request, then the confirmation (it closes the pull request). */
export async function cancelOpenRequest(page: Page) {
  await page.getByRole("button", { name: "Cancel request" }).click();
  await page.getByRole("button", { name: "Yes, cancel the request" }).click();
  await expect(page.getByTestId("request-status")).toHaveText("Cancelled", { timeout: 30_000 });
}
