/** Every refusal the engine makes is one of these codes, so callers can branch without parsing messages. */
export type ParamFileErrorCode =
  | "syntax"
  | "unresolvable"
  | "param-not-found"
  | "not-array"
  | "duplicate-name"
  | "not-found"
  | "invalid-deployment"
  | "invalid-name"
  | "invalid-change"
  | "unsupported-file";

export interface ParamFileErrorDetails {
  line?: number;
  column?: number;
  deployment?: string;
  /** The message without the location prefix (the CLI prints `file:line:column: reason`). */
  reason?: string;
}

/** The only error type the engine throws on bad input; `message` is written for the person who has to fix it. */
export class ParamFileError extends Error {
  readonly code: ParamFileErrorCode;
  line?: number;
  column?: number;
  deployment?: string;
  reason?: string;

  constructor(code: ParamFileErrorCode, message: string, details: ParamFileErrorDetails = {}) {
    super(message);
    this.name = "ParamFileError";
    this.code = code;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.deployment !== undefined) this.deployment = details.deployment;
    this.reason = details.reason ?? message;
  }
}

/** Type guard usable across module copies (e.g. the CLI bundled separately from the portal). */
export function isParamFileError(error: unknown): error is ParamFileError {
  return error instanceof ParamFileError || (error instanceof Error && error.name === "ParamFileError" && "code" in error);
}

/** A syntax error at a 1-based position; the message leads with the position so it is actionable on its own. */
export function syntaxError(line: number, column: number, reason: string): ParamFileError {
  return new ParamFileError("syntax", `Line ${line}, column ${column}: ${reason}`, { line, column, reason });
}
