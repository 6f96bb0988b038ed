import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  detectParamFileKind,
  evaluateParams,
  explainDeploymentName,
  isValidDeploymentName,
  ParamFileError,
  readDeploymentElements,
  unifiedDiff,
  validateParamFile,
} from "./index";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");

const element = (body: string) => `param openaiDeployments = [\n${body}\n]\n`;
const valid = "  {\n    model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }\n    name: 'search-gpt-4o'\n    sku: { capacity: 10, name: 'Standard' }\n  }";

describe("deployment names", () => {
  it.each(["gpt-4o", "gpt-4.1", "search_gpt_4o", "A1", "x".repeat(64), "Deployment-2024.11_v2"])("accepts %s", (name) => {
    expect(isValidDeploymentName(name)).toBe(true);
  });
  it.each(["a", "x".repeat(65), "-lead", ".lead", "_lead", "trail.", "has space", "has/slash", "has#hash", "ünïcode", ""])("refuses %j", (name) => {
    expect(isValidDeploymentName(name)).toBe(false);
    expect(explainDeploymentName(name)).toMatch(/Deployment name .* (too short|characters long|contains|not allowed)/);
  });
});

describe("validateParamFile", () => {
  it("finds nothing wrong with the realistic files", () => {
    expect(validateParamFile(fixture("seed-example.bicepparam"), "bicepparam")).toEqual([]);
    expect(validateParamFile(fixture("crlf-tabs.bicepparam"), "bicepparam")).toEqual([]);
    expect(validateParamFile(fixture("avm-deployments.bicepparam"), "bicepparam", "deployments")).toEqual([]);
  });

  it("reports every broken rule with the deployment's name and the property's position", () => {
    const text = element(
      [
        "  {",
        "    model: { format: 'OpenAI', name: '', version: '1' }",
        "    name: 'bad name!'",
        "    sku: { capacity: 2, name: 'Standard' }",
        "  }",
        "  {",
        "    model: { format: 'OpenAI', name: 'm', version: '1' }",
        "    name: 'ok-name'",
        "    sku: { capacity: 0, name: 'Standard' }",
        "    versionUpgradeOption: 'Sometimes'",
        "  }",
        "  {",
        "    model: { format: 'OpenAI', name: 'm', version: '1' }",
        "    name: 'OK-NAME'",
        "  }",
        "  {",
        "    sku: { capacity: '1', name: 'Standard' }",
        "  }",
        "  'not an object'",
      ].join("\n"),
    );
    const findings = validateParamFile(text, "bicepparam");
    expect(findings.map((f) => [f.code, f.deployment, f.line, f.column])).toEqual([
      ["invalid-deployment", "bad name!", 3, 32],
      ["invalid-name", "bad name!", 4, 5],
      ["invalid-deployment", "ok-name", 10, 12],
      ["invalid-deployment", "ok-name", 11, 5],
      ["invalid-deployment", "OK-NAME", 13, 3],
      ["duplicate-name", "OK-NAME", 15, 5],
      ["invalid-deployment", undefined, 17, 3],
      ["invalid-deployment", undefined, 17, 3],
      ["invalid-deployment", undefined, 18, 12],
      ["invalid-deployment", undefined, 20, 3],
    ]);
    expect(findings[0].message).toBe('Deployment "bad name!": model.name must be a non-empty string (it is "").');
    expect(findings[1].message).toContain('Deployment name "bad name!" contains " "');
    expect(findings[3].message).toContain("versionUpgradeOption must be one of OnceNewDefaultVersionAvailable, OnceCurrentVersionExpired, NoAutoUpgrade");
    expect(findings[4].message).toContain("'sku' is required");
    expect(findings[5].message).toBe('Deployment name "OK-NAME" is used twice (lines 7 and 13); names must be unique within the account, ignoring case.');
    expect(findings[6].message).toContain("Item 4 of 'openaiDeployments' (line 17) has no 'name'");
    expect(findings[8].message).toContain('sku.capacity must be a positive whole number of capacity units (it is "1")');
    expect(findings[9].message).toBe("Item 5 of 'openaiDeployments' (line 20) is \"not an object\", not a deployment object.");
  });

  it("reports elements it can't evaluate instead of guessing", () => {
    const text = `param cap = 10\n${element(valid.replace("capacity: 10", "capacity: cap"))}`;
    const [finding] = validateParamFile(text, "bicepparam");
    expect(finding).toEqual({
      code: "unresolvable",
      deployment: "search-gpt-4o",
      line: 6,
      column: 22,
      message: "Deployment \"search-gpt-4o\" can't be checked: 'cap' refers to another value, which is only known when Bicep compiles the file (line 6, column 22).",
    });
    expect(() => readDeploymentElements(text, "bicepparam")).toThrow(ParamFileError);
  });

  it("turns syntax and structure problems into findings", () => {
    expect(validateParamFile("param openaiDeployments = [\n  {\n", "bicepparam")).toEqual([
      { code: "syntax", line: 3, column: 1, message: "Line 3, column 1: Expected '}' to close the object that starts at line 2, column 3 but found the end of the file." },
    ]);
    expect(validateParamFile("param other = []\n", "bicepparam")[0]).toMatchObject({ code: "param-not-found", message: "This file has no 'param openaiDeployments' (it has: other)." });
    expect(validateParamFile("param openaiDeployments = concat(a, b)\n", "bicepparam")[0]).toMatchObject({ code: "not-array", line: 1, column: 27 });
  });
});

