/**
 * INTERIM stand-in for lib/paramfile (same function names and shapes as its public API in the team brief),
 * used only until lib/paramfile/index.ts lands. Understands the subset of .bicepparam the seeded repository
 * uses: `using`, `param x = <literal>`, strings, numbers, booleans, null, arrays and objects, comments.
 * Delete this file when validate-param-files.ts imports lib/paramfile.
 */

export type ParamFileKind = "bicepparam" | "json";
export type EvaluatedParam = { resolved: true; value: unknown } | { resolved: false; reason: string; line: number; column: number };
export interface ValidationFinding {
  code: string;
  message: string;
  deployment?: string;
  line?: number;
  column?: number;
}

export class ParamFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

export function detectParamFileKind(path: string): ParamFileKind {
  if (path.endsWith(".bicepparam")) return "bicepparam";
  if (path.endsWith(".json")) return "json";
  throw new ParamFileError("unsupported-file", `${path} is not a .bicepparam or .json parameter file`);
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  where(p = this.pos): { line: number; column: number } {
    const before = this.text.slice(0, p).split("\n");
    return { line: before.length, column: before[before.length - 1].length + 1 };
  }
  fail(message: string): never {
    const w = this.where();
    throw new ParamFileError("syntax", `${message} at line ${w.line}, column ${w.column}`, w.line, w.column);
  }
  skip(newlines: boolean): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === " " || c === "\t" || c === "\r" || (newlines && (c === "\n" || c === ","))) this.pos++;
      else if (this.text.startsWith("//", this.pos)) while (this.pos < this.text.length && this.text[this.pos] !== "\n") this.pos++;
      else if (this.text.startsWith("/*", this.pos)) {
        const end = this.text.indexOf("*/", this.pos + 2);
        if (end < 0) this.fail("unterminated comment");
        this.pos = end + 2;
      } else return;
    }
  }
  value(): unknown {
    this.skip(false);
    const c = this.text[this.pos];
    if (c === "'") return this.string();
    if (c === "[") {
      this.pos++;
      const out: unknown[] = [];
      for (;;) {
        this.skip(true);
        if (this.text[this.pos] === "]") return this.pos++, out;
        if (this.pos >= this.text.length) this.fail("unterminated array");
        out.push(this.value());
      }
    }
    if (c === "{") {
      this.pos++;
      const out: Record<string, unknown> = {};
      for (;;) {
        this.skip(true);
        if (this.text[this.pos] === "}") return this.pos++, out;
        const key = this.text[this.pos] === "'" ? this.string() : this.ident();
        this.skip(false);
        if (this.text[this.pos] !== ":") this.fail("expected ':'");
        this.pos++;
        if (key in out) this.fail(`duplicate property '${key}'`);
        out[key] = this.value();
      }
    }
    const m = /^-?\d+(\.\d+)?/.exec(this.text.slice(this.pos));
    if (m) return (this.pos += m[0].length), Number(m[0]);
    const word = this.ident();
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    throw new ParamFileError("unresolvable", `'${word}' is not a literal`, ...Object.values(this.where()));
  }
  string(): string {
    this.pos++;
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === "'") return out;
      if (c === "\\") out += this.text[this.pos++] ?? "";
      else if (c === "\n") break;
      else out += c;
    }
    this.fail("unterminated string");
  }
  ident(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail(`unexpected '${this.text[this.pos] ?? "end of file"}'`);
    this.pos += m[0].length;
    return m[0];
  }
}

function parseBicepparam(text: string): Record<string, EvaluatedParam> {
  const r = new Reader(text);
  const out: Record<string, EvaluatedParam> = {};
  for (;;) {
    r.skip(true);
    if (r.pos >= text.length) return out;
    const start = r.where();
    const kw = r.ident();
    r.skip(false);
    if (kw === "using") {
      r.value();
      continue;
    }
    if (kw !== "param") r.fail(`unexpected '${kw}'`);
    const name = r.ident();
    r.skip(false);
    if (text[r.pos] !== "=") r.fail("expected '='");
    r.pos++;
    try {
      out[name] = { resolved: true, value: r.value() };
    } catch (e) {
      if (!(e instanceof ParamFileError) || e.code !== "unresolvable") throw e;
      out[name] = { resolved: false, reason: e.message, line: e.line ?? start.line, column: e.column ?? start.column };
      while (r.pos < text.length && text[r.pos] !== "\n") r.pos++;
    }
  }
}

export function evaluateParams(text: string, kind: ParamFileKind): Record<string, EvaluatedParam> {
  if (kind === "json") {
    const doc = JSON.parse(text) as { parameters?: Record<string, { value?: unknown; reference?: unknown }> };
    const out: Record<string, EvaluatedParam> = {};
    for (const [k, v] of Object.entries(doc.parameters ?? {})) {
      out[k] = "value" in v ? { resolved: true, value: v.value } : { resolved: false, reason: "Key Vault reference", line: 1, column: 1 };
    }
    return out;
  }
  return parseBicepparam(text);
}

export function readDeploymentElements(text: string, kind: ParamFileKind, param = "openaiDeployments"): Record<string, unknown>[] {
  const p = evaluateParams(text, kind)[param];
  if (!p) throw new ParamFileError("param-not-found", `param ${param} not found`);
  if (!p.resolved) throw new ParamFileError("unresolvable", p.reason, p.line, p.column);
  if (!Array.isArray(p.value)) throw new ParamFileError("not-array", `param ${param} is not an array`);
  return p.value as Record<string, unknown>[];
}

export function validateParamFile(text: string, kind: ParamFileKind, param = "openaiDeployments"): ValidationFinding[] {
  let elements: Record<string, unknown>[];
  try {
    elements = readDeploymentElements(text, kind, param);
  } catch (e) {
    const err = e as ParamFileError;
    return [{ code: err.code ?? "syntax", message: err.message, line: err.line, column: err.column }];
  }
  const findings: ValidationFinding[] = [];
  const seen = new Set<string>();
  elements.forEach((el, i) => {
    const name = typeof el.name === "string" ? el.name : undefined;
    const model = el.model as Record<string, unknown> | undefined;
    const sku = el.sku as Record<string, unknown> | undefined;
    const at = name ? { deployment: name } : {};
    if (!name) findings.push({ code: "invalid-deployment", message: `element ${i + 1} has no name`, ...at });
    else if (seen.has(name)) findings.push({ code: "duplicate-name", message: `deployment name '${name}' is used twice`, ...at });
    if (name) seen.add(name);
    for (const f of ["format", "name", "version"]) {
      if (typeof model?.[f] !== "string" || !model[f]) findings.push({ code: "invalid-deployment", message: `model.${f} is required`, ...at });
    }
    if (sku && (typeof sku.capacity !== "number" || !Number.isInteger(sku.capacity) || sku.capacity < 1)) {
      findings.push({ code: "invalid-deployment", message: "sku.capacity must be a positive integer", ...at });
    }
  });
  return findings;
}
