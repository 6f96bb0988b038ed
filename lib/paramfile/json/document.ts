import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parseTree,
  printParseErrorCode,
  type FormattingOptions,
  type Node,
  type ParseError,
} from "jsonc-parser";
import { ParamFileError, syntaxError } from "../errors";
import { checkChange, insertionIndex, isPlainObject, jsonEqual, orderKeys, type ChangeResult, type ElementInfo, type Location, type ParamChange } from "../deployments";
import { firstEol, indentationAt, LineMap, lineStartAt } from "../text";
import { defineValue } from "../bicep/evaluate";
import { findElementIndexByNames, notFoundError } from "../names";

/**
 * ARM JSON parameter files (deploymentParameters.json schema): `parameters.<name>.value`. Edits go through
 * jsonc-parser's modify/applyEdits, which rewrites only the edited range with the file's own indentation and
 * line endings. JSON has no comments in the ARM schema's sense, so the optional comment of an "add" is not written.
 */

export type EvaluatedParam =
  | { resolved: true; value: unknown }
  | { resolved: false; reason: string; line: number; column: number };

/** Plain value of a JSON node; own properties even for keys like "__proto__". */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) defineValue(out, String(key.value), nodeValue(value));
      }
      return out;
    }
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function propertyNode(object: Node | undefined, key: string): Node | undefined {
  if (!object || object.type !== "object") return undefined;
  let found: Node | undefined;
  for (const property of object.children ?? []) {
    if (property.children?.[0]?.value === key) found = property;
  }
  return found;
}

/** Indentation and line endings as the file already uses them. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = firstEol(text);
  let tabs = 0;
  let spaces = 0;
  let smallest = Infinity;
  // The first lines tell; a 3,000-element file needn't be split whole.
  const lines = text.slice(0, 20_000).split(/\r\n|\n|\r/);
  for (const line of lines) {
    const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
    if (indent.length === 0 || indent.length === line.length) continue;
    if (indent.startsWith("\t")) tabs++;
    else {
      spaces++;
      smallest = Math.min(smallest, indent.length);
    }
  }
  if (tabs > spaces) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: Number.isFinite(smallest) ? smallest : 2, eol };
}

/** A parsed ARM JSON parameter file; refuses invalid JSON with the position of the first error. */
export class JsonParamDocument {
  readonly root: Node;
  private lineMap?: LineMap;

  /** A UTF-8 byte-order mark, kept aside (jsonc-parser rejects it) and put back on output. */
  readonly bom: string;
  /** The text without the byte-order mark; all offsets refer to it. */
  readonly body: string;