describe("evaluateParams", () => {
  it("resolves literals and locates everything else", () => {
    const params = evaluateParams(fixture("all-constructs.bicepparam"), "bicepparam");
    expect(params.count).toEqual({ resolved: true, value: 3 });
    expect(params.negative).toEqual({ resolved: true, value: -42 });
    expect(params.single).toEqual({ resolved: true, value: { name: "one", "quoted-key": 2, nested: { deep: [true, null] } } });
    expect(params.multiline).toEqual({ resolved: true, value: "Line with 'quotes', [brackets], {braces} and // slashes\n${not interpolated}" });
    expect(params.secret).toMatchObject({ resolved: false, reason: "az.getSecret(…) is a function call, evaluated only at deployment", line: 25, column: 16 });
    expect(params.fromEnv).toMatchObject({ resolved: false, line: 26, column: 17 });
    expect(params.interpolated).toMatchObject({ resolved: false, reason: expect.stringContaining("interpolation") });
    expect(params.pick).toMatchObject({ resolved: false, reason: expect.stringContaining("conditional") });
    expect(params.openaiDeployments).toMatchObject({ resolved: false, reason: "prefixed(…) is a function call, evaluated only at deployment" });
  });

  it("never turns __proto__ into a prototype", () => {
    const value = evaluateParams("param x = { '__proto__': { polluted: true } }\n", "bicepparam").x;
    expect(value.resolved && Object.getPrototypeOf(value.value)).toBe(Object.prototype);
    expect(value.resolved && (value.value as Record<string, unknown>)["__proto__"]).toEqual({ polluted: true });
  });
});

describe("detectParamFileKind", () => {
  it("chooses by extension", () => {
    expect(detectParamFileKind("manage-ai-models/a.bicepparam")).toBe("bicepparam");
    expect(detectParamFileKind("C:\\repo\\A.BICEPPARAM")).toBe("bicepparam");
    expect(detectParamFileKind("params/prod.parameters.json")).toBe("json");
    expect(() => detectParamFileKind("main.bicep")).toThrow(expect.objectContaining({ code: "unsupported-file" }));
  });
});

describe("unifiedDiff", () => {
  it("looks like git diff for one file", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\nh\n";
    const after = "a\nb\nc\nd\nE\nf\ng\nh\ni\n";
    expect(unifiedDiff("./manage-ai-models/x.bicepparam", before, after)).toBe(
      [
        "diff --git a/manage-ai-models/x.bicepparam b/manage-ai-models/x.bicepparam",
        "--- a/manage-ai-models/x.bicepparam",
        "+++ b/manage-ai-models/x.bicepparam",
        "@@ -2,7 +2,8 @@",
        " b",
        " c",
        " d",
        "-e",
        "+E",
        " f",
        " g",
        " h",
        "+i",
        "",
      ].join("\n"),
    );
  });

  it("prints nothing for equal texts and marks a missing final newline", () => {
    expect(unifiedDiff("x", "same", "same")).toBe("");
    expect(unifiedDiff("x", "a\n", "a\nb")).toBe("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n");
  });
});
