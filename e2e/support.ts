import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Locator, type Page, type TestInfo } from "@playwright/test";

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

export interface NewRequestForm {
  name: string;
  capacity: number;
  justification: string;
  account?: string;
  model?: string;
  version?: string;
  sku?: string;
}

/**
 * Signs in as `who`, fills the request form and submits it; waits until the pull request is open (Awaiting
 * approval) and returns the request page's URL. The default is a small gpt-4o-mini deployment on the Australia
 * East account: its quota has room, while gpt-4o's nearly full quota is what request-new.spec.ts checks.
 */
export async function submitNewRequest(page: Page, who: PersonaKey, f: NewRequestForm): Promise<string> {
  await signIn(page, who);
  await page.goto("/requests/new");
  await expect(page.getByLabel("Account", { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Account", { exact: true }).selectOption(f.account ?? "contoso-openai-aue");
  await page.getByLabel("Model", { exact: true }).selectOption(f.model ?? "gpt-4o-mini");
  await page.getByLabel("Version", { exact: true }).selectOption(f.version ?? "2024-07-18");
  await page.getByLabel("Deployment type", { exact: true }).selectOption(f.sku ?? "GlobalStandard");
  await page.getByLabel("Capacity", { exact: true }).fill(String(f.capacity));
  await page.getByLabel("Deployment name", { exact: true }).fill(f.name);
  await page.getByLabel("Justification", { exact: true }).fill(f.justification);
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("request-status")).toHaveText("Awaiting approval", { timeout: 45_000 });
  return page.url();
}

/** Alex approves (review + merge) a request from the queue in a browser context of his own, once its checks passed. */
export async function approveAsAlex(browser: Browser, deploymentName: string, reason?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "alex");
  const card = page.getByRole("article").filter({ has: page.getByRole("heading", { name: new RegExp(`#\\d+ ${deploymentName}$`) }) });
  await expect(async () => {
    await page.goto("/queue");
    await expect(card.getByText("Checks passed")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await approveQueueCard(page, card, reason);
  await context.close();
}

/**
 * Waits for the open request page to show a status without a reload. When it doesn't, the error says where the
 * request really is (its change marker, read with the page's own session), whether the page was visible (its live
 * refresh pauses while hidden) and the newest deploy runs on GitHub, so a failure in CI can be told apart: a slow
 * deploy, a stuck request, or a page that missed the change.
 */
export async function expectLiveStatus(page: Page, status: string, timeout: number) {
  try {
    await expect(page.getByTestId("request-status")).toHaveText(status, { timeout });
  } catch (error) {
    const id = new URL(page.url()).pathname.split("/").pop();
    const marker = await page.request
      .get(`/api/requests/${id}`)
      .then((r) => r.text())
      .catch((e: Error) => `unreadable (${e.message})`);
    const visibility = await page.evaluate(() => document.visibilityState).catch(() => "unknown");
    const github = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1010}`;
    const runs = await page.request
      .get(`${github}/repos/contoso/platform-ai-models/actions/runs?per_page=4`, { headers: { authorization: "Bearer modelgate-demo-token" } })
      .then(async (r) => ((await r.json()) as { workflow_runs?: { run_number: number; event: string; status: string; conclusion: string | null; head_sha: string; updated_at: string }[] }).workflow_runs ?? [])
      .then((list) => list.map((r) => `#${r.run_number} ${r.event} ${r.status}/${r.conclusion ?? "-"} ${r.head_sha.slice(0, 7)} ${r.updated_at}`).join("; "))
      .catch((e: Error) => `unreadable (${e.message})`);
    const first = (error as Error).message.split("\n").find((l) => l.trim()) ?? "";
    throw new Error(`${first}\nThe request is ${marker}; the page is ${visibility}; newest runs: ${runs}`, { cause: error });
  }
}
