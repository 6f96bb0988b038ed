/**
 * Starts the demo's processes (emulators, portal) as children, waits until each is ready, and stops them all
 * together. Used by `npm run demo` and by the end-to-end tests, so both run the same way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
  /** Ready when a line of output matches this... */
  readyLine?: RegExp;
  /** ...or when this URL answers 2xx. */
  readyUrl?: string;
  /** Ports the service will listen on, checked before it starts. */
  ports?: number[];
  timeoutMs?: number;
  /** Print the child's output (with a name prefix). */
  verbose?: boolean;
}

export interface RunningService {
  name: string;
  child: ChildProcess;
  /** Lines the child printed before it was ready. */
  output: string[];
}

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Asks the OS for a free loopback port. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class ServiceError extends Error {}

/** Starts one service and waits for it to be ready; rejects with its output if it exits or times out. */
export async function startService(spec: ServiceSpec): Promise<RunningService> {
  for (const port of spec.ports ?? []) {
    if (!(await isPortFree(port))) {
      throw new ServiceError(`${spec.name}: port ${port} on 127.0.0.1 is already in use. Stop whatever uses it, or choose another port.`);
    }
  }
  const child = spawn(spec.command, spec.args, {
    env: { ...process.env, ...spec.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  const output: string[] = [];
  const service: RunningService = { name: spec.name, child, output };
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split(/\r?\n/)) {
      if (!line) continue;
      if (output.length < 500) output.push(line);
      if (spec.verbose) console.log(`[${spec.name}] ${line}`);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => fail(`did not become ready within ${(spec.timeoutMs ?? 120_000) / 1000} s`), spec.timeoutMs ?? 120_000);
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timeout);
      child.stdout!.off("data", watch);
      if (err) reject(err);
      else resolve();
    };
    const fail = (why: string) => {
      child.kill("SIGTERM");
      finish(new ServiceError(`${spec.name} ${why}.\n${output.slice(-30).map((l) => `  ${l}`).join("\n")}`));
    };
    const watch = (chunk: Buffer) => {
      if (spec.readyLine && spec.readyLine.test(chunk.toString())) finish();
    };
    child.stdout!.on("data", watch);
    child.once("exit", (code, signal) => fail(`exited before it was ready (${signal ?? `exit code ${code}`})`));
    if (spec.readyUrl) {
      const url = spec.readyUrl;
      const poll = async () => {
        while (!done) {
          try {
            const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
            if (res.ok) return finish();
          } catch {
            // not up yet
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      };
      void poll();
    }
  });
  child.removeAllListeners("exit");
  return service;
}

/** Stops services in reverse order: SIGTERM, then SIGKILL after a grace period. */
export async function stopServices(services: RunningService[], graceMs = 5000): Promise<void> {
  await Promise.all(
    [...services].reverse().map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
          const timer = setTimeout(() => s.child.kill("SIGKILL"), graceMs);
          s.child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          s.child.kill("SIGTERM");
        }),
    ),
  );
}
