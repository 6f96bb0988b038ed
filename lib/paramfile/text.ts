/** Offset ↔ line/column arithmetic and line-oriented helpers shared by the Bicep and JSON engines. */

export interface Position {
  line: number;
  column: number;
}

/** Start offsets of every line; a line ends at \n, \r\n or a lone \r. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf("\r") < 0) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Maps offsets to 1-based line/column; builds its index once per text. */
export class LineMap {
  private readonly starts: number[];
  constructor(readonly text: string) {
    this.starts = computeLineStarts(text);
  }

  position(offset: number): Position {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
}

/** One-off offset → position without building an index (for error paths). */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10 && i + 1 < end) i++;
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** \n or \r. */
export function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** Offset of the first character of the line containing `offset`. */
export function lineStartAt(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && !isLineBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Offset of the line break (or end of text) ending the line containing `offset`. */
export function lineEndAt(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
  return i;
}

/** Offset just after the line break ending the line containing `offset`. */
export function nextLineStart(text: string, offset: number): number {
  const end = lineEndAt(text, offset);
  if (end >= text.length) return end;
  if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) return end + 2;
  return end + 1;
}

/** The spaces and tabs that begin the line starting at `lineStart`. */
export function indentationAt(text: string, lineStart: number): string {
  let i = lineStart;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return text.slice(lineStart, i);
}

/** True when only spaces/tabs stand between `from` and `to`. */
export function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The line ending of the first line break in `text` from `from` on, or `fallback` when there is none. */
export function firstEol(text: string, from = 0, fallback = "\n"): string {
  const lf = text.indexOf("\n", from);
  const cr = text.indexOf("\r", from);
  if (cr < 0) return lf < 0 ? fallback : "\n";
  if (lf < 0 || cr < lf) return text.charCodeAt(cr + 1) === 10 ? "\r\n" : "\r";
  return "\n";
}

/** The line ending most used in `text` (ties and line-less texts fall back to `fallback`). */
export function detectEol(text: string, fallback = "\n"): string {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf === 0 && lf === 0 && cr === 0) return fallback;
  if (crlf >= lf && crlf >= cr) return "\r\n";
  if (lf >= cr) return "\n";
  return "\r";
}

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`internal: overlapping edits at ${edit.start}`);
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** Start of the line before the line starting at `lineStart` (which must be > 0). */
export function previousLineStart(text: string, lineStart: number): number {
  let end = lineStart - 1;
  if (text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13) end--;
  return lineStartAt(text, end);
}

/** Whether the line starting at `lineStart` holds only spaces and tabs. */
export function isBlankLine(text: string, lineStart: number): boolean {
  return lineStart < text.length && isBlank(text, lineStart, lineEndAt(text, lineStart));
}
