/**
 * What the emulator CLIs (`npm run emulator:github`, `npm run emulator:azure`) have in common: settings read from
 * the environment with one-line refusals (exit 2), the `--reset` flag, exactly one line once listening, a one-line
 * start-up error (exit 1, a taken port named with the variable that moves it) and a clean stop on SIGINT/SIGTERM.
 */

export interface EmulatorCli {
  /** Prints `<name>: <message>` on stderr and exits. */
  fail(message: string, code?: number): never;
  /** A variable's trimmed value; unset and blank read as undefined. */
  env(name: string): string | undefined;
  /** A number within [min, max], or exit 2 naming the variable. */
  numberEnv(name: string, min: number, max: number, options?: { integer?: boolean }): number | undefined;
  /** true/false (also 1/0, yes/no, on/off), or exit 2. */
  boolEnv(name: string): boolean | undefined;
  /** Reads the command line: `--reset` or nothing (anything else exits 2). */
  parseArgs(argv?: string[]): { reset: boolean };
  /** Starts the emulator, prints its one ready line, and closes it on SIGINT/SIGTERM. */
  serve<E extends { close(): Promise<void> }>(input: { port: number; portEnv: string; start: () => Promise<E>; readyLine: (emulator: E) => string }): Promise<void>;
}

/** The CLI helpers of one emulator; `name` prefixes every message (e.g. "github emulator"). */
export function createEmulatorCli(name: string): EmulatorCli {
  const fail = (message: string, code = 1): never => {
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(code);
  };
  const env = (variable: string): string | undefined => {
    const value = process.env[variable];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  return {
    fail,
    env,
    numberEnv(variable, min, max, options = {}) {
      const raw = env(variable);
      if (raw === undefined) return undefined;
      const value = Number(raw);
      if (!Number.isFinite(value) || value < min || value > max || (options.integer && !Number.isInteger(value))) {
        fail(`${variable}=${raw} is invalid: expected ${options.integer ? "an integer" : "a number"} from ${min} to ${max}`, 2);
      }
      return value;
    },
    boolEnv(variable) {
      const raw = env(variable)?.toLowerCase();
      if (raw === undefined) return undefined;
      if (["1", "true", "yes", "on"].includes(raw)) return true;
      if (["0", "false", "no", "off"].includes(raw)) return false;
      return fail(`${variable}=${raw} is invalid: expected true or false`, 2);
    },
    parseArgs(argv = process.argv.slice(2)) {
      const unknown = argv.filter((a) => a !== "--reset");
      if (unknown.length > 0) fail(`unknown argument ${unknown[0]} (the only flag is --reset)`, 2);
      return { reset: argv.includes("--reset") };
    },
    async serve({ port, portEnv, start, readyLine }) {
      const emulator = await start().catch((e: NodeJS.ErrnoException) =>
        fail(e.code === "EADDRINUSE" ? `port ${port} on 127.0.0.1 is already in use (set ${portEnv} to use another port)` : e.message),
      );
      process.stdout.write(`${readyLine(emulator)}\n`);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        emulator.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    },
  };
}
