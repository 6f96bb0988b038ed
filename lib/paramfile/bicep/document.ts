import { ParamFileError } from "../errors";
import {
  checkChange,
  insertionIndex,
  isPlainObject,
  isSortedKeys,
  jsonEqual,
  type ChangeResult,
  type ElementInfo,
  type Location,
  type ParamChange,
} from "../deployments";
import {
  applyTextEdits,
  firstEol,
  indentationAt,
  isBlank,
  isLineBreak,
  LineMap,
  lineEndAt,
  lineStartAt,
  nextLineStart,
  previousLineStart,
  isBlankLine,
  type TextEdit,
} from "../text";
import { findElementIndexByNames, notFoundError } from "../names";
import { defineValue, evaluateExpression, evaluateLiteralRange, propertyKeyName, stringValueAt } from "./evaluate";
import type { Token, TokenStore } from "./lexer";
import { parseBicepExpressionAt, parseBicepParam } from "./parser";
import { extractObjectStyle, FORMATTER_INDENT, renderKey, renderValue, type ObjectStyle } from "./render";
import type { ArrayExpression, ArrayItem, Expression, ObjectExpression, ObjectProperty, ParamFileSyntax, ParamStatement } from "./syntax";

export type EvaluatedParam =
  | { resolved: true; value: unknown }
  | { resolved: false; reason: string; line: number; column: number };

/** A parsed .bicepparam file with the helpers the edit engine needs. */
export class BicepDocument {
  readonly syntax: ParamFileSyntax;
  readonly store: TokenStore;
  private lineMap?: LineMap;
  private readonly namesCache = new WeakMap<ArrayExpression, (string | undefined)[]>();

  constructor(readonly text: string) {
    this.syntax = parseBicepParam(text);
    this.store = this.syntax.store;
  }

  position(offset: number): Location {
    this.lineMap ??= new LineMap(this.text);
    return this.lineMap.position(offset);
  }

  params(): ParamStatement[] {
    return this.syntax.statements.filter((s): s is ParamStatement => s.kind === "param");
  }

  findParam(name: string): ParamStatement | undefined {
    return this.params().find((p) => p.name.text === name);
  }

  /** The array literal behind `param <name> = [ … ]`, or a typed refusal. */
  deploymentsArray(param: string): ArrayExpression {
    const statement = this.findParam(param);
    if (!statement) {
      const names = this.params().map((p) => p.name.text);
      throw new ParamFileError(
        "param-not-found",
        `This file has no 'param ${param}'${names.length > 0 ? ` (it has: ${names.join(", ")})` : ""}.`,
      );
    }
    const value = statement.value;
    const at = this.position(value ? value.start : statement.start);
    if (!value) {
      throw new ParamFileError("not-array", `'param ${param}' has no value in this file; give it an array literal ([ … ]).`, at);
    }
    if (value.kind !== "array") {
      throw new ParamFileError(
        "not-array",
        `'param ${param}' is not an array literal (line ${at.line}), so ModelGate can't edit it; write its elements out as [ … ].`,
        at,
      );
    }
    return value;
  }

  elementInfos(array: ArrayExpression): ElementInfo[] {
    const position = (offset: number) => this.position(offset);
    return array.items.map((item, index) => makeElementInfo(item, index, position));
  }

  /** Info for one element only (an edit re-checks just the element it touches). */
  elementInfo(array: ArrayExpression, index: number): ElementInfo {
    return makeElementInfo(array.items[index], index, (offset) => this.position(offset));
  }

  /** Literal names of the elements (undefined where an element has none), computed once per array. */
  elementNames(array: ArrayExpression): (string | undefined)[] {
    let names = this.namesCache.get(array);
    if (!names) {
      names = array.items.map(elementName);
      this.namesCache.set(array, names);
    }
    return names;
  }

  /**
   * The comments written directly before each element (`// team: Search` on the line above, or
   * a block comment before it in a one-line array), without their markers. A comment on the previous
   * element's last line trails that element, so it is not counted.
   */
  elementComments(array: ArrayExpression): string[][] {
    return array.items.map((item) => ownComments(this.store.tokenAt(item.start).leading));
  }

