import { ParamFileError, syntaxError as syntaxErrorAtPosition } from "../errors";
import { positionAt } from "../text";

/**
 * Lossless lexer for the Bicep parameter-file language. Every byte of input lands in exactly one token, either as
 * the token's text or as the trivia (whitespace, line breaks, comments, #disable directives) before it; the final
 * "eof" token carries whatever trivia ends the file. Joining `leading + text` over all tokens gives back the input.
 */

export type TokenKind =
  | "identifier"
  | "number"
  | "string" // 'complete' single-line string, no interpolation
  | "stringLeft" // 'text${
  | "stringMiddle" // }text${
  | "stringRight" // }text'
  | "multilineString" // '''text'''
  | "{"
  | "}"
  | "["
  | "]"
  | "("
  | ")"
  | ","
  | "."
  | ".?"
  | "..."
  | ":"
  | "::"
  | "?"
  | "??"
  | "!"
  | "="
  | "=="
  | "!="
  | "=~"
  | "!~"
  | "<"
  | "<="
  | ">"
  | ">="
  | "&&"
  | "||"
  | "|"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "@"
  | "=>"
  | "eof";

export interface Token {
  kind: TokenKind;
  /** The token's own characters. */
  text: string;
  /** Trivia (whitespace, line breaks, comments) between the previous token and this one. */
  leading: string;
  /** Offset where `leading` starts. */
  pos: number;
  /** Offset where `text` starts. */
  start: number;
  /** Offset just past `text`. */
  end: number;
  /** Whether `leading` contains a line break (Bicep statements and multi-line items are newline-separated). */
  nl: boolean;
}

const PUNCTUATION_3: Record<string, TokenKind> = { "...": "..." };
const PUNCTUATION_2: Record<string, TokenKind> = {
  ".?": ".?",
  "::": "::",
  "??": "??",
  "==": "==",
  "!=": "!=",
  "=~": "=~",
  "!~": "!~",
  "<=": "<=",
  ">=": ">=",
  "&&": "&&",
  "||": "||",
  "=>": "=>",
};
const PUNCTUATION_1: Record<string, TokenKind> = {
  "{": "{",
  "}": "}",
  "[": "[",
  "]": "]",
  "(": "(",
  ")": ")",
  ",": ",",
  ".": ".",
  ":": ":",
  "?": "?",
  "!": "!",
  "=": "=",
  "<": "<",
  ">": ">",
  "|": "|",
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "%": "%",
  "@": "@",
};

const DIRECTIVES = ["#disable-next-line", "#disable-diagnostics", "#restore-diagnostics"];

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function syntaxError(text: string, offset: number, message: string): ParamFileError {
  const { line, column } = positionAt(text, offset);
  return syntaxErrorAtPosition(line, column, message);
}

/** Splits Bicep parameter-file text into tokens; throws ParamFileError("syntax") with line/column on bad input. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  // One entry per open `${`: how many `{` are open inside that interpolation.
  const interpolation: number[] = [];

  while (true) {
    // Trivia.
    const pos = i;
    let nl = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 0xfeff || c === 11 || c === 12) i++;
      else if (c === 10 || c === 13) {
        nl = true;
        i++;
      } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
        i += 2;
        while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
        const close = text.indexOf("*/", i + 2);
        if (close < 0) throw syntaxError(text, i, "Unterminated block comment: add the closing */.");
        for (let j = i + 2; j < close; j++) {
          const d = text.charCodeAt(j);
          if (d === 10 || d === 13) {
            nl = true;
            break;
          }
        }
        i = close + 2;
      } else if (c === 35 /* # */ && DIRECTIVES.some((d) => text.startsWith(d, i))) {
        while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      } else break;
    }
    const leading = text.slice(pos, i);
    const start = i;

    if (i >= n) {
      if (interpolation.length > 0) throw syntaxError(text, i, "Unterminated string interpolation: add the closing } and '.");
      tokens.push({ kind: "eof", text: "", leading, pos, start, end: i, nl });
      return tokens;
    }

    const c = text.charCodeAt(i);
    let kind: TokenKind;

    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      kind = "identifier";
    } else if (isDigit(c)) {
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (i < n && isIdentStart(text.charCodeAt(i))) throw syntaxError(text, i, `Unexpected character '${text[i]}' after a number.`);
      kind = "number";
    } else if (c === 39 /* ' */) {
      if (text.startsWith("'''", i)) {
        i = scanMultilineString(text, i);
        kind = "multilineString";
      } else {
        const r = scanStringBody(text, i + 1, i);
        i = r.end;
        if (r.interpolates) {
          interpolation.push(0);
          kind = "stringLeft";
        } else kind = "string";
      }
    } else if (c === 125 /* } */ && interpolation.length > 0 && interpolation[interpolation.length - 1] === 0) {
      const r = scanStringBody(text, i + 1, i);
      i = r.end;
      if (r.interpolates) kind = "stringMiddle";
      else {
        interpolation.pop();
        kind = "stringRight";
      }
    } else {
      const three = text.substr(i, 3);
      const two = text.substr(i, 2);
      const one = text[i];
      if (PUNCTUATION_3[three]) {
        kind = PUNCTUATION_3[three];
        i += 3;
      } else if (PUNCTUATION_2[two] && !(two === ".?" && isDigit(text.charCodeAt(i + 2)))) {
        kind = PUNCTUATION_2[two];
        i += 2;
      } else if (PUNCTUATION_1[one]) {
        kind = PUNCTUATION_1[one];
        i += 1;
      } else if (c === 34 /* " */) {
        throw syntaxError(text, i, `Unexpected character '"': Bicep strings use single quotes ('...').`);
      } else {
        const shown = c < 32 ? `\\u${c.toString(16).padStart(4, "0")}` : String.fromCodePoint(text.codePointAt(i) ?? c);
        throw syntaxError(text, i, `Unexpected character '${shown}'.`);
      }
      if (interpolation.length > 0) {
        if (kind === "{") interpolation[interpolation.length - 1]++;
        else if (kind === "}") interpolation[interpolation.length - 1]--;
      }
    }

    tokens.push({ kind, text: text.slice(start, i), leading, pos, start, end: i, nl });
  }
}

