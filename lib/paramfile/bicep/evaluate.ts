import { decodeStringPiece, LITERAL_TOKEN_CODES, multilineStringValue, multilineTextValue, stringTokenValue, type TokenTable } from "./lexer";
import type { Expression, LiteralRange, ObjectProperty } from "./syntax";

/** Result of turning a Bicep expression into plain JSON: only literals resolve; nothing is ever guessed. */
export type Evaluation =
  | { resolved: true; value: unknown }
  | { resolved: false; reason: string; start: number };

/** Static name of an object property key (identifier or plain string), or undefined for interpolated keys. */
export function propertyKeyName(property: ObjectProperty): string | undefined {
  if (!property.keyExpression) return property.key.text;
  const k = property.keyExpression;
  return k.pieces.length === 1 ? stringTokenValue(k.pieces[0]) : undefined;
}

function describeCallee(expr: Expression): string {
  if (expr.kind === "identifier") return expr.token.text;
  if (expr.kind === "member") return `${describeCallee(expr.object)}${expr.dot.text}${expr.name.text}`;
  return "a function";
}

/** Defines an own enumerable property even for keys like "__proto__". */
export function defineValue(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const unresolved = (reason: string, start: number): Evaluation => ({ resolved: false, reason, start });

const CODE = LITERAL_TOKEN_CODES;

/** Value of a string or multi-line string token by index. */
export function stringValueAt(table: TokenTable, i: number): string {
  const raw = table.source.slice(table.starts[i], table.ends[i]);
  return table.kinds[i] === CODE.multilineString ? multilineTextValue(raw) : decodeStringPiece(raw.slice(1, -1));
}

/**
 * Evaluates a literal array item straight from its tokens (the parser's literal scanner already checked them),
 * giving exactly what evaluateExpression gives for the same item's nodes, without building them.
 */
export function evaluateLiteralRange(range: LiteralRange): unknown {
  const table = range.table;
  let i = range.first;
  const read = (): unknown => {
    const k = table.kinds[i];
    if (k === CODE.string || k === CODE.multilineString) return stringValueAt(table, i++);
    if (k === CODE.number) return Number(table.source.slice(table.starts[i], table.ends[i++]));
    if (k === CODE.minus) {
      i++;
      return -Number(table.source.slice(table.starts[i], table.ends[i++]));
    }
    if (k === CODE.identifier) {
      const word = table.source.slice(table.starts[i], table.ends[i++]);
      return word === "true" ? true : word === "false" ? false : null;
    }
    if (k === CODE.openBrace) {
      i++;
      const out: Record<string, unknown> = {};
      while (table.kinds[i] !== CODE.closeBrace) {
        const key = table.kinds[i] === CODE.string ? stringValueAt(table, i) : table.source.slice(table.starts[i], table.ends[i]);
        i += 2;
        defineValue(out, key, read());
        if (table.kinds[i] === CODE.comma) i++;
      }
      i++;
      return out;
    }
    i++; // '['
    const out: unknown[] = [];
    while (table.kinds[i] !== CODE.closeBracket) {
      out.push(read());
      if (table.kinds[i] === CODE.comma) i++;
    }
    i++;
    return out;
  };
  return read();
}


/** Evaluates a literal Bicep expression (numbers, strings, booleans, null, objects, arrays) to plain JSON. */
export function evaluateExpression(expr: Expression): Evaluation {
  switch (expr.kind) {
    case "literal": {
      const text = expr.token.text;
      if (text === "true") return { resolved: true, value: true };
      if (text === "false") return { resolved: true, value: false };
      if (text === "null") return { resolved: true, value: null };
      const value = Number(text);
      if (!Number.isSafeInteger(value)) return unresolved(`the number ${text} is too large to represent exactly`, expr.start);
      return { resolved: true, value };
    }
    case "string":
      if (expr.pieces.length === 1) return { resolved: true, value: stringTokenValue(expr.pieces[0]) };
      return unresolved("the string uses ${…} interpolation, which is only known when the file is deployed", expr.start);
    case "multilineString":
      return { resolved: true, value: multilineStringValue(expr.token) };
    case "unary":
      if (expr.operator.kind === "-" && expr.operand.kind === "literal" && /^[0-9]/.test(expr.operand.token.text)) {
        const value = -Number(expr.operand.token.text);
        if (!Number.isSafeInteger(value)) return unresolved(`the number -${expr.operand.token.text} is too large to represent exactly`, expr.start);
        return { resolved: true, value };
      }
      return unresolved(`the '${expr.operator.text}' operator is evaluated only when the file is deployed`, expr.start);
    case "paren":
      return evaluateExpression(expr.expression);
    case "object": {
      const value: Record<string, unknown> = {};
      for (const member of expr.members) {
        if (member.kind === "spread") return unresolved("the object spreads another value (...)", member.start);
        const key = propertyKeyName(member);
        if (key === undefined) return unresolved("a property name uses ${…} interpolation", member.key.start);
        const inner = evaluateExpression(member.value);
        if (!inner.resolved) return inner;
        defineValue(value, key, inner.value);
      }
      return { resolved: true, value };
    }
    case "array": {
      const value: unknown[] = [];
      for (const item of expr.items) {
        if (item.dots) return unresolved("the array spreads another value (...)", item.start);
        const inner = evaluateExpression(item.value);
        if (!inner.resolved) return inner;
        value.push(inner.value);
      }
      return { resolved: true, value };
    }
    case "identifier":
      return unresolved(`'${expr.token.text}' refers to another value, which is only known when Bicep compiles the file`, expr.start);
    case "call":
      return unresolved(`${describeCallee(expr.callee)}(…) is a function call, evaluated only at deployment`, expr.start);
    case "for":
      return unresolved("a for-expression is evaluated only when Bicep compiles the file", expr.start);
    case "member":
    case "index":
    case "nonNull":
      return unresolved("it reads a property or element of another value, only known when Bicep compiles the file", expr.start);
    case "binary":
      return unresolved(`the '${expr.operator.text}' operation is evaluated only when Bicep compiles the file`, expr.start);
    case "ternary":
      return unresolved("the conditional (… ? … : …) is evaluated only when Bicep compiles the file", expr.start);
    case "lambda":
      return unresolved("a lambda is a function, not a value", expr.start);
    default:
      return unresolved("this is an expression, not a literal value", expr.start);
  }
}
