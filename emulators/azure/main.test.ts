import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SEED_SUBSCRIPTION_ID } from "../seed/world";

const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-emulator-cli-"));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>, args: string[] = []): Run {
  const child = spawn(process.execPath, [tsx, path.join(root, "emulators/azure/main.ts"), ...args], {
    cwd: root,
    env: { ...process.env, AZURE_EMULATOR_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

const started: Run[] = [];

afterAll(async () => {
  for (const r of started) if (r.child.exitCode === null) r.child.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run emulator:azure", () => {
  it("prints one line, refuses a taken port in one line, and stops cleanly on SIGTERM", async () => {
    const first = run({ AZURE_EMULATOR_PORT: "0" }, ["--reset"]);
    started.push(first);
    await expect.poll(first.stdout, { timeout: 20_000 }).toMatch(/\n$/);
    const match = /^azure emulator listening on https:\/\/127\.0\.0\.1:(\d+) subscription ([0-9a-f-]+)\n$/.exec(first.stdout());
    expect(match, first.stdout() + first.stderr()).not.toBeNull();
    expect(match![2]).toBe(SEED_SUBSCRIPTION_ID);
    expect(fs.existsSync(path.join(dataDir, "state.json"))).toBe(true);

    const second = run({ AZURE_EMULATOR_PORT: match![1] });
    started.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stdout()).toBe("");
    expect(second.stderr()).toBe(`azure emulator: port ${match![1]} on 127.0.0.1 is already in use (set AZURE_EMULATOR_PORT to use another port)\n`);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.stdout().split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("rejects invalid settings with a one-line message", async () => {
    const bad = run({ AZURE_EMULATOR_PORT: "0", AZURE_EMULATOR_ERROR_RATE: "2" });
    started.push(bad);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toBe("azure emulator: AZURE_EMULATOR_ERROR_RATE=2 is invalid: expected a number from 0 to 1\n");
  });
});