  evaluateParams(): Record<string, EvaluatedParam> {
    const out: Record<string, EvaluatedParam> = {};
    for (const statement of this.params()) {
      let result: EvaluatedParam;
      if (!statement.value) {
        result = { resolved: false, reason: "the parameter has no value in this file", ...this.position(statement.start) };
      } else {
        const evaluation = evaluateExpression(statement.value);
        result = evaluation.resolved
          ? evaluation
          : { resolved: false, reason: evaluation.reason, ...this.position(evaluation.start) };
      }
      defineValue(out, statement.name.text, result);
    }
    return out;
  }
}

/** Format-independent view of one array element (value, literal name, locations) for validation. */
function makeElementInfo(item: ArrayItem, index: number, position: (offset: number) => Location): ElementInfo {
  const evaluation = item.dots
    ? { resolved: false as const, reason: "the array spreads another value (...)", start: item.start }
    : item.literal
      ? { resolved: true as const, value: evaluateLiteralRange(item.literal) }
      : evaluateExpression(item.value);
  let location: Location | undefined;
  const info: ElementInfo = {
    index,
    // Positions cost a line-table lookup; most elements never need theirs.
    get location() {
      return (location ??= position(item.start));
    },
    evaluation: evaluation.resolved ? evaluation : { resolved: false, reason: evaluation.reason, location: position(evaluation.start) },
    locate: (path) => {
      const value = item.value;
      const node = value.kind === "object" ? findPath(value, path) : undefined;
      return node ? position(node.start) : undefined;
    },
  };
  const name = elementName(item);
  if (name !== undefined) info.name = name;
  return info;
}

/**
 * Element info for the element an edit produced, parsing only that element's text in the new file: the rest of
 * the file is byte-for-byte what was parsed before the edit.
 */
export function elementInfoAt(text: string, range: { start: number; end: number }, index: number): ElementInfo {
  const value = parseBicepExpressionAt(text, range.start, range.end);
  let lines: LineMap | undefined;
  const position = (offset: number) => (lines ??= new LineMap(text)).position(offset);
  return makeElementInfo({ kind: "item", decorators: [], value, start: value.start, end: value.end }, index, position);
}

/** The property `path` leads to inside an object literal, if every step is a literal object. */
function findPath(object: ObjectExpression, path: string[]): ObjectProperty | undefined {
  let current: ObjectExpression = object;
  let found: ObjectProperty | undefined;
  for (let i = 0; i < path.length; i++) {
    found = findProperty(current, path[i]);
    if (!found) return undefined;
    if (i < path.length - 1) {
      if (found.value.kind !== "object") return undefined;
      current = found.value;
    }
  }
  return found;
}

function findProperty(object: ObjectExpression, key: string): ObjectProperty | undefined {
  let found: ObjectProperty | undefined;
  for (const member of object.members) {
    if (member.kind === "property" && propertyKeyName(member) === key) found = member;
  }
  return found;
}

/** The literal `name` of an array element, when it has one. */
function elementName(item: ArrayItem): string | undefined {
  if (item.literal) return item.literal.name === undefined ? undefined : stringValueAt(item.literal.table, item.literal.name);
  if (item.dots || item.value.kind !== "object") return undefined;
  const property = findProperty(item.value, "name");
  if (!property) return undefined;
  const value = evaluateExpression(property.value);
  return value.resolved && typeof value.value === "string" ? value.value : undefined;
}

type Change = ParamChange;
export type BicepChangeResult = ChangeResult;

interface PlannedEdits {
  edits: TextEdit[];
  index: number;
  /** Added element: which edit holds it, and where inside that edit's text it sits. */
  inserted?: { edit: TextEdit; offset: number; length: number };
  /** Updated element: its range in the old text (all edits fall inside it). */
  updated?: { start: number; end: number };
}

