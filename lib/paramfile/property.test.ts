/**
 * Property-based tests (fast-check): generated files round-trip byte for byte, random edits leave every byte
 * outside the edited element unchanged (and say what they should), and garbage only ever raises ParamFileError.
 * Run counts are sized for a 2-core machine; the whole paramfile suite stays well under 20 s.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderValue } from "./bicep/render";
import { parseBicepParam, printBicepParam } from "./bicep/parser";
import type { ArrayExpression, ParamStatement } from "./bicep/syntax";
import { quoteBicepString } from "./bicep/lexer";
import {
  applyParamChange,
  evaluateParams,
  isParamFileError,
  readDeploymentElements,
  validateParamFile,
  type ParamChange,
  type ParamFileKind,
} from "./index";

const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "param", "var", "type", "using", "import", "func", "with", "none", "from", "as", "extends"]);
const identifier = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,7}$/).filter((s) => !KEYWORDS.has(s));
const stringContent = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "Z", " ", "'", "\\", "\n", "\r", "\t", "$", "{", "}", "é", "😀", "/", "*", "[", "]") }),
  fc.string({ unit: "binary", maxLength: 8 }),
);
/** Optional trivia inside an expression: never a line break, never a line comment. */
const pad = fc.constantFrom("", " ", "  ", "\t", " /* c */ ", "/**/");

// ---- random syntax -------------------------------------------------------------------------------------------

type Node =
  | { t: "lit"; text: string }
  | { t: "str"; value: string }
  | { t: "ml"; value: string }
  | { t: "interp"; parts: string[]; exprs: Node[] }
  | { t: "id"; name: string }
  | { t: "call"; callee: string; args: Node[] }
  | { t: "member"; object: Node; name: string; safe: boolean }
  | { t: "index"; object: Node; index: Node }
  | { t: "unary"; op: string; operand: Node }
  | { t: "binary"; op: string; left: Node; right: Node }
  | { t: "ternary"; c: Node; a: Node; b: Node }
  | { t: "paren"; e: Node }
  | { t: "object"; multiline: boolean; entries: [string, Node][] }
  | { t: "array"; multiline: boolean; items: Node[] };

const { node } = fc.letrec<{ node: Node; leaf: Node; compound: Node }>((tie) => ({
  node: fc.oneof({ depthSize: "small", maxDepth: 4 }, tie("leaf"), tie("leaf"), tie("compound")),
  leaf: fc.oneof(
    fc.oneof(fc.nat({ max: 10_000 }).map(String), fc.constantFrom("true", "false", "null")).map((text): Node => ({ t: "lit", text })),
    stringContent.map((value): Node => ({ t: "str", value })),
    stringContent.filter((s) => !s.includes("'''") && !s.endsWith("'") && !s.startsWith("'")).map((value): Node => ({ t: "ml", value })),
    identifier.map((name): Node => ({ t: "id", name })),
  ),
  compound: fc.oneof(
    fc.record({ callee: fc.constantFrom("concat", "readEnvironmentVariable", "az.getSecret", "sys.toLower"), args: fc.array(tie("node"), { maxLength: 3 }) }).map((r): Node => ({ t: "call", ...r })),
    fc.record({ object: identifier.map((name): Node => ({ t: "id", name })), name: identifier, safe: fc.boolean() }).map((r): Node => ({ t: "member", ...r })),
    fc.record({ object: identifier.map((name): Node => ({ t: "id", name })), index: tie("node") }).map((r): Node => ({ t: "index", ...r })),
    fc.record({ op: fc.constantFrom("!", "-"), operand: tie("leaf") }).map((r): Node => ({ t: "unary", ...r })),
    fc.record({ op: fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "??", "=~", "!~"), left: tie("leaf"), right: tie("node") }).map((r): Node => ({ t: "binary", ...r })),
    fc.record({ c: tie("leaf"), a: tie("node"), b: tie("node") }).map((r): Node => ({ t: "ternary", ...r })),
    tie("node").map((e): Node => ({ t: "paren", e })),
    fc.record({ parts: fc.array(stringContent, { minLength: 2, maxLength: 3 }), exprs: fc.array(tie("leaf"), { minLength: 2, maxLength: 2 }) }).map((r): Node => ({ t: "interp", parts: r.parts.slice(0, r.exprs.length + 1), exprs: r.exprs.slice(0, Math.max(0, r.parts.slice(0, r.exprs.length + 1).length - 1)) })),
    fc.record({ multiline: fc.boolean(), entries: fc.array(fc.tuple(fc.oneof(identifier, stringContent), tie("node")), { maxLength: 4 }) }).map((r): Node => ({ t: "object", ...r })),
    fc.record({ multiline: fc.boolean(), items: fc.array(tie("node"), { maxLength: 4 }) }).map((r): Node => ({ t: "array", ...r })),
  ),
}));

