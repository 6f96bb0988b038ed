/**
 * The benchmark's status-latency section: how long after Azure reports a deployment Succeeded the requester's
 * open request page shows it, without a reload. `npm run demo` runs as shipped (demo mode, background work in
 * the portal process, the emulators at their demo timings, no demo world); headless Chromium submits N requests
 * as Priya through the form, keeps each request's page open in a browser context of its own, and Alex approves
 * them from the queue, a batch at a time (default one: each merge moves main, so every other open PR is
 * re-applied and re-checked before it can merge; one at a time wastes no approvals on that). Meanwhile the Azure emulator's state is read every 250 ms: the moment
 * a deployment is first seen Succeeded there, and the moment its request page shows the status "Succeeded",
 * give one latency. Prints one JSON line (read by scripts/bench/run.ts). Bounded in time: what has not
 * settled by the deadline is reported as not settled.
 *
 *   tsx scripts/bench/latency.ts [--port 3900] [--requests 20] [--batch 1]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { emulatorPorts, launchChromium, signInContext, startDemo, type Demo } from "./demo-process";
import { runBenchScript } from "./entry";

const T0 = Date.now();
function log(line: string) {
  process.stderr.write(`[latency +${Math.round((Date.now() - T0) / 1000)} s] ${line}\n`);
}

interface Watched {
  name: string;
  url: string;
  context: BrowserContext;
  page: Page;
  shownAt?: number;
  azureAt?: number;
}

/** The Azure emulator's admin state, over HTTPS with the demo's own local CA (made in its data folder at start). */
function readAzureState(url: string, caFile: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: readFileSync(caFile) }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => {
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function submit(browser: Browser, base: string, priya: BrowserContext, name: string): Promise<Watched> {
  // A context of its own per request page: each stays a visible, foreground tab (the page polls only when visible).
  const context = await browser.newContext({ storageState: await priya.storageState() });
  const page = await context.newPage();
  // Until the reconciler's first pass has read the account's models from Azure, the form has none to offer.
  const until = Date.now() + 120_000;
  for (;;) {
    await page.goto(`${base}/requests/new`, { timeout: 60_000 });
    await page.getByLabel("Account", { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByLabel("Account", { exact: true }).selectOption("contoso-openai-aue");
    const ready = await page
      .getByLabel("Model", { exact: true })
      .locator('option[value="gpt-4o-mini"]')
      .waitFor({ state: "attached", timeout: 5000 })
      .then(() => true, () => false);
    if (ready) break;
    if (Date.now() > until) throw new Error("the request form offered no models for two minutes");
  }
  await page.getByLabel("Model", { exact: true }).selectOption("gpt-4o-mini");
  await page.getByLabel("Version", { exact: true }).selectOption("2024-07-18");
  await page.getByLabel("Deployment type", { exact: true }).selectOption("GlobalStandard");
  await page.getByLabel("Capacity", { exact: true }).fill("1");
  await page.getByLabel("Deployment name", { exact: true }).fill(name);
  await page.getByLabel("Justification", { exact: true }).fill(`Status latency benchmark: ${name}.`);
  await page.getByRole("button", { name: "Submit request" }).click();
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  return { name, url: page.url(), context, page };
}

async function approve(alex: Page, base: string, name: string, deadline: number) {
  const card = alex.getByRole("article").filter({ has: alex.getByRole("heading", { name: new RegExp(`#\\d+ ${name}$`) }) });
  // Each merge moves main, and every other open PR gets its change re-applied on it and its checks re-run: an
  // approval racing that is refused, and is tried again once the new head's checks passed.
  for (let attempt = 1; ; attempt++) {
    for (;;) {
      await alex.goto(`${base}/queue`, { timeout: 60_000 });
      if (await card.getByText("Checks passed").isVisible()) break;
      if (Date.now() > deadline) throw new Error(`${name}: checks did not pass before the deadline`);
      await alex.waitForTimeout(1000);
    }
    await card.getByTestId("plan-summary").or(card.getByText("No plan of the merge")).first().waitFor({ timeout: 60_000 });
    const asks = card.getByTestId("approve-confirmations");
    if (await asks.isVisible()) {
      for (const box of await asks.getByRole("checkbox").all()) await box.check();
      await asks.getByLabel("Reason (recorded with the approval)").fill("Benchmark: checked.");
    }
    await card.getByRole("button", { name: "Approve" }).click();
    const mergedNote = alex.getByRole("status").filter({ hasText: "Approved and merged" });
    await mergedNote
      .or(alex.getByText(/main moved|changed after you opened this page/))
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => {});
    if (await mergedNote.isVisible()) return;
    const said = (await alex.getByRole("alert").allInnerTexts().catch(() => [])).join(" / ").slice(0, 200);
    log(`${name}: approval attempt ${attempt} not merged${said ? `: ${said}` : ""}`);
    if (attempt >= 4 || Date.now() > deadline) throw new Error(`${name}: not merged after ${attempt} approvals${said ? ` (${said})` : ""}`);
    // The re-applied head is pushed and its checks start over: don't approve the old head's "Checks passed" again.
    await alex.waitForTimeout(3000);
  }
}

async function main() {
  const { values } = parseArgs({ options: { port: { type: "string", default: "3900" }, requests: { type: "string", default: "20" }, batch: { type: "string", default: "1" }, minutes: { type: "string", default: "8" } } });
  const port = Number(values.port);
  const n = Number(values.requests);
  const batch = Number(values.batch);
  const deadline = Date.now() + Number(values.minutes) * 60_000;
  const base = `http://127.0.0.1:${port}`;
  const azureAdmin = `https://127.0.0.1:${emulatorPorts(port).azure}/_emulator/state`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "modelgate-bench-latency-"));
  const watched: Watched[] = [];
  let demo: Demo | null = null;
  let browser: Browser | null = null;
  let polling = true;
  let failure: string | null = null;
  try {
    demo = await startDemo(port, dataDir, { databaseUrl: null, backgroundWork: "in-process", empty: true });
    log(`demo started in ${demo.startupMs} ms`);
    // Azure's side: the first moment each watched deployment reads Succeeded in the emulator.
    const azurePoll = (async () => {
      while (polling) {
        try {
          const state = (await readAzureState(azureAdmin, path.join(dataDir, "certs", "ca.pem"))) as { deployments: { name: string; provisioningState: string }[] };
          const now = Date.now();
          for (const d of state.deployments) {
            const w = watched.find((x) => x.name === d.name);
            if (w && w.azureAt === undefined && d.provisioningState === "Succeeded") w.azureAt = now;
          }
        } catch {
          // The emulator busy for a moment: the next read.
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    browser = await launchChromium();
    const priya = await signInContext(browser, base, "Priya Shah");
    const alexContext = await signInContext(browser, base, "Alex Kim");
    const alex = await alexContext.newPage();
    const stamp = Date.now().toString(36).slice(-4);
    const shown: Promise<void>[] = [];
    try {
      for (let start = 0; start < n; start += batch) {
        const names = Array.from({ length: Math.min(batch, n - start) }, (_, i) => `bench-latency-${stamp}-${start + i}`);
        for (const name of names) {
          const w = await submit(browser, base, priya, name);
          watched.push(w);
          // The requester's page, open and untouched: the status it shows once the live refresh re-renders it.
          shown.push(
            w.page
              .getByTestId("request-status")
              .filter({ hasText: /^Succeeded$/ })
              .waitFor({ timeout: Math.max(1000, deadline - Date.now()) })
              .then(() => void (w.shownAt = Date.now()))
              .catch(() => {}),
          );
        }
        log(`submitted ${watched.length}`);
        for (const name of names) await approve(alex, base, name, deadline);
        log(`approved ${watched.length}`);
      }
    } catch (e) {
      failure = e instanceof Error ? e.message.split("\n")[0] : String(e);
      log(`stopped early: ${e instanceof Error ? e.message.split("\n").slice(0, 6).join(" / ") : failure}`);
    }
    // The last ones deploy and settle: at most two more minutes (and never past the deadline).
    await Promise.race([Promise.all(shown), new Promise((r) => setTimeout(r, Math.max(0, Math.min(120_000, deadline - Date.now()))))]);
    polling = false;
    await azurePoll;
    const latencies = watched.filter((w) => w.shownAt !== undefined && w.azureAt !== undefined).map((w) => w.shownAt! - w.azureAt!);
    const sorted = [...latencies].sort((a, b) => a - b);
    const result = {
      requests: n,
      submitted: watched.length,
      measured: sorted.length,
      notSettled: watched.filter((w) => w.shownAt === undefined).map((w) => w.name),
      p50: sorted.length ? percentile(sorted, 50) : null,
      p95: sorted.length ? percentile(sorted, 95) : null,
      max: sorted.at(-1) ?? null,
      latenciesMs: latencies,
      failure,
      minutes: Math.round(((Date.now() - T0) / 60_000) * 10) / 10,
    };
    console.log(JSON.stringify(result));
  } finally {
    polling = false;
    await browser?.close().catch(() => {});
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBenchScript(main);
