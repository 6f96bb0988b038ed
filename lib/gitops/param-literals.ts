import { parse as parseJsonc, type ParseError } from "jsonc-parser";

export type LiteralParam = { value: string } | { reason: string };

const ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", n: "\n", r: "\r", t: "\t", $: "$" };

function readBicepString(expr: string): string | null {
  if (!expr.startsWith("'") || expr.startsWith("'''")) return null;
  let out = "";
  for (let i = 1; i < expr.length; i++) {
    const c = expr[i];
    if (c === "\\") {
      const next = ESCAPES[expr[i + 1]];
      if (next === undefined) return null;
      out += next;
      i++;
    } else if (c === "'") {
      const rest = expr.slice(i + 1).trim();
      return rest === "" || rest.startsWith("//") ? out : null;
    } else if (c === "$" && expr[i + 1] === "{") return null;
    else out += c;
  }
  return null;
}

/**
 * Reads string params that are plain literals (`param openaiName = 'contoso-openai-aue'` or an ARM JSON
 * parameters file's `value`). lib/gitops only needs a file's target account and must not depend on
 * lib/paramfile, so this deliberately understands literals only and says why anything else isn't one.
 */
export function readLiteralParams(text: string, kind: "bicepparam" | "json", names: string[]): Record<string, LiteralParam> {
  const out: Record<string, LiteralParam> = {};
  if (kind === "json") {
    const errors: ParseError[] = [];
    const doc = parseJsonc(text, errors, { allowTrailingComma: true }) as { parameters?: Record<string, { value?: unknown; reference?: unknown }> } | undefined;
    for (const name of names) {
      if (errors.length || !doc || typeof doc !== "object") out[name] = { reason: "the file is not valid JSON" };
      else {
        const p = doc.parameters?.[name];
        if (!p) out[name] = { reason: `parameter ${name} is not set in the file` };
        else if (p.reference !== undefined) out[name] = { reason: `parameter ${name} is a Key Vault reference` };
        else if (typeof p.value !== "string" || !p.value) out[name] = { reason: `parameter ${name} is not a non-empty string` };
        else out[name] = { value: p.value };
      }
    }
    return out;
  }
  const lines = text.split(/\r?\n/);
  for (const name of names) {
    const re = new RegExp(`^\\s*param\\s+${name}\\s*=\\s*(.*)$`);
    const line = lines.find((l) => re.test(l));
    if (!line) {
      out[name] = { reason: `param ${name} is not set in the file` };
      continue;
    }
    const expr = re.exec(line)![1].trim();
    const value = readBicepString(expr);
    out[name] = value ? { value } : { reason: `param ${name} is an expression (${expr.slice(0, 80)}), not a string literal` };
  }
  return out;
}
