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

/** Every token kind, indexed by the small code the lexer stores. */
const TOKEN_KINDS: TokenKind[] = [
  "identifier", "number", "string", "stringLeft", "stringMiddle", "stringRight", "multilineString",
  "{", "}", "[", "]", "(", ")", ",", ".", ".?", "...", ":", "::", "?", "??", "!", "=", "==", "!=", "=~", "!~",
  "<", "<=", ">", ">=", "&&", "||", "|", "+", "-", "*", "/", "%", "@", "=>", "eof",
];
const KIND_CODES = new Map<TokenKind, number>(TOKEN_KINDS.map((k, i) => [k, i]));

/** The code the TokenTable stores for `kind` (for allocation-free scans over `kinds`). */
export function kindCode(kind: TokenKind): number {
  return KIND_CODES.get(kind) as number;
}

/** Codes of the token kinds the literal fast paths (parser and evaluator) compare against. */
export const LITERAL_TOKEN_CODES = {
  comma: kindCode(","),
  colon: kindCode(":"),
  openBrace: kindCode("{"),
  closeBrace: kindCode("}"),
  openBracket: kindCode("["),
  closeBracket: kindCode("]"),
  identifier: kindCode("identifier"),
  number: kindCode("number"),
  string: kindCode("string"),
  multilineString: kindCode("multilineString"),
  minus: kindCode("-"),
};

/**
 * The lexer's output: token kinds and offsets in typed arrays, so lexing a large file allocates almost nothing.
 * Token `i`'s leading trivia runs from the end of token `i - 1` (or `from`) to `starts[i]`.
 */
export class TokenTable {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  nls: Uint8Array;

  constructor(
    readonly source: string,
    readonly from: number,
    capacity: number,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.nls = new Uint8Array(capacity);
  }

  push(kind: TokenKind, start: number, end: number, nl: boolean): void {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.kinds[i] = KIND_CODES.get(kind) as number;
    this.starts[i] = start;
    this.ends[i] = end;
    this.nls[i] = nl ? 1 : 0;
  }

  private grow(): void {
    const size = this.kinds.length * 2 + 16;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const nls = new Uint8Array(size);
    nls.set(this.nls);
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
    this.nls = nls;
  }

  kind(i: number): TokenKind {
    return TOKEN_KINDS[this.kinds[i]];
  }

  /** Whether token `i` is the identifier `word`. */
  isWord(i: number, word: string): boolean {
    const start = this.starts[i];
    return this.kinds[i] === IDENTIFIER_CODE && this.ends[i] - start === word.length && this.source.startsWith(word, start);
  }

  /** Index of the first token starting at or after `offset`. */
  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const IDENTIFIER_CODE = 0;

/** Token objects for a table, created on first use and shared by everyone holding the table. */
export class TokenStore {
  private readonly objects: Token[];

  constructor(readonly table: TokenTable) {
    this.objects = new Array(table.count);
  }

  get(i: number): Token {
    return (this.objects[i] ??= new Token(this.table, i));
  }

  /** The first token starting at or after `offset`. */
  tokenAt(offset: number): Token {
    return this.get(this.table.indexAt(offset));
  }

  /** Every token, in order (the last is "eof" and carries the trailing trivia). */
  all(): Token[] {
    for (let i = 0; i < this.table.count; i++) this.get(i);
    return this.objects;
  }
}

/** One token: a view of an entry in a TokenTable. Its text and leading trivia are read from the source on demand. */
export class Token {
  constructor(
    readonly table: TokenTable,
    readonly index: number,
  ) {}

