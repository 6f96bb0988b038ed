import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Playwright can't download its own browser here: use the system Chromium (Debian: apt-get install chromium)
// when present, or set CHROMIUM_PATH. Elsewhere, `npx playwright install chromium` provides one.
const systemChromium = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.join(__dirname, ".data", `e2e-${port}`);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "on",
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    // The Entra ID emulator's sign-in page is served over HTTPS with the local CA, which Chromium doesn't know.
    ignoreHTTPSErrors: true,
    launchOptions: {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    // One sign-in per demo person, saved as storageState for the specs (e2e/auth.setup.ts).
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"] },
  ],
  webServer: {
    // The same launcher as `npm run demo`, on its own port and a fresh data folder.
    command: `npx tsx scripts/demo.ts --port ${port} --data-dir ${dataDir} --reset`,
    url: `http://127.0.0.1:${port}/api/health`,
    // Its own emulator ports too, so tests can run while `npm run demo` is up.
    env: {
      AZURE_EMULATOR_PORT: String(port + 1020),
      GITHUB_EMULATOR_PORT: String(port + 1010),
      ENTRA_EMULATOR_PORT: String(port + 1030),
      // The specs that start a second portal (Entra ID sign-in, production mode) on port+1 and port+2.
      ENTRA_EMULATOR_REDIRECT_URIS: [1, 2].map((n) => `http://127.0.0.1:${port + n}/auth/callback`).join(","),
      MAIL_EMULATOR_SMTP_PORT: String(port + 1040),
      MAIL_EMULATOR_WEB_PORT: String(port + 1041),
      // One run submits and decides as the same few demo people far more often than a person does in an
      // hour; the per-person limits themselves are proven by the unit tests of the use cases.
      RATE_LIMIT_SUBMISSIONS_PER_HOUR: "1000",
      RATE_LIMIT_DECISIONS_PER_HOUR: "1000",
    },
    reuseExistingServer: false,
    // A fresh data folder first gets the demo world (scripts/demo-world.ts): a few minutes.
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
