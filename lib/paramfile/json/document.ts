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
import { checkChange, insertionIndex, isPlainObject, jsonEqual, orderKeys, type ElementInfo, type Location } from "../deployments";
import { detectEol, indentationAt, LineMap, lineStartAt } from "../text";
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
  const eol = detectEol(text);
  let tabs = 0;
  let spaces = 0;
  let smallest = Infinity;
  const lines = text.split(/\r\n|\n|\r/);
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
    return (array.children ?? []).map((node, index) => {
      const value = nodeValue(node);
      let location: Location | undefined;
      const info: ElementInfo = {
        index,
        get location() {
          return (location ??= position(node.offset));
        },
        evaluation: { resolved: true, value },
        locate: (path) => {
          const found = findNodeAtLocation(node, path);
          if (!found) return undefined;
          return this.position(found.parent?.type === "property" ? found.parent.offset : found.offset);
        },
      };
      if (isPlainObject(value) && typeof value.name === "string") info.name = value.name;
      return info;
    });
  }
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

type Change =
  | { op: "add"; deployment: Record<string, unknown>; comment?: string }
  | { op: "update"; name: string; set: Record<string, unknown> }
  | { op: "remove"; name: string };

/** Applies one change to an ARM JSON parameter file and returns the new text (validation is the caller's job). */
export function applyJsonChangeText(doc: JsonParamDocument, change: unknown, param: string): string {
  checkChange(change);
  const c = change as Change;
  const { array, name: paramName } = doc.deploymentsArray(param);
  const formattingOptions = detectFormatting(doc.body);
  const elements = array.children ?? [];
  const base: (string | number)[] = ["parameters", paramName, "value"];

  if (c.op === "add") {
    const template = elements.length > 0 ? nodeValue(elements[elements.length - 1]) : undefined;
    const value = orderLike(c.deployment, template, "");
    if (elements.length === 0) return doc.bom + insertIntoEmptyArray(doc.body, array, value, formattingOptions);
    return doc.bom + applyEdits(doc.body, modify(doc.body, [...base, -1], value, { isArrayInsertion: true, formattingOptions }));
  }

  const names = elements.map((node) => {
    const value = nodeValue(node);
    return isPlainObject(value) && typeof value.name === "string" ? value.name : undefined;
  });
  const index = findElementIndexByNames(names, c.name);
  if (index < 0) throw notFoundError(c.name, param, names);

  if (c.op === "remove") return doc.bom + applyEdits(doc.body, modify(doc.body, [...base, index], undefined, { formattingOptions }));

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
  return doc.bom + text;
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