  get kind(): TokenKind {
    return TOKEN_KINDS[this.table.kinds[this.index]];
  }
  /** The whole text this token was read from. */
  get source(): string {
    return this.table.source;
  }
  /** Offset where the leading trivia starts. */
  get pos(): number {
    return this.index === 0 ? this.table.from : this.table.ends[this.index - 1];
  }
  /** Offset where the token's own text starts. */
  get start(): number {
    return this.table.starts[this.index];
  }
  /** Offset just past the token's text. */
  get end(): number {
    return this.table.ends[this.index];
  }
  /** Whether the leading trivia contains a line break (Bicep separates statements and items with them). */
  get nl(): boolean {
    return this.table.nls[this.index] === 1;
  }
  /** The token's own characters. */
  get text(): string {
    return this.table.source.slice(this.start, this.end);
  }
  /** Trivia (whitespace, line breaks, comments, #disable directives) between the previous token and this one. */
  get leading(): string {
    return this.table.source.slice(this.pos, this.start);
  }
  /** Whether this is the identifier `word` (keywords are contextual identifiers in Bicep). */
  is(word: string): boolean {
    const start = this.start;
    return this.kind === "identifier" && this.end - start === word.length && this.table.source.startsWith(word, start);
  }
}

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

/** Splits Bicep parameter-file text into tokens (see lex); handy for tools and tests. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const table = lex(text, from, to);
  const tokens: Token[] = new Array(table.count);
  for (let i = 0; i < table.count; i++) tokens[i] = new Token(table, i);
  return tokens;
}

/**
 * Lexes Bicep parameter-file text; throws ParamFileError("syntax") with line/column on bad input.
 * `from`/`to` lex just a range (offsets stay absolute), used to re-check one edited element.
 */
export function lex(text: string, from = 0, to = text.length): TokenTable {
  const tokens = new TokenTable(text, from, Math.max(16, (to - from) >> 3));
  const n = to;
  let i = from;
  // One entry per open `${`: how many `{` are open inside that interpolation.
  const interpolation: number[] = [];

  while (true) {
    // Trivia.
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
    const start = i;

    if (i >= n) {
      if (interpolation.length > 0) throw syntaxError(text, i, "Unterminated string interpolation: add the closing } and '.");
      tokens.push("eof", start, i, nl);
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
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        throw syntaxError(text, i, "Bicep has no decimal numbers: use a whole number, or json('1.5') where a decimal is really needed.");
      }
      kind = "number";
    } else if (c === 39 /* ' */) {
      if (text.startsWith("'''", i)) {
        i = scanMultilineString(text, i);
        kind = "multilineString";
      } else {
        const end = scanStringBody(text, i + 1, i);
        if (end < 0) {
          i = -end;
          interpolation.push(0);
          kind = "stringLeft";
        } else {
          i = end;
          kind = "string";
        }
      }
    } else if (c === 125 /* } */ && interpolation.length > 0 && interpolation[interpolation.length - 1] === 0) {
      const end = scanStringBody(text, i + 1, i);
      if (end < 0) {
        i = -end;
        kind = "stringMiddle";
      } else {
        i = end;
        interpolation.pop();
        kind = "stringRight";
      }
    } else {
      const punctuation = scanPunctuation(text, i, c);
      if (punctuation === undefined) {
        if (c === 34 /* " */) throw syntaxError(text, i, `Unexpected character '"': Bicep strings use single quotes ('...').`);
        const shown = c < 32 ? `\\u${c.toString(16).padStart(4, "0")}` : String.fromCodePoint(text.codePointAt(i) ?? c);
        throw syntaxError(text, i, `Unexpected character '${shown}'.`);
      }
      kind = punctuation;
      i += kind.length;
      if (interpolation.length > 0) {
        if (kind === "{") interpolation[interpolation.length - 1]++;
        else if (kind === "}") interpolation[interpolation.length - 1]--;
      }
    }

    tokens.push(kind, start, i, nl);
  }
}

/** The punctuation token at `i` (longest match), or undefined. */
function scanPunctuation(text: string, i: number, c: number): TokenKind | undefined {
  const d = text.charCodeAt(i + 1);
  switch (c) {
    case 123: return "{";
    case 125: return "}";
    case 91: return "[";
    case 93: return "]";
    case 40: return "(";
    case 41: return ")";
    case 44: return ",";
    case 58: return d === 58 ? "::" : ":";
    case 46: // .
      if (d === 46 && text.charCodeAt(i + 2) === 46) return "...";
      return d === 63 ? ".?" : ".";
    case 63: return d === 63 ? "??" : "?";
    case 33: return d === 61 ? "!=" : d === 126 ? "!~" : "!";
    case 61: return d === 61 ? "==" : d === 126 ? "=~" : d === 62 ? "=>" : "=";
    case 60: return d === 61 ? "<=" : "<";
    case 62: return d === 61 ? ">=" : ">";
    case 38: return d === 38 ? "&&" : undefined;
    case 124: return d === 124 ? "||" : "|";
    case 43: return "+";
    case 45: return "-";
    case 42: return "*";
    case 47: return "/";
    case 37: return "%";
    case 64: return "@";
    default: return undefined;
  }
}

/**
 * Scans string characters starting at `from` (just after the opening quote or the `}` closing an interpolation)
 * up to and including the closing quote (returns the offset after it) or the `${` opening an interpolation
 * (returns minus the offset after it).
 */
function scanStringBody(text: string, from: number, tokenStart: number): number {
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 39) return i + 1;
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
    if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123) return -(i + 2);
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
  return multilineTextValue(token.text);
}

/** Value of the raw text of a multi-line string token. */
export function multilineTextValue(raw: string): string {
  let body = raw.slice(3, -3);
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