interface Style {
  eol: string;
  unit: string;
  pads: string[];
  lineEnds: string[];
}

/** Renders a generated tree as Bicep, drawing optional trivia from the style. */
function render(n: Node, indent: string, style: Style, counter: { i: number }): string {
  const p = () => style.pads[counter.i++ % style.pads.length];
  const end = () => style.lineEnds[counter.i++ % style.lineEnds.length];
  const r = (m: Node) => render(m, indent, style, counter);
  switch (n.t) {
    case "lit":
      return n.text;
    case "str":
      return quoteBicepString(n.value);
    case "ml":
      return `'''${n.value}'''`;
    case "interp": {
      let out = quoteBicepString(n.parts[0]).slice(0, -1);
      n.exprs.forEach((e, i) => {
        out += `\${${p()}${r(e)}${p()}}${quoteBicepString(n.parts[i + 1] ?? "").slice(1, -1)}`;
      });
      return `${out}'`;
    }
    case "id":
      return n.name;
    case "call":
      return `${n.callee}(${p()}${n.args.map(r).join(`,${p() || " "}`)}${p()})`;
    case "member":
      return `${r(n.object)}${n.safe ? ".?" : "."}${n.name}`;
    case "index":
      return `${r(n.object)}[${p()}${r(n.index)}${p()}]`;
    case "unary":
      return `${n.op}${r(n.operand)}`;
    case "binary":
      return `${r(n.left)} ${p()}${n.op}${p()} ${r(n.right)}`;
    case "ternary":
      return `${r(n.c)} ?${p()} ${r(n.a)} :${p()} ${r(n.b)}`;
    case "paren":
      return `(${p()}${r(n.e)}${p()})`;
    case "object": {
      const key = (k: string) => (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k) && !KEYWORDS.has(k) ? k : quoteBicepString(k));
      if (n.entries.length === 0) return `{${p()}}`;
      if (!n.multiline) return `{ ${n.entries.map(([k, v]) => `${key(k)}:${p()} ${r(v)}`).join(`,${p()} `)} }`;
      const inner = indent + style.unit;
      const lines = n.entries.map(([k, v]) => `${inner}${key(k)}: ${render(v, inner, style, counter)}${end()}`);
      return `{${end()}${style.eol}${lines.join(style.eol)}${style.eol}${indent}}`;
    }
    case "array": {
      if (n.items.length === 0) return `[${p()}]`;
      if (!n.multiline) return `[${n.items.map(r).join(`,${p()} `)}]`;
      const inner = indent + style.unit;
      const lines = n.items.map((v) => `${inner}${render(v, inner, style, counter)}${end()}`);
      return `[${end()}${style.eol}${lines.join(style.eol)}${style.eol}${indent}]`;
    }
  }
}

const styleArb = fc.record({
  eol: fc.constantFrom("\n", "\r\n"),
  unit: fc.constantFrom("  ", "    ", "\t"),
  pads: fc.array(pad, { minLength: 1, maxLength: 12 }),
  lineEnds: fc.array(fc.constantFrom("", "", " // note", "\t// x ' [ {", " /* b */"), { minLength: 1, maxLength: 6 }),
});

const statementArb = fc.oneof(
  fc.record({ kind: fc.constantFrom("param", "var"), name: identifier, value: node, decorated: fc.boolean() }),
  fc.constant({ kind: "using" as const }),
  fc.constant({ kind: "import" as const }),
  fc.constant({ kind: "type" as const }),
);

const fileArb = fc.record({ style: styleArb, statements: fc.array(statementArb, { maxLength: 6 }), blank: fc.array(fc.boolean(), { minLength: 1 }), bom: fc.boolean(), finalEol: fc.boolean() }).map(({ style, statements, blank, bom, finalEol }) => {
  const counter = { i: 0 };
  const lines = statements.map((s, i) => {
    const gap = blank[i % blank.length] ? style.eol : "";
    switch (s.kind) {
      case "using":
        return `${gap}using './main.bicep'`;
      case "import":
        return `${gap}import {${style.eol}${style.unit}a${style.eol}${style.unit}b as c${style.eol}} from 'br/public:x:1.0'`;
      case "type":
        return `${gap}type t = 'a' | 'b'[] | { @description('d')${style.eol}x: int? }`;
      default:
        return `${gap}${s.decorated ? `@description('d')${style.eol}` : ""}${s.kind} ${s.name} = ${render(s.value, "", style, counter)}${style.lineEnds[counter.i++ % style.lineEnds.length]}`;
    }
  });
  return (bom ? "\uFEFF" : "") + lines.join(style.eol) + (finalEol ? style.eol : "");
});

