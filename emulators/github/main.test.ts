import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "github-emulator-cli-"));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>, args: string[] = []): Run {
  const child = spawn(process.execPath, [tsx, path.join(root, "emulators/github/main.ts"), ...args], {
    cwd: root,
    env: { ...process.env, GITHUB_EMULATOR_DATA_DIR: dataDir, GITHUB_EMULATOR_TOKEN: "", AZURE_EMULATOR_URL: "", GITHUB_EMULATOR_WEBHOOK_URL: "", ...env },
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

afterAll(() => {
  for (const r of started) if (r.child.exitCode === null) r.child.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run emulator:github", () => {
  it("prints one line, takes the documented default tokens, refuses a taken port in one line, stops cleanly", async () => {
    const first = run({ GITHUB_EMULATOR_PORT: "0" }, ["--reset"]);
    started.push(first);
    await expect.poll(first.stdout, { timeout: 20_000 }).toMatch(/\n$/);
    const match = /^github emulator listening on (http:\/\/127\.0\.0\.1:(\d+)) repo contoso\/platform-ai-models\n$/.exec(first.stdout());
    expect(match, first.stdout() + first.stderr()).not.toBeNull();
    expect(fs.existsSync(path.join(dataDir, "repo.git", "HEAD"))).toBe(true);
    const url = match![1];
    for (const token of ["modelgate-demo-token", "modelgate-demo-reviewer-token"]) {
      const res = await fetch(`${url}/repos/contoso/platform-ai-models`, { headers: { authorization: `token ${token}` } });
      expect(res.status).toBe(200);
    }

    const second = run({ GITHUB_EMULATOR_PORT: match![2] });
    started.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stdout()).toBe("");
    expect(second.stderr()).toBe(`github emulator: port ${match![2]} on 127.0.0.1 is already in use (set GITHUB_EMULATOR_PORT to use another port)\n`);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.stdout().split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("rejects invalid settings with a one-line message", async () => {
    const bad = run({ GITHUB_EMULATOR_PORT: "0", GITHUB_EMULATOR_ERROR_RATE: "2" });
    started.push(bad);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toBe("github emulator: GITHUB_EMULATOR_ERROR_RATE=2 is invalid: expected a number from 0 to 1\n");
  });
});
