/**
 * The benchmark's handle on a running portal: `npm run demo` (the production build, `next start`, the
 * emulators) started on the benchmark's ports with a data folder and database of its own, the portal's
 * process and memory, and a signed-in session made through the demo sign-in page.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";

const root = path.resolve(__dirname, "..", "..");
const tsxBin = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

/** The emulators' ports next to the portal's (the same offsets for every section). */
export function emulatorPorts(port: number) {
  return { azure: port + 1010, github: port + 1020, entra: port + 1030, mailSmtp: port + 1040, mailWeb: port + 1041 };
}

/** Resident memory of a process in MB (0 when it is gone). */
export function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The portal's process: the one listening on the port (`next start` runs its server in a process of its own). */
export function findPortalPid(port: number): number | null {
  const out = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" }).stdout;
  const m = /pid=(\d+)/.exec(out);
  return m ? Number(m[1]) : null;
}

export interface Demo {
  child: ChildProcess;
  startupMs: number;
  stop(): Promise<void>;
}

export interface DemoOptions {
  /** PostgreSQL URL; null for the embedded PGlite in the data folder. */
  databaseUrl: string | null;
  /** "external": no reconciler, poll or job runner in the portal (the pages read what was seeded). */
  backgroundWork?: "in-process" | "external";
  /** Leave the demo world out (a fresh data folder then only has the repository, the accounts and the people). */
  empty?: boolean;
  /** More environment for the demo launcher. */
  env?: Record<string, string>;
}

/** Starts `npm run demo` and resolves once it says it is running (at most 5 minutes). */
export async function startDemo(port: number, dataDir: string, options: DemoOptions): Promise<Demo> {
  const started = Date.now();
  const ports = emulatorPorts(port);
  const args = [tsxBin, path.join(root, "scripts", "demo.ts"), "--port", String(port), "--data-dir", dataDir, ...(options.empty ? ["--empty"] : [])];
  // The demo trusts its emulators' local CA (made in its data folder) itself; a CA inherited from the caller's
  // environment is left out.
  const { NODE_EXTRA_CA_CERTS: _inherited, ...inherited } = process.env;
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...inherited,
      NEXT_TELEMETRY_DISABLED: "1",
      MODELGATE_MODE: "demo",
      BACKGROUND_WORK: options.backgroundWork ?? "in-process",
      AZURE_EMULATOR_PORT: String(ports.azure),
      GITHUB_EMULATOR_PORT: String(ports.github),
      ENTRA_EMULATOR_PORT: String(ports.entra),
      MAIL_EMULATOR_SMTP_PORT: String(ports.mailSmtp),
      MAIL_EMULATOR_WEB_PORT: String(ports.mailWeb),
      DATABASE_URL: options.databaseUrl ?? "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start within 5 minutes:\n${output.slice(-20).join("\n")}`)), 300_000);
    const onData = (c: Buffer) => {
      const text = c.toString();
      output.push(...text.split("\n").filter(Boolean));
      if (/ModelGate demo is running/.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited (${code}):\n${output.slice(-20).join("\n")}`));
    });
  });
  child.removeAllListeners("exit");
  const startupMs = Date.now() - started;
  return {
    child,
    startupMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Headless Debian Chromium, as playwright.config.ts uses it (never a downloaded browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
}

/** Signs `person` in through the demo sign-in page in a browser context of its own; resolves once signed in. */
export async function signInContext(browser: Browser, base: string, person: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/signin`, { timeout: 120_000 });
  await page.getByRole("button", { name: new RegExp(`^Sign in as ${person}`) }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"), { timeout: 120_000 });
  await page.close();
  return context;
}

/** A session cookie header for `person` (signed in once through the sign-in page). */
export async function signIn(base: string, person: string): Promise<string> {
  const browser = await launchChromium();
  try {
    const context = await signInContext(browser, base, person);
    return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}