function planChange(doc: BicepDocument, change: Change, param: string): PlannedEdits {
  const array = doc.deploymentsArray(param);
  const editor = new ArrayEditor(doc, array);
  if (change.op === "add") return { ...editor.add(change.deployment, change.comment), index: array.items.length };
  const names = doc.elementNames(array);
  const index = findElementIndexByNames(names, change.name);
  if (index < 0) throw notFoundError(change.name, param, names);
  if (change.op === "remove") return { edits: editor.removeItem(index), index };
  const item = array.items[index];
  return { edits: editor.update(index, change.set), index, updated: { start: item.start, end: item.end } };
}

function delta(edit: TextEdit): number {
  return edit.text.length - (edit.end - edit.start);
}

function finish(doc: BicepDocument, plan: PlannedEdits): BicepChangeResult {
  const text = applyTextEdits(doc.text, plan.edits);
  const result: BicepChangeResult = { text, index: plan.index };
  if (plan.inserted) {
    const { edit, offset, length } = plan.inserted;
    const order = plan.edits.indexOf(edit);
    let shift = 0;
    plan.edits.forEach((e, i) => {
      if (e !== edit && (e.start < edit.start || (e.start === edit.start && i < order))) shift += delta(e);
    });
    const start = edit.start + shift + offset;
    result.range = { start, end: start + length };
  } else if (plan.updated) {
    const { start, end } = plan.updated;
    let inside = 0;
    for (const e of plan.edits) if (e.start >= start && e.end <= end) inside += delta(e);
    result.range = { start, end: end + inside };
  }
  return result;
}

/**
 * Applies one change with minimal text edits (validation is the caller's job). An update that both removes
 * properties (null) and sets others runs in two passes so their edits never overlap.
 */
export function applyBicepChange(doc: BicepDocument, change: unknown, param: string): BicepChangeResult {
  checkChange(change);
  const c = change as Change;
  if (c.op === "update") {
    const { removals, rest } = splitPatch(c.set);
    if (removals && rest) {
      const first = finish(doc, planChange(doc, { ...c, set: removals }, param));
      const second = new BicepDocument(first.text);
      return finish(second, planChange(second, { ...c, set: rest }, param));
    }
  }
  return finish(doc, planChange(doc, c, param));
}

/** Splits a merge patch into its null leaves (property removals) and everything else. */
function splitPatch(patch: Record<string, unknown>): { removals?: Record<string, unknown>; rest?: Record<string, unknown> } {
  let removals: Record<string, unknown> | undefined;
  let rest: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      removals ??= {};
      defineValue(removals, key, null);
    } else if (isPlainObject(value)) {
      const inner = splitPatch(value);
      if (inner.removals) defineValue((removals ??= {}), key, inner.removals);
      if (inner.rest) defineValue((rest ??= {}), key, inner.rest);
      if (!inner.removals && !inner.rest) defineValue((rest ??= {}), key, value);
    } else {
      rest ??= {};
      defineValue(rest, key, value);
    }
  }
  return { removals, rest };
}

interface Entry {
  start: number;
  end: number;
  comma?: Token;
}

/** Produces minimal text edits on one array literal (and the objects inside it). */
class ArrayEditor {
  private readonly text: string;
  private readonly tokens: TokenStore;
  private readonly eol: string;

  constructor(
    private readonly doc: BicepDocument,
    private readonly array: ArrayExpression,
  ) {
    this.text = doc.text;
    this.tokens = doc.store;
    // The array's own line breaks decide (a file mixing styles keeps each part's style); else the file's first one.
    const inside = firstEol(doc.text, array.start, "");
    this.eol = inside && doc.text.indexOf(inside, array.start) < array.end ? inside : firstEol(doc.text);
  }

  private first(entry: Entry): Token {
    return this.tokens.tokenAt(entry.start);
  }

  /** The token after an entry (and its comma). */
  private after(entry: Entry): Token {
    const end = entry.comma ? entry.comma.end : entry.end;
    return this.tokens.tokenAt(end);
  }

  private indentOf(offset: number): string {
    return indentationAt(this.text, lineStartAt(this.text, offset));
  }

