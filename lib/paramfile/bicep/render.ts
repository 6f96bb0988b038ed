import { isPlainObject, orderKeys } from "../deployments";
import { indentationAt, lineStartAt } from "../text";
import { quoteBicepString, type TokenStore } from "./lexer";
import { propertyKeyName } from "./evaluate";
import type { ObjectExpression } from "./syntax";

/** How an existing object literal is laid out, so new text can copy it. */
export interface ObjectStyle {
  multiline: boolean;
  keyOrder: string[];
  /** Multi-line objects: properties end with ',' never, between properties only, or always. */
  commas: "none" | "between" | "all";
  /** Single-line objects: text between '{' and the first property, between properties, and before '}'. */
  openPad: string;
  separator: string;
  closePad: string;
  /** Text between ':' and the value. */
  colonSpace: string;
  /** Multi-line objects: property indentation minus the indentation of the line holding '{'. */
  indentUnit?: string;
  nested: Map<string, ObjectStyle>;
}

export const FORMATTER_INDENT = "  ";

const blankOr = (s: string | undefined, fallback: string) => (s !== undefined && /^[ \t]*$/.test(s) ? s : fallback);

/** Reads the layout of an object literal (and, recursively, of the objects inside it). */
export function extractObjectStyle(text: string, tokens: TokenStore, object: ObjectExpression): ObjectStyle {
  const members = object.members;
  const firstTokens = members.map((m) => tokens.tokenAt(m.start));
  const multiline = object.close.nl || firstTokens.some((t) => t.nl);
  const keyOrder: string[] = [];
  const nested = new Map<string, ObjectStyle>();
  let colonSpace: string | undefined;
  for (const member of members) {
    if (member.kind !== "property") continue;
    const key = propertyKeyName(member);
    if (key === undefined) continue;
    keyOrder.push(key);
    colonSpace ??= tokens.tokenAt(member.value.start).leading;
    if (member.value.kind === "object") nested.set(key, extractObjectStyle(text, tokens, member.value));
  }
  let commas: ObjectStyle["commas"] = "none";
  if (members.length > 0 && members.slice(0, -1).every((m) => m.comma) && members.length > 1) commas = "between";
  if (members.length > 0 && members.every((m) => m.comma)) commas = "all";
  let indentUnit: string | undefined;
  if (multiline && members.length > 0) {
    const outer = indentationAt(text, lineStartAt(text, object.open.start));
    const inner = indentationAt(text, lineStartAt(text, members[0].start));
    if (inner.length > outer.length && inner.startsWith(outer)) indentUnit = inner.slice(outer.length);
  }
  const separator =
    members.length > 1 && members[0].comma ? members[0].comma.text + blankOr(firstTokens[1].leading, " ") : ", ";
  return {
    multiline,
    keyOrder,
    commas,
    openPad: blankOr(firstTokens[0]?.leading, " "),
    separator,
    closePad: blankOr(object.close.leading, " "),
    colonSpace: blankOr(colonSpace, " "),
    indentUnit,
    nested,
  };
}

export interface RenderContext {
  eol: string;
  /** Indentation of the line the value starts on. */
  indent: string;
  unit: string;
  /** Lay out objects and arrays over several lines (when no style says otherwise). */
  multiline: boolean;
  style?: ObjectStyle;
  /** Key path used to pick canonical key order ("" = deployment, "model", "sku"). */
  scope: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Property name as Bicep writes it: bare when it is an identifier, quoted otherwise. */
export function renderKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quoteBicepString(key);
}

/** Bicep literal text for a JSON value, laid out like `ctx.style` (or the Bicep formatter when there is none). */
export function renderValue(value: unknown, ctx: RenderContext): string {
  if (value === null) return "null";
  if (typeof value === "string") return quoteBicepString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (!ctx.multiline) return `[${value.map((v) => renderValue(v, { ...ctx, style: undefined })).join(", ")}]`;
    const inner = ctx.indent + ctx.unit;
    const lines = value.map((v) => inner + renderValue(v, { ...ctx, indent: inner, style: undefined }));
    return `[${ctx.eol}${lines.join(ctx.eol)}${ctx.eol}${ctx.indent}]`;
  }
  if (isPlainObject(value)) return renderObject(value, ctx);
  throw new Error(`internal: cannot render ${typeof value}`);
}

function renderObject(value: Record<string, unknown>, ctx: RenderContext): string {
  const style = ctx.style;
  const keys = orderKeys(
    Object.keys(value).filter((k) => value[k] !== undefined),
    style?.keyOrder,
    ctx.scope,
  );
  if (keys.length === 0) return "{}";
  const multiline = style ? style.multiline : ctx.multiline;
  const colon = ":" + (style?.colonSpace ?? " ");
  if (!multiline) {
    const parts = keys.map(
      (k) => renderKey(k) + colon + renderValue(value[k], { ...ctx, multiline: false, style: style?.nested.get(k), scope: childScope(ctx.scope, k) }),
    );
    const open = style?.openPad ?? " ";
    const close = style?.closePad ?? " ";
    return `{${open}${parts.join(style?.separator ?? ", ")}${close}}`;
  }
  const unit = style?.indentUnit ?? ctx.unit;
  const inner = ctx.indent + unit;
  const commas = style?.commas ?? "none";
  const lines = keys.map((k, i) => {
    const rendered = renderValue(value[k], { ...ctx, indent: inner, unit, multiline: true, style: style?.nested.get(k), scope: childScope(ctx.scope, k) });
    const comma = commas === "all" || (commas === "between" && i < keys.length - 1) ? "," : "";
    return inner + renderKey(k) + colon + rendered + comma;
  });
  return `{${ctx.eol}${lines.join(ctx.eol)}${ctx.eol}${ctx.indent}}`;
}

function childScope(scope: string, key: string): string {
  return scope === "" ? key : `${scope}.${key}`;
}