/**
 * Scans string characters starting at `from` (just after the opening quote or the `}` closing an interpolation)
 * up to and including the closing quote or the `${` opening an interpolation.
 */
function scanStringBody(text: string, from: number, tokenStart: number): { end: number; interpolates: boolean } {
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 39) return { end: i + 1, interpolates: false };
    if (c === 10 || c === 13) break;
    if (c === 92 /* \ */) {
      const e = text.charCodeAt(i + 1);
      if (e === 39 || e === 92 || e === 110 || e === 114 || e === 116 || e === 36) {
        i += 2;
        continue;
      }
      if (e === 117 /* u */ && text.charCodeAt(i + 2) === 123 /* { */) {
        const close = text.indexOf("}", i + 3);
        const hex = close < 0 ? "" : text.slice(i + 3, close);
        if (!/^[0-9a-fA-F]{1,6}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) {
          throw syntaxError(text, i, "Invalid Unicode escape: write \\u{...} with 1-6 hex digits up to 10FFFF.");
        }
        i = close + 1;
        continue;
      }
      const shown = Number.isNaN(e) ? "end of file" : `'\\${text[i + 1]}'`;
      throw syntaxError(text, i, `Invalid escape ${shown} in string: use \\', \\\\, \\n, \\r, \\t, \\$ or \\u{...}.`);
    }
    if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123) return { end: i + 2, interpolates: true };
    i++;
  }
  throw syntaxError(text, tokenStart, "Unterminated string: add the closing ' on the same line (use ''' for multi-line text).");
}

/** Scans a '''…''' string; the content may hold anything but three quotes, and extra closing quotes belong to it. */
function scanMultilineString(text: string, start: number): number {
  const close = text.indexOf("'''", start + 3);
  if (close < 0) throw syntaxError(text, start, "Unterminated multi-line string: add the closing '''.");
  let end = close + 3;
  while (text.charCodeAt(end) === 39) end++;
  return end;
}

/** Decodes the characters between quotes of a non-interpolated piece (escapes already validated by the lexer). */
export function decodeStringPiece(raw: string): string {
  if (raw.indexOf("\\") < 0) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = raw[++i];
    switch (e) {
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "u": {
        const close = raw.indexOf("}", i);
        out += String.fromCodePoint(parseInt(raw.slice(i + 2, close), 16));
        i = close;
        break;
      }
      default:
        out += e; // \' \\ \$
    }
  }
  return out;
}

/** Value of a complete `'...'` string token. */
export function stringTokenValue(token: Token): string {
  return decodeStringPiece(token.text.slice(1, -1));
}

/** Value of a `'''...'''` token: Bicep drops one line break directly after the opening quotes. */
export function multilineStringValue(token: Token): string {
  let body = token.text.slice(3, -3);
  if (body.startsWith("\r\n")) body = body.slice(2);
  else if (body.startsWith("\n") || body.startsWith("\r")) body = body.slice(1);
  return body;
}

/** Bicep single-quoted literal for `value`, escaping exactly what the language requires. */
export function quoteBicepString(value: string): string {
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const c = value.charCodeAt(i);
    if (ch === "'") out += "\\'";
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "$" && value[i + 1] === "{") out += "\\$";
    else if (c < 32 || c === 0x7f || c === 0x2028 || c === 0x2029) out += `\\u{${c.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  return out + "'";
}