  constructor(readonly text: string) {
    this.bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
    this.body = text.slice(this.bom.length);
    const errors: ParseError[] = [];
    const root = parseTree(this.body, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false });
    if (errors.length > 0 || !root) {
      const error = errors[0];
      const offset = error ? error.offset : 0;
      const { line, column } = this.position(offset);
      const what = error ? describeJsonError(printParseErrorCode(error.error)) : "the file is empty";
      throw syntaxError(line, column, `Invalid JSON: ${what}.`);
    }
    if (root.type !== "object") {
      const { line, column } = this.position(root.offset);
      throw syntaxError(line, column, "A parameter file must be a JSON object with a \"parameters\" property.");
    }
    this.root = root;
  }

  position(offset: number): Location {
    this.lineMap ??= new LineMap(this.body);
    return this.lineMap.position(offset);
  }

  /** The `parameters` entries, keyed by their spelling in the file. */
  parameterNodes(): { name: string; property: Node }[] {
    const parameters = propertyNode(this.root, "parameters")?.children?.[1];
    if (!parameters || parameters.type !== "object") return [];
    return (parameters.children ?? []).flatMap((p) => (p.children?.[0] ? [{ name: String(p.children[0].value), property: p }] : []));
  }

  /** ARM parameter names are case-insensitive: an exact match wins, else a case-insensitive one. */
  findParameter(param: string): { name: string; property: Node } | undefined {
    const all = this.parameterNodes();
    return all.find((p) => p.name === param) ?? all.find((p) => p.name.toLowerCase() === param.toLowerCase());
  }

  evaluateParams(): Record<string, EvaluatedParam> {
    const out: Record<string, EvaluatedParam> = {};
    for (const { name, property } of this.parameterNodes()) {
      const body = property.children?.[1];
      const value = propertyNode(body, "value")?.children?.[1];
      let result: EvaluatedParam;
      if (value) result = { resolved: true, value: nodeValue(value) };
      else if (propertyNode(body, "reference")) {
        result = { resolved: false, reason: "the value is a Key Vault reference, read only at deployment", ...this.position(property.offset) };
      } else result = { resolved: false, reason: "the parameter has no \"value\"", ...this.position(property.offset) };
      defineValue(out, name, result);
    }
    return out;
  }

  /** The array node at parameters.<param>.value, or a typed refusal. */
  deploymentsArray(param: string): { array: Node; name: string } {
    const found = this.findParameter(param);
    if (!found) {
      const names = this.parameterNodes().map((p) => p.name);
      throw new ParamFileError(
        "param-not-found",
        `This file has no parameter '${param}'${names.length > 0 ? ` (it has: ${names.join(", ")})` : ""}.`,
      );
    }
    const body = found.property.children?.[1];
    const value = propertyNode(body, "value")?.children?.[1];
    const at = this.position((value ?? found.property).offset);
    if (!value) throw new ParamFileError("not-array", `Parameter '${found.name}' has no "value" in this file, so ModelGate can't edit it.`, at);
    if (value.type !== "array") throw new ParamFileError("not-array", `Parameter '${found.name}' is not an array (line ${at.line}).`, at);
    return { array: value, name: found.name };
  }

  elementInfos(array: Node): ElementInfo[] {
    const position = (offset: number) => this.position(offset);
    return (array.children ?? []).map((node, index) => makeElementInfo(node, index, position));
  }

  /** Info for one element only (an edit re-checks just the element it touches). */
  elementInfo(array: Node, index: number): ElementInfo {
    return makeElementInfo((array.children ?? [])[index], index, (offset) => this.position(offset));
  }

  /** The elements' `name` strings (undefined where there is none), without converting whole elements. */
  elementNames(array: Node): (string | undefined)[] {
    return (array.children ?? []).map((node) => {
      const value = propertyNode(node, "name")?.children?.[1];
      return value?.type === "string" ? String(value.value) : undefined;
    });
  }
}

function makeElementInfo(node: Node, index: number, position: (offset: number) => Location, base = 0): ElementInfo {
  const value = nodeValue(node);
  let location: Location | undefined;
  const info: ElementInfo = {
    index,
    get location() {
      return (location ??= position(base + node.offset));
    },
    evaluation: { resolved: true, value },
    locate: (path) => {
      const found = findNodeAtLocation(node, path);
      if (!found) return undefined;
      return position(base + (found.parent?.type === "property" ? found.parent.offset : found.offset));
    },
  };
  if (isPlainObject(value) && typeof value.name === "string") info.name = value.name;
  return info;
}

/**
 * Element info for the element an edit produced, parsing only that element's text in the new file (`text`
 * without its byte-order mark; `start`/`end` bound the element).
 */
export function jsonElementInfoAt(text: string, range: { start: number; end: number }, index: number): ElementInfo {
  const node = parseTree(text.slice(range.start, range.end), [], { allowTrailingComma: false, disallowComments: false });
  if (!node) throw new Error("internal: the edited JSON element doesn't parse");
  let lines: LineMap | undefined;
  return makeElementInfo(node, index, (offset) => (lines ??= new LineMap(text)).position(offset), range.start);
}

function describeJsonError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words === "value expected" ? "a value is expected here" : words;
}

/** Reorders object keys recursively like the sibling `template` (or canonically), so inserted JSON matches. */
function orderLike(value: unknown, template: unknown, scope: string): unknown {
  if (!isPlainObject(value)) return value;
  const templateObject = isPlainObject(template) ? template : undefined;
  const keys = orderKeys(Object.keys(value), templateObject ? Object.keys(templateObject) : undefined, scope);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (value[key] === undefined) continue;
    defineValue(out, key, orderLike(value[key], templateObject?.[key], scope === "" ? key : `${scope}.${key}`));
  }
  return out;
}

type Change = ParamChange;
/** The range is without the BOM. */
export type JsonChangeResult = ChangeResult;

