import type { AnnotationState } from "../state";

/** Actions' timestamps: ISO 8601 with seven fractional digits. */
function stamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

/**
 * A job's log as the Actions runner writes it: timestamped lines, `##[group]Run <command>` … `##[endgroup]` around
 * each `run:` step's script, the step's own output, and `##[error]…` when a step fails.
 */
export class JobLog {
  readonly lines: string[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  write(text: string): void {
    for (const line of text.split("\n")) this.lines.push(`${stamp(this.clock())} ${line}`);
  }

  /** The header of a `run:` step: its script folded into a group, as the runner prints it. */
  run(script: string): void {
    const [first, ...rest] = script.trim().split("\n");
    this.write(`##[group]Run ${first}`);
    for (const l of rest) this.write(l);
    this.write("##[endgroup]");
  }

  /** An `##[error]` line; returns its 1-based line number (what the annotation points at). */
  error(message: string): number {
    this.write(`##[error]${message}`);
    return this.lines.length;
  }

  /** A `run:` step ended with exit code 1: the error line and the one annotation Actions makes of it. */
  failStep(): AnnotationState {
    const line = this.error("Process completed with exit code 1.");
    return actionsAnnotation(line, "Process completed with exit code 1.");
  }
}

/** An annotation Actions itself writes (not a workflow command): on `.github`, no title, empty raw details. */
export function actionsAnnotation(line: number, message: string): AnnotationState {
  return { path: ".github", startLine: line, endLine: line, level: "failure", title: "", message, rawDetails: "" };
}
