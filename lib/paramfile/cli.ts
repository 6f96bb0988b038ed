/**
 * Command line for the parameter-file engine (npm run --silent paramfile -- …), for platform engineers and their
 * pipelines:
 *   list FILE [--param NAME]                          the deployments array as JSON on stdout
 *   apply FILE --change JSON [--param NAME] [--write] the whole new file on stdout (or written in place)
 *   validate FILE [--param NAME]                      exit 0 when valid, else one line per finding on stderr
 * Refusals exit non-zero with one line on stderr (file:line:column for positions) and never touch the file.
 */
import { chmodSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_PARAM,
  applyParamChange,
  detectParamFileKind,
  isParamFileError,
  readDeploymentElements,
  validateParamFile,
  type ParamChange,
  type ValidationFinding,
} from "./index";
import { ParamFileError } from "./errors";

const USAGE = [
  "usage: paramfile list FILE [--param NAME]",
  "       paramfile apply FILE --change JSON [--param NAME] [--write]",
  "       paramfile validate FILE [--param NAME]",
].join("\n");

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  /** Replaces the file's content atomically (a crash leaves the old or the new file, never half of one). */
  writeFile(path: string, text: string): void;
}

class UsageError extends Error {}

const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, " ").trim();

/** `file:line:column: message` when there is a position, naming the deployment when the message doesn't. */
function describeError(file: string, error: { message: string; reason?: string; line?: number; column?: number; deployment?: string }): string {
  const where = error.line !== undefined ? `${file}:${error.line}:${error.column ?? 1}` : file;
  let message = error.line !== undefined && error.reason ? error.reason : error.message;
  if (error.deployment !== undefined && !message.includes(error.deployment)) message += ` (deployment ${JSON.stringify(error.deployment)})`;
  return oneLine(`${where}: ${message}`);
}

function describeFinding(file: string, finding: ValidationFinding): string {
  const reason = finding.code === "syntax" ? finding.message.replace(/^Line \d+, column \d+: /, "") : finding.message;
  return describeError(file, { ...finding, message: reason, reason });
}

function readText(io: CliIo, file: string): string {
  try {
    return io.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    throw new UsageError(`cannot read ${file}: ${why}`);
  }
}

function parseChange(json: string | undefined): ParamChange {
  if (json === undefined) throw new UsageError("apply needs --change JSON, e.g. --change '{\"op\":\"remove\",\"name\":\"gpt-4o\"}'");
  try {
    return JSON.parse(json) as ParamChange;
  } catch (error) {
    throw new ParamFileError("invalid-change", `--change is not valid JSON (${(error as Error).message}).`);
  }
}

/** Runs one command; returns the process exit code (0 ok, 1 refused or invalid, 2 usage). */
export function runCli(argv: string[], io: CliIo): number {
  let file = "";
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        param: { type: "string" },
        change: { type: "string" },
        write: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const [command, target, ...extra] = positionals;
    if (!command) throw new UsageError("missing command (list, apply or validate)");
    if (!target) throw new UsageError(`${command} needs a FILE`);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    file = target;
    const param = values.param ?? DEFAULT_PARAM;

    switch (command) {
      case "list": {
        if (values.change !== undefined || values.write) throw new UsageError("list takes only FILE and --param");
        const kind = detectParamFileKind(file);
        io.stdout(`${JSON.stringify(readDeploymentElements(readText(io, file), kind, param), null, 2)}\n`);
        return 0;
      }
      case "apply": {
        const kind = detectParamFileKind(file);
        const change = parseChange(values.change);
        const text = readText(io, file);
        const result = applyParamChange(text, kind, change, param);
        if (values.write) {
          if (result !== text) io.writeFile(file, result);
        } else io.stdout(result);
        return 0;
      }
      case "validate": {
        if (values.change !== undefined || values.write) throw new UsageError("validate takes only FILE and --param");
        const kind = detectParamFileKind(file);
        const findings = validateParamFile(readText(io, file), kind, param);
        for (const finding of findings) io.stderr(`${describeFinding(file, finding)}\n`);
        return findings.length === 0 ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)} (use list, apply or validate)`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException)?.code?.startsWith?.("ERR_PARSE_ARGS")) {
      io.stderr(`paramfile: ${oneLine((error as Error).message)} (see --help)\n`);
      return 2;
    }
    if (isParamFileError(error)) {
      io.stderr(`${describeError(file || "paramfile", error)}\n`);
      return 1;
    }
    io.stderr(`paramfile: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  }
}

/** Writes next to the target and renames over it, keeping the file's permissions. */
function writeFileAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { encoding: "utf8", flag: "wx" });
    chmodSync(temporary, statSync(path).mode);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing to clean up
    }
    throw error;
  }
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, "utf8"),
  writeFile: writeFileAtomically,
};

if (process.argv[1] && /cli\.ts$/.test(process.argv[1])) {
  process.exitCode = runCli(process.argv.slice(2), processIo);
}