describe("round trip", () => {
  it("prints every generated file back byte for byte", () => {
    fc.assert(
      fc.property(fileArb, (text) => {
        const syntax = parseBicepParam(text);
        expect(printBicepParam(syntax)).toBe(text);
        expect(syntax.tokens.map((t) => t.leading + t.text).join("")).toBe(text);
      }),
      { numRuns: 250 },
    );
  });

  it("writes literals that evaluate back to the same JSON, in every layout", () => {
    const json = fc.jsonValue({ maxDepth: 4 }).map(function whole(v: unknown): unknown {
      if (typeof v === "number") return Number.isSafeInteger(v) ? v + 0 : Math.trunc(v % 1e9) + 0;
      if (Array.isArray(v)) return v.map(whole);
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, whole(x)]));
      return v;
    });
    fc.assert(
      fc.property(json, fc.boolean(), fc.constantFrom("\n", "\r\n"), fc.constantFrom("  ", "\t"), (value, multiline, eol, unit) => {
        const text = `param x = ${renderValue(value, { eol, indent: "", unit, multiline, scope: "x" })}${eol}`;
        expect(evaluateParams(text, "bicepparam").x).toEqual({ resolved: true, value });
      }),
      { numRuns: 200 },
    );
  });
});

// ---- random deployment files and edits -----------------------------------------------------------------------

interface Deployment {
  name: string;
  model: { format: string; name: string; version: string };
  sku: { capacity: number; name: string };
  raiPolicyName?: string;
  versionUpgradeOption?: string;
}

const deploymentName = fc.stringMatching(/^[a-z][a-z0-9-]{1,14}[a-z0-9]$/);
const deploymentArb = (name: fc.Arbitrary<string>) =>
  fc.record(
    {
      name,
      model: fc.record({ format: fc.constant("OpenAI"), name: fc.constantFrom("gpt-4o", "gpt-4o-mini", "o4-mini", "text-embedding-3-large"), version: fc.constantFrom("2024-11-20", "1", "2025-04-16") }),
      sku: fc.record({ capacity: fc.integer({ min: 1, max: 1000 }), name: fc.constantFrom("Standard", "GlobalStandard", "DataZoneStandard") }),
      raiPolicyName: fc.constantFrom("Microsoft.DefaultV2", "it's ${odd}"),
      versionUpgradeOption: fc.constantFrom("NoAutoUpgrade", "OnceCurrentVersionExpired"),
    },
    { requiredKeys: ["name", "model", "sku"] },
  ) as fc.Arbitrary<Deployment>;

const layoutArb = fc.record({
  eol: fc.constantFrom("\n", "\r\n"),
  unit: fc.constantFrom("  ", "    ", "\t"),
  singleLineArray: fc.boolean(),
  elements: fc.array(
    fc.record({
      singleLine: fc.boolean(),
      comment: fc.boolean(),
      blankBefore: fc.boolean(),
      trailing: fc.constantFrom("", " // end", " /* end */"),
      shuffle: fc.boolean(),
    }),
    { minLength: 6, maxLength: 6 },
  ),
  openComment: fc.boolean(),
  emptyForm: fc.constantFrom("[]", "[ ]", "multi"),
});

type Layout = typeof layoutArb extends fc.Arbitrary<infer T> ? T : never;

function renderDeploymentsFile(deployments: Deployment[], layout: Layout): string {
  const { eol, unit } = layout;
  const head = ["using './ai-models.bicep'", "", "param location = 'australiaeast'", ""];
  const tail = ["", "param tags = {", `${unit}team: 'platform'`, "}", ""];
  const element = (d: Deployment, i: number, indent: string) => {
    const l = layout.elements[i % layout.elements.length];
    const value = l.shuffle ? Object.fromEntries(Object.entries(d).reverse()) : d;
    return renderValue(value, { eol, indent, unit, multiline: !l.singleLine && !layout.singleLineArray, scope: "" });
  };
  let body: string;
  if (deployments.length === 0) {
    body = layout.emptyForm === "multi" ? `[${eol}${unit}// none yet${eol}]` : layout.emptyForm;
  } else if (layout.singleLineArray) {
    body = `[${deployments.map((d, i) => element(d, i, "")).join(", ")}]`;
  } else {
    const lines = deployments.map((d, i) => {
      const l = layout.elements[i % layout.elements.length];
      const comment = l.comment ? `${unit}// team: T${i}${eol}` : "";
      return `${i > 0 && l.blankBefore ? eol : ""}${comment}${unit}${element(d, i, unit)}${l.trailing}`;
    });
    body = `[${layout.openComment ? " // the models" : ""}${eol}${lines.join(eol)}${eol}]`;
  }
  return [...head, `param openaiDeployments = ${body}`, ...tail].join(eol);
}