  private startsLine(offset: number): boolean {
    return isBlank(this.text, lineStartAt(this.text, offset), offset);
  }

  /** Whether only blanks and comments that close on this line (or a line comment) follow `offset` on its line. */
  private endsLine(offset: number): boolean {
    const rest = this.text.slice(offset, lineEndAt(this.text, offset));
    return /^(?:[ \t]|\/\*(?:(?!\*\/).)*\*\/)*(?:\/\/.*)?$/.test(rest);
  }

  /** Where to insert text "after this entry on its line": past its comma and any trailing line comment. */
  private endOfEntryLine(entry: Entry, closeToken: Token): number {
    const end = entry.comma ? entry.comma.end : entry.end;
    if (closeToken.start > end && this.endsLine(end) && lineEndAt(this.text, end) < closeToken.start) {
      return lineEndAt(this.text, end);
    }
    return end;
  }

  private commentLineAbove(entry: Entry): { start: number; end: number } | undefined {
    const first = this.first(entry);
    const lineStart = lineStartAt(this.text, entry.start);
    if (!this.startsLine(entry.start) || lineStart === 0) return undefined;
    const prevStart = previousLineStart(this.text, lineStart);
    if (prevStart < first.pos) return undefined;
    const line = this.text.slice(prevStart, lineStart).trim();
    if (line.startsWith("//") || (line.startsWith("/*") && line.endsWith("*/") && line.indexOf("*/") === line.length - 2)) {
      return { start: prevStart, end: lineStart };
    }
    return undefined;
  }

  // ---- add ---------------------------------------------------------------------------------------------------

  add(deployment: Record<string, unknown>, comment: string | undefined): Pick<PlannedEdits, "edits" | "inserted"> {
    const items = this.array.items;
    const note = comment?.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/^\s*\/\/\s?/, "").trim() || undefined;
    if (items.length === 0) return this.addToEmpty(deployment, note);

    const last = items[items.length - 1];
    const templateItem = [...items].reverse().find((it) => !it.dots && it.value.kind === "object");
    const style = templateItem ? extractObjectStyle(this.text, this.tokens, templateItem.value as ObjectExpression) : undefined;
    const close = this.array.close;
    const edits: TextEdit[] = [];
    const commaStyle = items.length > 1 && items.slice(0, -1).every((it) => it.comma) ? (last.comma ? "all" : "between") : last.comma ? "all" : "none";

    if (this.first(last).nl && this.startsLine(last.start)) {
      const indent = this.indentOf(last.start);
      const rendered = renderValue(deployment, { eol: this.eol, indent, unit: style?.indentUnit ?? FORMATTER_INDENT, multiline: true, style, scope: "" });
      if (commaStyle === "between") edits.push({ start: last.end, end: last.end, text: "," });
      const at = this.endOfEntryLine(last, close);
      const commentLine = note ? `${indent}// ${note}${this.eol}` : "";
      const edit = { start: at, end: at, text: `${this.eol}${commentLine}${indent}${rendered}${commaStyle === "all" ? "," : ""}` };
      edits.push(edit);
      return { edits, inserted: { edit, offset: this.eol.length + commentLine.length + indent.length, length: rendered.length } };
    }

