import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyParamChange, evaluateParams, ParamFileError, readDeploymentElements, validateParamFile, type ParamChange } from "./index";

const json = readFileSync(join(__dirname, "fixtures", "deployment-parameters.json"), "utf8");
const tabsCrlf = json.replace(/^( +)/gm, (m) => "\t".repeat(m.length / 2)).replace(/\n/g, "\r\n");
const newDeployment = { sku: { name: "Standard", capacity: 5 }, name: "support-o4-mini", model: { version: "2025-04-16", name: "o4-mini", format: "OpenAI" } };

/** The single changed region between two texts. */
function changedRegion(before: string, after: string): { start: number; removed: string; added: string } {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, removed: before.slice(start, before.length - end), added: after.slice(start, after.length - end) };
}

describe("ARM JSON parameter files", () => {
  it("reads parameters.<name>.value and reports Key Vault references as unresolvable", () => {
    expect(readDeploymentElements(json, "json").map((d) => d.name)).toEqual(["search-gpt-4o", "support-gpt-4o-mini"]);
    const params = evaluateParams(json, "json");
    expect(params.location).toEqual({ resolved: true, value: "australiaeast" });
    expect(params.adminKey).toEqual({ resolved: false, reason: "the value is a Key Vault reference, read only at deployment", line: 11, column: 5 });
  });

  it("finds the parameter ignoring case, as ARM does", () => {
    expect(readDeploymentElements(json, "json", "OpenAIDeployments")).toHaveLength(2);
  });

  it("adds after the last element with the siblings' key order and the file's indentation; the comment is not written", () => {
    const after = applyParamChange(json, "json", { op: "add", deployment: newDeployment, comment: "team: Support" });
    expect(after).not.toContain("team: Support");
    const { removed, added } = changedRegion(json, after);
    expect(removed).toBe("");
    expect(added).toBe(
      [
        ",",
        "        {",
        '          "model": {',
        '            "format": "OpenAI",',
        '            "name": "o4-mini",',
        '            "version": "2025-04-16"',
        "          },",
        '          "name": "support-o4-mini",',
        '          "sku": {',
        '            "capacity": 5,',
        '            "name": "Standard"',
        "          }",
        "        }",
      ].join("\n"),
    );
  });

  it("keeps tabs and CRLF", () => {
    const after = applyParamChange(tabsCrlf, "json", { op: "add", deployment: newDeployment });
    const { added } = changedRegion(tabsCrlf, after);
    expect(added.startsWith(",\r\n\t\t\t\t{\r\n\t\t\t\t\t\"model\": {\r\n")).toBe(true);
    expect(added).not.toMatch(/[^\r]\n/);
  });

  it("updates only the changed value and inserts new keys in sorted position", () => {
    const after = applyParamChange(json, "json", { op: "update", name: "search-gpt-4o", set: { sku: { capacity: 9 } } });
    expect(changedRegion(json, after)).toMatchObject({ removed: "150", added: "9" });
    const withPolicy = applyParamChange(json, "json", { op: "update", name: "search-gpt-4o", set: { raiPolicyName: "Microsoft.DefaultV2" } });
    expect(withPolicy).toContain('"name": "search-gpt-4o",\n          "raiPolicyName": "Microsoft.DefaultV2",\n          "sku": {');
  });

  it("removes an element and its separator, leaving the rest byte for byte", () => {
    const after = applyParamChange(json, "json", { op: "remove", name: "support-gpt-4o-mini" });
    const { removed, added } = changedRegion(json, after);
    expect(added).toBe("");
    expect(removed.startsWith(",\n        {\n")).toBe(true);
    expect(readDeploymentElements(after, "json").map((d) => d.name)).toEqual(["search-gpt-4o"]);
  });

  it("fills an empty array without touching the lines around it", () => {
    const empty = '{\n    "parameters": {\n        "openaiDeployments": {\n            "value": []\n        }\n    }\n}\n';
    const after = applyParamChange(empty, "json", { op: "add", deployment: newDeployment });
    expect(after.startsWith('{\n    "parameters": {\n        "openaiDeployments": {\n            "value": [\n                {\n                    "model": {\n')).toBe(true);
    expect(after.endsWith('                }\n            ]\n        }\n    }\n}\n')).toBe(true);
  });

  it("keeps a byte-order mark", () => {
    const after = applyParamChange(`\uFEFF${json}`, "json", { op: "update", name: "search-gpt-4o", set: { sku: { capacity: 9 } } });
    expect(after.startsWith("\uFEFF{")).toBe(true);
  });

  it("refuses with the same typed errors as .bicepparam", () => {
    const refuse = (text: string, change: ParamChange, param?: string) => {
      try {
        applyParamChange(text, "json", change, param);
      } catch (error) {
        return error as ParamFileError;
      }
      throw new Error("expected a refusal");
    };
    expect(refuse(json, { op: "add", deployment: { ...newDeployment, name: "SEARCH-gpt-4o" } }).code).toBe("duplicate-name");
    const invalid = refuse(json, { op: "update", name: "search-gpt-4o", set: { sku: { capacity: -1 } } });
    expect([invalid.code, invalid.deployment, invalid.line]).toEqual(["invalid-deployment", "search-gpt-4o", 29]);
    expect(refuse(json, { op: "remove", name: "x" }).code).toBe("not-found");
    expect(refuse(json, { op: "remove", name: "x" }, "location").code).toBe("not-array");
    expect(refuse(json, { op: "remove", name: "x" }, "adminKey").code).toBe("not-array");
    expect(refuse(json, { op: "remove", name: "x" }, "nope").code).toBe("param-not-found");
    const syntax = refuse('{\n  "parameters": {,\n}', { op: "remove", name: "x" });
    expect([syntax.code, syntax.line, syntax.column]).toEqual(["syntax", 2, 18]);
  });

  it("validates like .bicepparam", () => {
    expect(validateParamFile(json, "json")).toEqual([]);
    const bad = json.replace('"capacity": 200', '"capacity": 0');
    expect(validateParamFile(bad, "json")).toEqual([
      {
        code: "invalid-deployment",
        deployment: "support-gpt-4o-mini",
        message: 'Deployment "support-gpt-4o-mini": sku.capacity must be a positive whole number of capacity units (it is 0).',
        line: 41,
        column: 13,
      },
    ]);
  });
});
