/**
 * Test helpers that check the emulator's wire format: against Microsoft's examples (every field an example
 * shows must be there, with the same JSON type) and against the Swagger (every field the emulator sends must
 * be defined there). Also a raw HTTPS client that trusts the local CA explicitly.
 */
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

export interface ExampleFile {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

export function readExample(name: string): ExampleFile {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as ExampleFile;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Dictionaries whose keys are data, not schema (tags, capabilities): only their type is compared. */
const OPEN_MAPS = new Set(["tags", "capabilities", "finetuneCapabilities"]);

/**
 * Paths in `example` that `actual` lacks or types differently. Arrays are compared element-wise as a union:
 * each field any example element has must appear in some actual element.
 */
export function missingFromExample(example: unknown, actual: unknown, at = "$"): string[] {
  return compareValues([example], [actual], at);
}

function compareValues(examples: unknown[], actuals: unknown[], at: string): string[] {
  const problems: string[] = [];
  const actualTypes = new Set(actuals.map(jsonType));
  for (const type of new Set(examples.map(jsonType))) {
    if (!actualTypes.has(type)) {
      problems.push(`${at}: example has ${type}, emulator sends ${[...actualTypes].join("|")}`);
      continue;
    }
    const key = at.split(".").pop() ?? "";
    if (type === "object" && !OPEN_MAPS.has(key)) {
      const exampleObjects = examples.filter((v) => jsonType(v) === "object") as Record<string, Json>[];
      const actualObjects = actuals.filter((v) => jsonType(v) === "object") as Record<string, Json>[];
      const keys = new Set(exampleObjects.flatMap((o) => Object.keys(o)));
      for (const k of keys) {
        const childExamples = exampleObjects.filter((o) => k in o).map((o) => o[k]);
        const childActuals = actualObjects.filter((o) => k in o).map((o) => o[k]);
        if (childActuals.length === 0) problems.push(`${at}.${k}: missing`);
        else problems.push(...compareValues(childExamples, childActuals, `${at}.${k}`));
      }
    }
    if (type === "array") {
      const exampleItems = (examples.filter(Array.isArray) as unknown[][]).flat();
      const actualItems = (actuals.filter(Array.isArray) as unknown[][]).flat();
      if (exampleItems.length > 0 && actualItems.length === 0) problems.push(`${at}[]: emulator sends an empty array`);
      else if (exampleItems.length > 0) problems.push(...compareValues(exampleItems, actualItems, `${at}[]`));
    }
  }
  return problems;
}

export interface SwaggerSchema {
  $ref?: string;
  allOf?: SwaggerSchema[];
  properties?: Record<string, SwaggerSchema>;
  items?: SwaggerSchema;
  additionalProperties?: SwaggerSchema | boolean;
  type?: string;
}

export function readSwaggerDefinitions(): Record<string, SwaggerSchema> {
  const file = JSON.parse(fs.readFileSync(path.join(FIXTURES, "swagger-definitions.json"), "utf8")) as { definitions: Record<string, SwaggerSchema> };
  return file.definitions;
}

/** Microsoft.Resources/deployments models (2025-03-01), for template deployments and their operations. */
export function readResourcesDefinitions(): Record<string, SwaggerSchema> {
  const file = JSON.parse(fs.readFileSync(path.join(FIXTURES, "resources-definitions.json"), "utf8")) as { definitions: Record<string, SwaggerSchema> };
  return file.definitions;
}

// ---- behaviour ------------------------------------------------------------------------------------------

interface ModelsListBody {
  value: { kind?: string; model: { format: string; name: string; version: string; skus?: { name: string; usageName?: string }[] } }[];
}
interface UsagesBody {
  value: { name: { value: string } }[];
}

/**
 * Usage names the models list publishes that the usages list of the same region does not carry: quota a
 * client could not read. Azure keeps the two consistent; an emulator must too.
 */
export function unpublishedUsageNames(models: ModelsListBody, usages: UsagesBody): string[] {
  const known = new Set(usages.value.map((u) => u.name.value));
  const published = new Set(models.value.flatMap((m) => (m.model.skus ?? []).map((s) => s.usageName).filter((n): n is string => !!n)));
  return [...published].filter((n) => !known.has(n)).sort();
}

/** SKUs whose published usage name is not `OpenAI.<sku>.<model>`: the proof that clients must not derive it. */
export function underivableUsageNames(models: ModelsListBody): string[] {
  return [
    ...new Set(
      models.value.flatMap((m) =>
        (m.model.skus ?? []).filter((s) => s.usageName && s.usageName !== `OpenAI.${s.name}.${m.model.name}`).map((s) => s.usageName!),
      ),
    ),
  ].sort();
}

export interface ArmErrorTree {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorTree[];
}

/** The innermost errors of a nested ARM error, depth first. */
export function rootCauses(error: ArmErrorTree): ArmErrorTree[] {
  return error.details?.length ? error.details.flatMap(rootCauses) : [error];
}

interface Flattened {
  properties: Record<string, SwaggerSchema>;
  additional?: SwaggerSchema | boolean;
  items?: SwaggerSchema;
}

function flatten(schema: SwaggerSchema, defs: Record<string, SwaggerSchema>, seen = new Set<string>()): Flattened {
  if (schema.$ref) {
    const name = schema.$ref.replace("#/definitions/", "");
    if (seen.has(name)) return { properties: {} };
    const target = defs[name];
    if (!target) throw new Error(`unknown definition ${name}`);
    return flatten(target, defs, new Set([...seen, name]));
  }
  const result: Flattened = { properties: { ...(schema.properties ?? {}) }, additional: schema.additionalProperties, items: schema.items };
  for (const part of schema.allOf ?? []) {
    const inner = flatten(part, defs, seen);
    result.properties = { ...inner.properties, ...result.properties };
    result.additional ??= inner.additional;
    result.items ??= inner.items;
  }
  return result;
}

/** Paths of fields in `value` that the Swagger definition `definition` does not declare. */
export function undeclaredFields(value: unknown, definition: string, defs: Record<string, SwaggerSchema>): string[] {
  return walk(value, { $ref: `#/definitions/${definition}` }, defs, "$");
}

function walk(value: unknown, schema: SwaggerSchema, defs: Record<string, SwaggerSchema>, at: string): string[] {
  const flat = flatten(schema, defs);
  if (Array.isArray(value)) {
    return flat.items ? value.flatMap((item, i) => walk(item, flat.items!, defs, `${at}[${i}]`)) : [];
  }
  if (jsonType(value) !== "object") return [];
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const declared = flat.properties[key];
    if (declared) problems.push(...walk(child, declared, defs, `${at}.${key}`));
    else if (typeof flat.additional === "object") problems.push(...walk(child, flat.additional, defs, `${at}.${key}`));
    else if (flat.additional !== true) problems.push(`${at}.${key}`);
  }
  return problems;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

/** A plain HTTPS request that trusts `ca` explicitly (independent of NODE_EXTRA_CA_CERTS). */
export function rawRequest(
  url: string,
  options: { method?: string; body?: unknown; token?: string | null; ca: string; headers?: Record<string, string> },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? "test-token"}`;
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = String(Buffer.byteLength(payload));
    }
    const req = https.request(url, { method: options.method ?? "GET", headers, ca: options.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
