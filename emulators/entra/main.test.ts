import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_TENANT_ID } from "./directory";

const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [tsx, path.join(root, "emulators/entra/main.ts")], {
    cwd: root,
    env: { ...process.env, ...env },
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
});

describe("npm run emulator:entra", () => {
  it("prints one line with its URL and tenant, refuses a taken port in one line, and stops on SIGTERM", async () => {
    const first = run({ ENTRA_EMULATOR_PORT: "0" });
    started.push(first);
    await expect.poll(first.stdout, { timeout: 30_000 }).toMatch(/\n$/);
    const match = /^entra emulator listening on https:\/\/127\.0\.0\.1:(\d+) tenant ([0-9a-f-]+)\n$/.exec(first.stdout());
    expect(match, first.stdout() + first.stderr()).not.toBeNull();
    expect(match![2]).toBe(DEFAULT_TENANT_ID);
    const discovery = await fetch(`https://127.0.0.1:${match![1]}/${DEFAULT_TENANT_ID}/v2.0/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);

    const second = run({ ENTRA_EMULATOR_PORT: match![1] });
    started.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stdout()).toBe("");
    expect(second.stderr()).toBe(`entra emulator: port ${match![1]} on 127.0.0.1 is already in use (set ENTRA_EMULATOR_PORT to use another port)\n`);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.stdout().split("\n").filter(Boolean)).toHaveLength(1);
    expect(first.stderr()).toBe("");
  });

  it("refuses a port that is not a number", async () => {
    const bad = run({ ENTRA_EMULATOR_PORT: "http" });
    started.push(bad);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toBe("entra emulator: ENTRA_EMULATOR_PORT=http is invalid: expected an integer from 0 to 65535\n");
  });
});