    // Items share a line: continue the single-line form.
    const indent = this.indentOf(last.start);
    const rendered = renderValue(deployment, { eol: this.eol, indent, unit: style?.indentUnit ?? FORMATTER_INDENT, multiline: false, style, scope: "" });
    const separator = items.length > 1 && items[0].comma ? items[0].comma.text + (/^[ \t]*$/.test(this.first(items[1]).leading) ? this.first(items[1]).leading : " ") : ", ";
    const prefix = note ? `/* ${note.replace(/\*\//g, "* /")} */ ` : "";
    const space = separator.slice(1) || " ";
    const edit = last.comma
      ? { start: last.comma.end, end: last.comma.end, text: `${space}${prefix}${rendered},` }
      : { start: last.end, end: last.end, text: `${separator}${prefix}${rendered}` };
    edits.push(edit);
    const offset = (last.comma ? space.length : separator.length) + prefix.length;
    return { edits, inserted: { edit, offset, length: rendered.length } };
  }

  private addToEmpty(deployment: Record<string, unknown>, note: string | undefined): Pick<PlannedEdits, "edits" | "inserted"> {
    const { open, close } = this.array;
    const sameLine = !close.nl;
    if (sameLine) {
      const baseIndent = this.indentOf(open.start);
      const indent = baseIndent + FORMATTER_INDENT;
      const rendered = renderValue(deployment, { eol: this.eol, indent, unit: FORMATTER_INDENT, multiline: true, scope: "" });
      const commentLine = note ? `${indent}// ${note}${this.eol}` : "";
      const body = `${this.eol}${commentLine}${indent}${rendered}${this.eol}${baseIndent}`;
      const edit = /^[ \t]*$/.test(close.leading) ? { start: open.end, end: close.start, text: body } : { start: close.start, end: close.start, text: body };
      return { edits: [edit], inserted: { edit, offset: this.eol.length + commentLine.length + indent.length, length: rendered.length } };
    }
    const closeIndent = this.indentOf(close.start);
    const indent = closeIndent + FORMATTER_INDENT;
    const rendered = renderValue(deployment, { eol: this.eol, indent, unit: FORMATTER_INDENT, multiline: true, scope: "" });
    const commentLine = note ? `${indent}// ${note}${this.eol}` : "";
    if (this.startsLine(close.start)) {
      const at = lineStartAt(this.text, close.start);
      const edit = { start: at, end: at, text: `${commentLine}${indent}${rendered}${this.eol}` };
      return { edits: [edit], inserted: { edit, offset: commentLine.length + indent.length, length: rendered.length } };
    }
    const edit = { start: close.start, end: close.start, text: `${this.eol}${commentLine}${indent}${rendered}${this.eol}${closeIndent}` };
    return { edits: [edit], inserted: { edit, offset: this.eol.length + commentLine.length + indent.length, length: rendered.length } };
  }

  // ---- remove ------------------------------------------------------------------------------------------------

  removeItem(index: number): TextEdit[] {
    const items = this.array.items;
    const ownsComment = (candidate: { start: number; end: number }) => {
      if (!isBlankOrBreaks(this.text, this.array.open.end, candidate.start)) return true;
      // A comment right under '[' may describe the whole list: it belongs to this element only when the file
      // gives its elements their own comments.
      return items.some((other, i) => i !== index && this.commentLineAbove(other) !== undefined);
    };
    return this.removeEntry(items, index, this.array.open, this.array.close, ownsComment);
  }

  private removeEntry(
    entries: Entry[],
    index: number,
    open: Token,
    close: Token,
    ownsComment: (line: { start: number; end: number }) => boolean,
  ): TextEdit[] {
    const entry = entries[index];
    const end = entry.comma ? entry.comma.end : entry.end;
    const next = this.after(entry);
    const edits: TextEdit[] = [];
    if (this.startsLine(entry.start) && this.first(entry).nl && next.nl && this.endsLine(end)) {
      let start = lineStartAt(this.text, entry.start);
      const comment = this.commentLineAbove(entry);
      if (comment && ownsComment(comment)) start = comment.start;
      let stop = nextLineStart(this.text, end);
      // Entries separated by blank lines: take one blank line along, so no double gap (or gap by a bracket) stays.
      const before = start > 0 ? previousLineStart(this.text, start) : -1;
      const blankBefore = before >= 0 && before > open.start && isBlankLine(this.text, before);
      const openBefore = before >= 0 && before <= open.start;
      const closeAfter = lineStartAt(this.text, close.start) === stop;
      if (isBlankLine(this.text, stop) && !closeAfter && (blankBefore || openBefore)) stop = nextLineStart(this.text, stop);
      else if (blankBefore && closeAfter) start = before;
      edits.push({ start, end: stop, text: "" });
      const previous = entries[index - 1];
      if (index === entries.length - 1 && previous?.comma && !entry.comma) {
        edits.push({ start: previous.comma.start, end: previous.comma.end, text: "" });
      }
      return edits;
    }
    // Single-line form: take the element with one neighbouring separator.
    if (entries.length === 1) {
      const from = /^[ \t]*$/.test(this.first(entry).leading) ? open.end : entry.start;
      const to = /^[ \t]*$/.test(close.leading) ? close.start : end;
      return [{ start: from, end: to, text: "" }];
    }
    if (index < entries.length - 1) {
      const following = this.first(entries[index + 1]);
      const to = entry.comma && /^[ \t]*$/.test(following.leading) ? following.start : end;
      return [{ start: entry.start, end: to, text: "" }];
    }
    const previous = entries[index - 1];
    const from = previous.comma ? previous.comma.start : previous.end;
    return [{ start: from, end, text: "" }];
  }

  // ---- update ------------------------------------------------------------------------------------------------

  update(index: number, set: Record<string, unknown>): TextEdit[] {
    const item = this.array.items[index];
    if (item.dots || item.value.kind !== "object") {
      const at = this.doc.position(item.start);
      throw new ParamFileError("unresolvable", `Item ${index + 1} is not an object literal (line ${at.line}), so it can't be updated.`, at);
    }
    const edits: TextEdit[] = [];
    this.mergeObject(item.value, set, "", edits);
    return edits;
  }

  private mergeObject(object: ObjectExpression, patch: Record<string, unknown>, scope: string, edits: TextEdit[]): void {
    const style = extractObjectStyle(this.text, this.tokens, object);
    const lineIndent = this.indentOf(object.start);
    const unit = style.indentUnit ?? FORMATTER_INDENT;
    const additions: [string, unknown][] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const property = findProperty(object, key);
      const childScope = scope === "" ? key : `${scope}.${key}`;
      if (value === null) {
        if (property) edits.push(...this.removeEntry(object.members, object.members.indexOf(property), object.open, object.close, () => false));
        continue;
      }
      if (!property) {
        additions.push([key, value]);
        continue;
      }
      if (isPlainObject(value) && property.value.kind === "object") {
        this.mergeObject(property.value, value, childScope, edits);
        continue;
      }
      const current = evaluateExpression(property.value);
      if (current.resolved && jsonEqual(current.value, value)) continue;
      const indent = this.indentOf(property.start);
      const rendered = renderValue(value, {
        eol: this.eol,
        indent,
        unit,
        multiline: style.multiline && !isInlineValue(property.value, this.tokens),
        style: style.nested.get(key),
        scope: childScope,
      });
      edits.push({ start: property.value.start, end: property.value.end, text: rendered });
    }
    if (additions.length > 0) this.insertProperties(object, style, lineIndent, unit, additions, scope, edits);
  }

  private insertProperties(
    object: ObjectExpression,
    style: ObjectStyle,
    lineIndent: string,
    unit: string,
    additions: [string, unknown][],
    scope: string,
    edits: TextEdit[],
  ): void {
    const members = object.members;
    const colon = ":" + style.colonSpace;
    const render = (key: string, value: unknown, indent: string, multiline: boolean) =>
      renderKey(key) + colon + renderValue(value, { eol: this.eol, indent, unit, multiline, scope: scope === "" ? key : `${scope}.${key}` });

    if (members.length === 0) {
      const multiline = object.close.nl;
      if (!multiline) {
        const body = additions.map(([k, v]) => render(k, v, lineIndent, false)).join(", ");
        edits.push({ start: object.open.end, end: /^[ \t]*$/.test(object.close.leading) ? object.close.start : object.open.end, text: ` ${body} ` });
        return;
      }
      const indent = this.indentOf(object.close.start) + unit;
      const lines = additions.map(([k, v]) => `${indent}${render(k, v, indent, true)}${this.eol}`).join("");
      const at = this.startsLine(object.close.start) ? lineStartAt(this.text, object.close.start) : object.close.start;
      edits.push({ start: at, end: at, text: at === object.close.start ? this.eol + lines : lines });
      return;
    }

    // Each addition goes before the existing member that sorts after it (when the keys are sorted) or at the end.
    const memberKeys = members.map((m) => (m.kind === "property" ? (propertyKeyName(m) ?? "") : ""));
    const sorted = isSortedKeys(memberKeys);
    const slots = new Map<number, [string, unknown][]>();
    for (const addition of additions) {
      const slot = insertionIndex(memberKeys, addition[0]);
      const list = slots.get(slot) ?? [];
      list.push(addition);
      slots.set(slot, list);
    }
    const multiline = style.multiline && this.startsLine(members[0].start) && this.first(members[0]).nl;
    const indent = multiline ? this.indentOf(members[0].start) : lineIndent;
    for (const [slot, group] of slots) {
      const ordered = sorted ? group.sort((a, b) => (a[0].toLowerCase() < b[0].toLowerCase() ? -1 : 1)) : group;
      const before = slot < members.length ? members[slot] : undefined;
      if (multiline && before && this.startsLine(before.start)) {
        const comment = this.commentLineAbove(before);
        const at = comment ? comment.start : lineStartAt(this.text, before.start);
        const comma = style.commas === "none" ? "" : ",";
        const text = ordered.map(([k, v]) => `${indent}${render(k, v, indent, true)}${comma}${this.eol}`).join("");
        edits.push({ start: at, end: at, text });
      } else if (multiline) {
        const last = members[members.length - 1];
        if (style.commas === "between" && !last.comma) edits.push({ start: last.end, end: last.end, text: "," });
        const at = this.endOfEntryLine(last, object.close);
        const text = ordered
          .map(([k, v], i) => {
            const comma = style.commas === "all" || (style.commas === "between" && i < ordered.length - 1) ? "," : "";
            return `${this.eol}${indent}${render(k, v, indent, true)}${comma}`;
          })
          .join("");
        edits.push({ start: at, end: at, text });
      } else {
        const parts = ordered.map(([k, v]) => render(k, v, lineIndent, false));
        if (before) {
          edits.push({ start: before.start, end: before.start, text: parts.join(style.separator) + style.separator });
        } else {
          const last = members[members.length - 1];
          if (last.comma) edits.push({ start: last.comma.end, end: last.comma.end, text: ` ${parts.join(style.separator)},` });
          else edits.push({ start: last.end, end: last.end, text: style.separator + parts.join(style.separator) });
        }
      }
    }
  }
}