function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (v && typeof v === "object" && !Array.isArray(v) && out[k] && typeof out[k] === "object") out[k] = mergePatch(out[k] as Record<string, unknown>, v as Record<string, unknown>);
    else out[k] = v;
  }
  return out;
}

/** Every byte of `before` outside [start, end) is still there, unmoved relative to its side of the region. */
function expectOnlyRegionChanged(before: string, after: string, [start, end]: [number, number]): void {
  expect(after.slice(0, start)).toBe(before.slice(0, start));
  expect(after.slice(after.length - (before.length - end))).toBe(before.slice(end));
}

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortKeys) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)])) : v;

const scenarioArb = fc
  .record({
    deployments: fc.uniqueArray(deploymentArb(deploymentName), { maxLength: 5, selector: (d) => d.name }),
    layout: layoutArb,
    extra: deploymentArb(deploymentName.map((n) => `new-${n}`)),
    pick: fc.nat(),
    op: fc.constantFrom("add", "update", "remove"),
    patch: fc.record(
      {
        sku: fc.record({ capacity: fc.integer({ min: 1, max: 5000 }) }),
        model: fc.record({ version: fc.constantFrom("2025-01-01", "0613") }),
        raiPolicyName: fc.constantFrom(null, "Contoso.Strict"),
        versionUpgradeOption: fc.constantFrom(null, "OnceNewDefaultVersionAvailable"),
      },
      { requiredKeys: [] },
    ),
    comment: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  })
  .filter((s) => s.op === "add" || s.deployments.length > 0);

