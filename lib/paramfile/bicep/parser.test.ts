import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ParamFileError } from "../errors";
import { evaluateExpression } from "./evaluate";
import { quoteBicepString, stringTokenValue, tokenize } from "./lexer";
import { parseBicepExpressionAt, parseBicepParam, printBicepParam } from "./parser";
import type { ArrayExpression, Expression, ParamStatement, Statement } from "./syntax";

const fixture = (name: string) => readFileSync(join(__dirname, "..", "fixtures", name), "utf8");

/** Reassembles the text from the tokens themselves (not the printer's fast path). */
const joinTokens = (text: string) =>
  parseBicepParam(text)
    .tokens.map((t) => t.leading + t.text)
    .join("");

function syntaxErrorOf(text: string): ParamFileError {
  try {
    parseBicepParam(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ParamFileError);
    expect((error as ParamFileError).code).toBe("syntax");
    return error as ParamFileError;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

function param(text: string, name: string): ParamStatement {
  const statement = parseBicepParam(text).statements.find((s): s is ParamStatement => s.kind === "param" && s.name.text === name);
  if (!statement) throw new Error(`no param ${name}`);
  return statement;
}

/** Compact shape of an expression, to check precedence and nesting. */
function shape(expr: Expression | undefined): string {
  if (!expr) return "∅";
  switch (expr.kind) {
    case "literal":
    case "identifier":
      return expr.token.text;
    case "string":
      return expr.pieces.length === 1 ? expr.pieces[0].text : `str(${expr.expressions.map(shape).join(",")})`;
    case "binary":
      return `(${shape(expr.left)} ${expr.operator.text} ${shape(expr.right)})`;
    case "unary":
      return `${expr.operator.text}${shape(expr.operand)}`;
    case "ternary":
      return `(${shape(expr.condition)} ? ${shape(expr.whenTrue)} : ${shape(expr.whenFalse)})`;
    case "member":
      return `${shape(expr.object)}${expr.dot.text}${expr.name.text}`;
    case "index":
      return `${shape(expr.object)}[${expr.safe ? "?" : ""}${shape(expr.index)}]`;
    case "call":
      return `${shape(expr.callee)}(${expr.args.map((a) => shape(a.value)).join(", ")})`;
    case "paren":
      return `(${shape(expr.expression)})`;
    case "nonNull":
      return `${shape(expr.expression)}!`;
    case "lambda":
      return `λ${expr.parameters.filter((t) => t.kind === "identifier").map((t) => t.text).join(",")}.${shape(expr.body)}`;
    case "array":
      return `[${expr.items.map((i) => (i.dots ? "..." : "") + shape(i.value)).join(" ")}]`;
    case "object":
      return `{${expr.members.map((m) => (m.kind === "spread" ? `...${shape(m.expression)}` : `${m.key.text}:${shape(m.value)}`)).join(" ")}}`;
    default:
      return expr.kind;
  }
}

describe("lossless round trip", () => {
  it.each(["seed-example.bicepparam", "avm-deployments.bicepparam", "crlf-tabs.bicepparam", "all-constructs.bicepparam"])(
    "%s prints back byte for byte",
    (name) => {
      const text = fixture(name);
      expect(printBicepParam(parseBicepParam(text))).toBe(text);
      expect(joinTokens(text)).toBe(text);
    },
  );

  it("keeps CRLF, lone CR, tabs, a BOM, trailing blanks and a missing final newline", () => {
    const text = "\uFEFFparam a = 1 \r\n\r\n\tparam b = [\r  1\r\n\t2\n]\t// end";
    expect(joinTokens(text)).toBe(text);
    expect(parseBicepParam(text).statements).toHaveLength(2);
  });

  it("keeps the trivia of an empty or comment-only file on the end-of-file token", () => {
    for (const text of ["", "\n\n", "// only a comment\r\n/* and a block */"]) {
      const syntax = parseBicepParam(text);
      expect(syntax.statements).toEqual([]);
      expect(syntax.tokens.map((t) => t.kind)).toEqual(["eof"]);
      expect(printBicepParam(syntax)).toBe(text);
    }
  });
});

describe("lexer", () => {
  it("reads single-quoted strings with every escape", () => {
    const [token] = tokenize(String.raw`'a\'b\\c\nd\re\tf\$g\u{1F600}\u{41}'`);
    expect(token.kind).toBe("string");
    expect(stringTokenValue(token)).toBe("a'b\\c\nd\re\tf$g\u{1F600}A");
  });

  it("splits interpolated strings into pieces around the expressions, nesting included", () => {
    const kinds = tokenize("'x${a}y${'in${b}'}z'").map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual([
      "stringLeft:'x${",
      "identifier:a",
      "stringMiddle:}y${",
      "stringLeft:'in${",
      "identifier:b",
      "stringRight:}'",
      "stringRight:}z'",
      "eof:",
    ]);
  });

  it("treats braces inside an interpolation as code, not as its end", () => {
    const kinds = tokenize("'${ { a: 1 }.a }'").map((t) => t.kind);
    expect(kinds).toEqual(["stringLeft", "{", "identifier", ":", "number", "}", ".", "identifier", "stringRight", "eof"]);
  });

  it("reads ''' strings verbatim: quotes, brackets, // and ${ are content", () => {
    const text = "'''\nit's [x] {y} // z ${w}\n''''";
    const [token] = tokenize(text);
    expect(token.kind).toBe("multilineString");
    expect(token.text).toBe(text);
  });

  it("keeps comments and #disable-next-line directives as trivia and notes line breaks", () => {
    const tokens = tokenize("a /* x */ b // c\n#disable-next-line rule\nd");
    expect(tokens.map((t) => [t.text, t.nl])).toEqual([
      ["a", false],
      ["b", false],
      ["d", true],
      ["", false],
    ]);
    expect(tokens[2].leading).toBe(" // c\n#disable-next-line rule\n");
  });

  it("takes the longest operator", () => {
    expect(tokenize("a ?? b ?.c .? d ... :: == != =~ !~ <= >= && || => ! | %").map((t) => t.text)).toEqual(
      ["a", "??", "b", "?", ".", "c", ".?", "d", "...", "::", "==", "!=", "=~", "!~", "<=", ">=", "&&", "||", "=>", "!", "|", "%", ""],
    );
  });

  it("writes strings Bicep reads back to the same value", () => {
    const tricky = "it's a \\ path\nwith\ttabs, ${x} and $ and \u0001 and ünïcödé 😀";
    const quoted = quoteBicepString(tricky);
    expect(quoted).toBe("'it\\'s a \\\\ path\\nwith\\ttabs, \\${x} and $ and \\u{1} and ünïcödé 😀'");
    expect(stringTokenValue(tokenize(quoted)[0])).toBe(tricky);
  });
});

describe("statements", () => {
  it("parses every statement form of the kitchen-sink file", () => {
    const kinds = parseBicepParam(fixture("all-constructs.bicepparam")).statements.map((s: Statement) => s.kind);
    expect(kinds.slice(0, 5)).toEqual(["using", "extends", "import", "import", "import"]);
    expect(new Set(kinds)).toEqual(new Set(["using", "extends", "import", "param", "var", "type", "func"]));
  });

  it("reads using targets: paths, registry and template-spec references, none", () => {
    for (const target of ["'./main.bicep'", "'br/public:avm/res/cognitive-services/account:0.10.2'", "'br:contoso.azurecr.io/bicep/ai:1.0'", "'ts:sub/rg/spec:v1'", "none"]) {
      const [statement] = parseBicepParam(`using ${target}\n`).statements;
      expect(statement.kind).toBe("using");
    }
  });

  it("attaches decorators to the statement they precede", () => {
    const statement = param("@description('d')\n@minValue(1)\nparam x = 1\n", "x");
    expect(statement.decorators.map((d) => shape(d.expression))).toEqual(["description('d')", "minValue(1)"]);
  });

  it("accepts a typed param and a param without value", () => {
    const typed = param("param x string = 'a'\nparam y\n", "x");
    expect(shape(typed.type)).toBe("string");
    expect(param("param x string = 'a'\nparam y\n", "y").value).toBeUndefined();
  });
});

describe("expressions", () => {
  const expr = (source: string) => shape(param(`param x = ${source}\n`, "x").value);

  it("applies Bicep precedence: * before +, comparison before &&, && before ||, ?? loosest, then ?:", () => {
    expect(expr("1 + 2 * 3")).toBe("(1 + (2 * 3))");
    expect(expr("a || b && c == d")).toBe("(a || (b && (c == d)))");
    expect(expr("a ?? b || c")).toBe("(a ?? (b || c))");
    expect(expr("a < 1 ? 'x' : b ? 'y' : 'z'")).toBe("((a < 1) ? 'x' : (b ? 'y' : 'z'))");
    expect(expr("-a - -1")).toBe("(-a - -1)");
    expect(expr("!(a && b)")).toBe("!((a && b))");
  });

  it("chains member, safe member, index, safe index, calls and non-null", () => {
    expect(expr("az.getSecret('s', 'rg', 'kv', 'n')")).toBe("az.getSecret('s', 'rg', 'kv', 'n')");
    expect(expr("readEnvironmentVariable('X')")).toBe("readEnvironmentVariable('X')");
    expect(expr("a.b.?c[0][?'d'].e!")).toBe("a.b.?c[0][?'d'].e!");
  });

  it("reads lambdas, for-expressions and spreads", () => {
    expect(expr("map(xs, x => x.name)")).toBe("map(xs, λx.x.name)");
    expect(expr("reduce(xs, 0, (a, b) => a + b)")).toBe("reduce(xs, 0, λa,b.(a + b))");
    expect(param("param x = [for (r, i) in rs: if (i > 0) r]\n", "x").value?.kind).toBe("for");
    expect(expr("[\n  ...a\n  'b'\n]")).toBe("[...a 'b']");
    expect(expr("{\n  ...a\n  b: 1\n}")).toBe("{...a b:1}");
  });

  it("treats a line break in a list as a separator, not an operator", () => {
    expect(expr("[\n  1\n  -1\n  (2)\n  [3]\n]")).toBe("[1 -1 (2) [3]]");
    expect(expr("[1, 2, 3]")).toBe("[1 2 3]");
  });

  it("lets calls and parentheses span lines", () => {
    expect(expr("concat(\n  a,\n  b\n)")).toBe("concat(a, b)");
    expect(expr("(a\n  + b)")).toBe("((a + b))");
  });

  it("parses objects in both forms, with quoted and interpolated keys", () => {
    expect(expr("{ a: 1, 'b-c': 2 }")).toBe("{a:1 'b-c':2}");
    expect(expr("{\n  a: 1\n  '${k}': 2\n}")).toBe("{a:1 '${:2}");
  });

  it("parses type syntax: unions, nullable, arrays, object types, tuples, generics", () => {
    const kinds = parseBicepParam(fixture("all-constructs.bicepparam"))
      .statements.filter((s) => s.kind === "type")
      .map((s) => (s.kind === "type" ? s.value.kind : ""));
    expect(kinds).toEqual(["identifier", "unionType", "object", "array", "member"]);
  });
});

describe("literal fast path", () => {
  it("builds the same nodes lazily as the full parser does eagerly", () => {
    const text = fixture("avm-deployments.bicepparam");
    const array = param(text, "deployments").value as ArrayExpression;
    for (const item of array.items) {
      expect(item.literal).toBeDefined();
      const eager = parseBicepExpressionAt(text, item.start, item.end);
      expect(shape(item.value)).toBe(shape(eager));
      expect(evaluateExpression(item.value)).toEqual(evaluateExpression(eager));
    }
  });

  it("falls back to the full parser for anything that isn't a plain literal", () => {
    const text = "param x = [\n  { a: b }\n  { a: 1 }.a\n  { a: 'x${y}' }\n  { @d()\n a: 1 }\n  { a: 1 }\n]\n";
    const array = param(text, "x").value as ArrayExpression;
    expect(array.items.map((i) => Boolean(i.literal))).toEqual([false, false, false, false, true]);
  });
});

describe("syntax errors carry 1-based line and column", () => {
  it.each([
    ["param x = 'unterminated\n", 1, 11, "Unterminated string"],
    ["param x = 1\nparam y = 'a\\qb'\n", 2, 13, "Invalid escape"],
    ["param x = [\n  {\n    a: 1\n  }\n", 5, 1, "Expected ']' to close the array that starts at line 1, column 11"],
    ["param x = {\n  a: 1 b: 2\n}\n", 2, 8, "Expected a new line or ','"],
    ["param x = 1 param y = 2\n", 1, 13, "Expected a new line"],
    ["param = 1\n", 1, 7, "Expected a parameter name"],
    ["resource r 'x' = {}\n", 1, 1, "Expected a statement"],
    ["param x = \"double\"\n", 1, 11, "single quotes"],
    ["param x = '''never closed\n", 1, 11, "Unterminated multi-line string"],
    ["/* open comment\nparam x = 1\n", 1, 1, "Unterminated block comment"],
    ["param x = 'a${b'\n", 1, 16, "Unterminated string"],
    ["param x = 1.5\n", 1, 12, "no decimal numbers"],
    ["param x = ~1\n", 1, 11, "Unexpected character '~'"],
    ["param x = {\n  a:\n}\n", 3, 1, "Expected a value"],
    ["param x = '\\u{110000}'\n", 1, 12, "Invalid Unicode escape"],
  ])("%j → %i:%i", (text, line, column, message) => {
    const error = syntaxErrorOf(text);
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toContain(message);
    expect(error.message).toMatch(new RegExp(`^Line ${line}, column ${column}: `));
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    for (const text of [`param x = ${"[".repeat(5000)}`, `param x = ${"(".repeat(5000)}1`, `param x = ${"!".repeat(5000)}a`, `param x = ${"{a:".repeat(3000)}`]) {
      expect(syntaxErrorOf(text).message).toContain("Nesting is deeper than");
    }
  });
});