/** Applies one change to an ARM JSON parameter file (validation is the caller's job). */
export function applyJsonChange(doc: JsonParamDocument, change: unknown, param: string): JsonChangeResult {
  checkChange(change);
  const c = change as Change;
  const { array, name: paramName } = doc.deploymentsArray(param);
  const formattingOptions = detectFormatting(doc.body);
  const elements = array.children ?? [];
  const base: (string | number)[] = ["parameters", paramName, "value"];

  if (c.op === "add") {
    const template = elements.length > 0 ? nodeValue(elements[elements.length - 1]) : undefined;
    const value = orderLike(c.deployment, template, "");
    const body =
      elements.length === 0
        ? insertIntoEmptyArray(doc.body, array, value, formattingOptions)
        : applyEdits(doc.body, modify(doc.body, [...base, -1], value, { isArrayInsertion: true, formattingOptions }));
    // Everything before the old last element's end is unchanged, and ']' moved by the inserted length.
    const from = elements.length > 0 ? elements[elements.length - 1].offset + elements[elements.length - 1].length : array.offset + 1;
    const close = array.offset + array.length - 1 + (body.length - doc.body.length);
    const start = body.indexOf("{", from);
    return { text: doc.bom + body, index: elements.length, range: { start, end: body.lastIndexOf("}", close) + 1 } };
  }

  const names = doc.elementNames(array);
  const index = findElementIndexByNames(names, c.name);
  if (index < 0) throw notFoundError(c.name, param, names);

  if (c.op === "remove") return { text: doc.bom + applyEdits(doc.body, modify(doc.body, [...base, index], undefined, { formattingOptions })), index };

  const element = elements[index];
  if (element.type !== "object") {
    const at = doc.position(element.offset);
    throw new ParamFileError("unresolvable", `Item ${index + 1} is not an object (line ${at.line}), so it can't be updated.`, at);
  }
  let text = doc.body;
  const apply = (path: (string | number)[], value: unknown) => {
    text = applyEdits(
      text,
      modify(text, path, value, {
        formattingOptions,
        getInsertionIndex: (properties) => insertionIndex(properties, String(path[path.length - 1])),
      }),
    );
  };
  const merge = (current: unknown, patch: Record<string, unknown>, path: (string | number)[]) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const existing = isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, key) ? current[key] : undefined;
      if (value === null) {
        if (existing !== undefined) apply([...path, key], undefined);
      } else if (isPlainObject(value) && isPlainObject(existing)) merge(existing, value, [...path, key]);
      else if (existing === undefined || !jsonEqual(existing, value)) apply([...path, key], value);
    }
  };
  merge(nodeValue(element), c.set, [...base, index]);
  // Every edit fell inside the element's braces.
  return { text: doc.bom + text, index, range: { start: element.offset, end: element.offset + element.length + (text.length - doc.body.length) } };
}

function findPath(node: Node): (string | number)[] {
  const path: (string | number)[] = [-1];
  let current: Node | undefined = node;
  while (current?.parent) {
    const parent: Node = current.parent;
    if (parent.type === "property") path.unshift(String(parent.children?.[0]?.value));
    else if (parent.type === "array") path.unshift(parent.children?.indexOf(current) ?? 0);
    current = parent.type === "property" ? parent.parent : parent;
  }
  return path;
}

/** `[]` → a multi-line array holding one element, indented one step deeper than the line holding '['. */
function insertIntoEmptyArray(text: string, array: Node, value: unknown, options: FormattingOptions): string {
  const unit = options.insertSpaces ? " ".repeat(options.tabSize ?? 2) : "\t";
  const eol = options.eol ?? "\n";
  const baseIndent = indentationAt(text, lineStartAt(text, array.offset));
  const inner = baseIndent + unit;
  const body = JSON.stringify(value, null, unit).split("\n").join(eol + inner);
  const closeAt = array.offset + array.length - 1;
  if (!/^\s*$/.test(text.slice(array.offset + 1, closeAt))) {
    return applyEdits(text, modify(text, findPath(array), value, { isArrayInsertion: true, formattingOptions: options }));
  }
  return `${text.slice(0, array.offset + 1)}${eol}${inner}${body}${eol}${baseIndent}${text.slice(closeAt)}`;
}