/** Whether an object/array value is written on one line (so a replacement keeps it on one line). */
function isInlineValue(value: Expression, tokens: TokenStore): boolean {
  if (value.kind !== "object" && value.kind !== "array") return false;
  const table = tokens.table;
  const to = table.indexAt(value.close.start);
  for (let i = table.indexAt(value.start) + 1; i <= to; i++) if (table.nls[i] === 1) return false;
  return true;
}

function isBlankOrBreaks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && !isLineBreak(c)) return false;
  }
  return true;
}

/** Comments in an element's leading trivia that belong to it (after the first line break, if there is one). */
function ownComments(trivia: string): string[] {
  const out: string[] = [];
  let sawBreak = !/[\r\n]/.test(trivia);
  for (let i = 0; i < trivia.length; ) {
    const c = trivia[i];
    if (c === "\n" || c === "\r") {
      sawBreak = true;
      i++;
    } else if (trivia.startsWith("//", i)) {
      const end = trivia.slice(i).search(/[\r\n]/);
      const stop = end < 0 ? trivia.length : i + end;
      if (sawBreak) out.push(trivia.slice(i + 2, stop).trim());
      i = stop;
    } else if (trivia.startsWith("/*", i)) {
      const end = trivia.indexOf("*/", i + 2);
      const stop = end < 0 ? trivia.length : end + 2;
      if (sawBreak) out.push(trivia.slice(i + 2, end < 0 ? trivia.length : end).trim());
      i = stop;
    } else i++;
  }
  return out;
}