describe("edits on random files", () => {
  it("change only the edited element's bytes, and change them to what was asked (.bicepparam)", () => {
    fc.assert(
      fc.property(scenarioArb, ({ deployments, layout, extra, pick, op, patch, comment }) => {
        const before = renderDeploymentsFile(deployments, layout);
        const array = (parseBicepParam(before).statements.find((s) => s.kind === "param" && s.name.text === "openaiDeployments") as ParamStatement).value as ArrayExpression;
        const index = pick % Math.max(1, deployments.length);
        let change: ParamChange;
        let expected: unknown[];
        let region: [number, number];
        if (op === "add") {
          change = { op: "add", deployment: extra as never, comment };
          expected = [...deployments, extra];
          const last = array.items[array.items.length - 1];
          region = [last ? last.end : array.open.end, array.close.start];
        } else if (op === "update") {
          change = { op: "update", name: deployments[index].name, set: patch };
          expected = deployments.map((d, i) => (i === index ? mergePatch(d as never, patch) : d));
          region = [array.items[index].start, array.items[index].end];
        } else {
          change = { op: "remove", name: deployments[index].name };
          expected = deployments.filter((_, i) => i !== index);
          const previous = array.items[index - 1];
          const next = array.items[index + 1];
          region = [previous ? previous.end : array.open.end, next ? next.start : array.close.start];
        }
        const after = applyParamChange(before, "bicepparam", change);
        expect(sortKeys(readDeploymentElements(after, "bicepparam"))).toEqual(sortKeys(expected));
        expect(printBicepParam(parseBicepParam(after))).toBe(after);
        expectOnlyRegionChanged(before, after, region);
        const eolUsed = after.includes("\r\n") ? "\r\n" : "\n";
        expect(after.replace(/\r\n/g, "").includes("\r")).toBe(false);
        if (layout.eol === "\r\n") expect(after.replace(/\r\n/g, "")).not.toMatch(/\n/);
        expect(eolUsed).toBe(layout.eol);
        expect(validateParamFile(after, "bicepparam")).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("change only the edited element's bytes (ARM JSON)", () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom("  ", "    ", "\t"), fc.constantFrom("\n", "\r\n"), ({ deployments, extra, pick, op, patch }, unit, eol) => {
        const before = JSON.stringify({ $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", contentVersion: "1.0.0.0", parameters: { location: { value: "x" }, openaiDeployments: { value: deployments }, tail: { value: 1 } } }, null, unit).replace(/\n/g, eol) + eol;
        const index = pick % Math.max(1, deployments.length);
        const open = before.indexOf("[");
        const close = before.lastIndexOf("]");
        const starts: number[] = [];
        for (const d of deployments) starts.push(before.lastIndexOf("{", before.indexOf(`"name": ${JSON.stringify(d.name)}`)));
        let change: ParamChange;
        let expected: unknown[];
        let region: [number, number];
        if (op === "add") {
          change = { op: "add", deployment: extra as never };
          expected = [...deployments, extra];
          region = [deployments.length > 0 ? before.lastIndexOf("}", close) + 1 : open + 1, close];
        } else if (op === "update") {
          change = { op: "update", name: deployments[index].name, set: patch };
          expected = deployments.map((d, i) => (i === index ? mergePatch(d as never, patch) : d));
          region = [starts[index], index + 1 < starts.length ? starts[index + 1] : close];
        } else {
          change = { op: "remove", name: deployments[index].name };
          expected = deployments.filter((_, i) => i !== index);
          region = [index > 0 ? starts[index - 1] + 1 : open + 1, index + 1 < starts.length ? starts[index + 1] : close];
        }
        const after = applyParamChange(before, "json", change);
        expect(sortKeys(readDeploymentElements(after, "json"))).toEqual(sortKeys(expected));
        expectOnlyRegionChanged(before, after, region);
        if (eol === "\r\n") expect(after.replace(/\r\n/g, "")).not.toMatch(/\n/);
      }),
      { numRuns: 120 },
    );
  });
});

// ---- garbage -------------------------------------------------------------------------------------------------

const SEED = renderDeploymentsFile(
  [{ name: "gpt-4o", model: { format: "OpenAI", name: "gpt-4o", version: "1" }, sku: { capacity: 1, name: "Standard" } }],
  { eol: "\n", unit: "  ", singleLineArray: false, elements: [{ singleLine: false, comment: true, blankBefore: false, trailing: "", shuffle: false }], openComment: true, emptyForm: "[]" },
);
const JSON_SEED = JSON.stringify({ parameters: { openaiDeployments: { value: [{ name: "gpt-4o", model: { format: "OpenAI", name: "m", version: "1" }, sku: { capacity: 1, name: "S" } }] } } }, null, 2);

/** A valid file with random characters inserted, deleted or replaced. */
const mutated = (base: string) =>
  fc
    .array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ unit: fc.constantFrom("{", "}", "[", "]", "(", ")", "'", '"', "$", "\\", "\n", "\r", "/", "*", ":", ",", "=", "!", "?", "@", "#", ".", "-", "a", "0", " ", "\u2028", "\uD800") , maxLength: 3 })), { minLength: 1, maxLength: 4 })
    .map((edits) => edits.reduce((text, [at, del, ins]) => text.slice(0, at % (text.length + 1)) + ins + text.slice((at % (text.length + 1)) + del), base));

const garbage = fc.oneof(
  mutated(SEED),
  mutated(JSON_SEED),
  fc.string({ unit: fc.constantFrom("{", "}", "[", "]", "'", "${", "'''", "/*", "//", "\n", "param x = ", "a", "1", ":", ",", "(", ")", ".", "?", "!", "-", "=>", "@d()\n", "for ", " in ") , maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 60 }),
);

describe("garbage", () => {
  it("only ever raises ParamFileError, and validation never throws", () => {
    const changes: ParamChange[] = [
      { op: "add", deployment: { name: "new-one", model: { format: "OpenAI", name: "m", version: "1" }, sku: { capacity: 1, name: "S" } } },
      { op: "update", name: "gpt-4o", set: { sku: { capacity: 2 }, raiPolicyName: null } },
      { op: "remove", name: "gpt-4o" },
    ];
    fc.assert(
      fc.property(garbage, fc.constantFrom<ParamFileKind>("bicepparam", "json"), (text, kind) => {
        const attempt = (fn: () => unknown) => {
          try {
            fn();
          } catch (error) {
            if (!isParamFileError(error)) throw error;
          }
        };
        attempt(() => parseBicepParam(text));
        attempt(() => evaluateParams(text, kind));
        attempt(() => readDeploymentElements(text, kind));
        for (const change of changes) attempt(() => applyParamChange(text, kind, change));
        expect(Array.isArray(validateParamFile(text, kind))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
