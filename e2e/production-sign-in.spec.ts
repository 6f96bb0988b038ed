import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { findFreePort } from "../scripts/lib/services";
import { startExtraPortal, E2E_PORT, type ExtraPortal } from "./extra-portal";

/**
 * Production mode (PostgreSQL, Entra ID only) on E2E_PORT+2, pointed at the emulators: demo sign-in must be
 * refused on the server however the request is made, and Entra ID sign-in must work.
 */
test.describe.configure({ mode: "serial" });

const TENANT = "8d3b5f7a-1c2e-4a6b-9d8f-0e1f2a3b4c5d";
const script = path.join(__dirname, "..", "scripts", "test-postgres.sh");
let pgDir: string | undefined;
let portal: ExtraPortal | undefined;
let skipReason: string | undefined;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  let databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    pgDir = mkdtempSync(path.join(tmpdir(), "modelgate-e2e-pg-"));
    const started = spawnSync("bash", [script, "start", pgDir, String(await findFreePort())], { encoding: "utf8" });
    if (started.status !== 0) {
      skipReason = `PostgreSQL could not be started (${(started.stderr || started.stdout).trim()}); production mode needs it`;
      // CI installs PostgreSQL (.ci/run): there, a cluster that won't start is a failure, not a reason to skip.
      if (process.env.CI) throw new Error(skipReason);
      return;
    }
    databaseUrl = started.stdout.trim();
  }
  portal = await startExtraPortal(2, "production", {
    MODELGATE_MODE: "production",
    MODELGATE_PUBLIC_URL: `http://127.0.0.1:${E2E_PORT + 2}`,
    SESSION_SECRET: randomBytes(48).toString("base64url"),
    DATABASE_URL: databaseUrl,
    GITHUB_API_URL: `http://127.0.0.1:${E2E_PORT + 1010}`,
    GITHUB_OWNER: "contoso",
    GITHUB_REPO: "platform-ai-models",
    GITHUB_TOKEN: "modelgate-demo-token",
    GITHUB_WEBHOOK_SECRET: randomBytes(16).toString("hex"),
    AZURE_SUBSCRIPTION_ID: "6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f",
    AZURE_ARM_ENDPOINT: `https://127.0.0.1:${E2E_PORT + 1020}`,
    ENTRA_TENANT_ID: TENANT,
    ENTRA_CLIENT_ID: "0c6f1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5",
    ENTRA_CLIENT_SECRET: "modelgate-demo-entra-client-secret",
    ENTRA_AUTHORITY: `https://127.0.0.1:${E2E_PORT + 1030}/${TENANT}`,
    ENTRA_GROUP_TEAMS: "5b0e9c1a-2d3f-4e5a-8b6c-7d8e9f0a1b23=Platform",
  });
});

test.afterAll(async () => {
  await portal?.stop();
  if (pgDir) {
    spawnSync("bash", [script, "stop", pgDir]);
    rmSync(pgDir, { recursive: true, force: true });
  }
});

test("production mode offers only Entra ID sign-in, and refuses a forged demo sign-in on the server", async ({ page, request }) => {
  test.skip(skipReason !== undefined, skipReason);
  await page.goto(`${portal!.url}/signin`);
  await expect(page.getByRole("link", { name: "Sign in with Microsoft" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Sign in as / })).toHaveCount(0);

  // The demo portal's page gives away the action id and a demo person's id; production runs the same build.
  await page.goto("/signin");
  const actionId = (await page.locator('form input[name^="$ACTION_ID_"]').first().getAttribute("name"))!.replace("$ACTION_ID_", "");
  const userId = (await page.locator('form input[name="userId"]').first().getAttribute("value"))!;

  const asForm = await request.post(`${portal!.url}/signin`, {
    headers: { origin: portal!.url },
    multipart: { [`$ACTION_ID_${actionId}`]: "", userId, next: "/" },
    maxRedirects: 0,
  });
  expect([403, 404]).toContain(asForm.status());
  expect(asForm.headers()["set-cookie"] ?? "").not.toContain("modelgate_session=");

  const asFetch = await request.post(`${portal!.url}/signin`, {
    headers: { origin: portal!.url, "next-action": actionId, accept: "text/x-component" },
    multipart: { "1_userId": userId, "1_next": "/", "0": '["$K1"]' },
    maxRedirects: 0,
  });
  expect(asFetch.status()).toBe(403);
  expect(asFetch.headers()["set-cookie"] ?? "").not.toContain("modelgate_session=");

  const home = await request.get(`${portal!.url}/`, { maxRedirects: 0 });
  expect(home.status()).toBe(307);
  expect(home.headers().location).toContain("/signin");
});

test("production mode signs an Admin in through Entra ID with MSAL", async ({ page }) => {
  test.skip(skipReason !== undefined, skipReason);
  await page.goto(`${portal!.url}/signin`);
  await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
  await page.getByRole("button", { name: /^Sam Rivera / }).click();
  await expect(page).toHaveURL(`${portal!.url}/`);
  await expect(page.getByRole("heading", { name: "Welcome, Sam" })).toBeVisible();
  await expect(page.getByText("Demo mode")).toHaveCount(0);
});
