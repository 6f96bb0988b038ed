import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyParamChange, ParamFileError, readDeploymentElements, type ParamChange } from "./index";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
const seed = fixture("seed-example.bicepparam");
const avm = fixture("avm-deployments.bicepparam");
const crlf = fixture("crlf-tabs.bicepparam");

const gpt4o = {
  name: "search-gpt-4o",
  model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
  sku: { name: "GlobalStandard", capacity: 150 },
};

function refusal(text: string, change: ParamChange, param?: string): ParamFileError {
  try {
    applyParamChange(text, "bicepparam", change, param);
  } catch (error) {
    expect(error).toBeInstanceOf(ParamFileError);
    return error as ParamFileError;
  }
  throw new Error("expected the change to be refused");
}

/** `after` is `before` with exactly one contiguous region replaced; returns that region's two versions. */
function changedRegion(before: string, after: string): { removed: string; added: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { removed: before.slice(start, before.length - end), added: after.slice(start, after.length - end) };
}

describe("add", () => {
  it("appends to the seed's file in the seed's own layout, with the ownership comment", () => {
    const after = applyParamChange(seed, "bicepparam", { op: "add", deployment: gpt4o, comment: "team: Search (request #12)" });
    expect(after).toBe(
      seed.replace(
        "  }\n]\n",
        [
          "  }",
          "  // team: Search (request #12)",
          "  {",
          "    model: {",
          "      format: 'OpenAI'",
          "      name: 'gpt-4o'",
          "      version: '2024-11-20'",
          "    }",
          "    name: 'search-gpt-4o'",
          "    sku: {",
          "      capacity: 150",
          "      name: 'GlobalStandard'",
          "    }",
          "  }",
          "]",
          "",
        ].join("\n"),
      ),
    );
    expect(readDeploymentElements(after, "bicepparam").map((d) => d.name)).toEqual(["gpt-4-32k", "search-gpt-4o"]);
  });

  it("copies CRLF line endings and tab indentation from the siblings", () => {
    const after = applyParamChange(crlf, "bicepparam", { op: "add", deployment: gpt4o, comment: "team: Search" });
    const { removed, added } = changedRegion(crlf, after);
    expect(removed).toBe("");
    expect(added).toBe(
      "\t// team: Search\r\n\t{\r\n\t\tmodel: {\r\n\t\t\tformat: 'OpenAI'\r\n\t\t\tname: 'gpt-4o'\r\n\t\t\tversion: '2024-11-20'\r\n\t\t}\r\n\t\tname: 'search-gpt-4o'\r\n\t\tsku: {\r\n\t\t\tcapacity: 150\r\n\t\t\tname: 'GlobalStandard'\r\n\t\t}\r\n\t}\r\n",
    );
  });

  it("orders properties like the last sibling, placing optional AVM fields alphabetically", () => {
    const after = applyParamChange(
      avm,
      "bicepparam",
      { op: "add", deployment: { versionUpgradeOption: "NoAutoUpgrade", sku: { capacity: 5, name: "Standard" }, raiPolicyName: "Microsoft.DefaultV2", name: "support-o4-mini", model: { version: "2025-04-16", name: "o4-mini", format: "OpenAI" } } },
      "deployments",
    );
    const { added } = changedRegion(avm, after);
    expect(added.split("\n").map((l) => l.trim())).toEqual([
      "{",
      "model: {",
      "format: 'OpenAI'",
      "name: 'o4-mini'",
      "version: '2025-04-16'",
      "}",
      "name: 'support-o4-mini'",
      "raiPolicyName: 'Microsoft.DefaultV2'",
      "sku: {",
      "capacity: 5",
      "name: 'Standard'",
      "}",
      "versionUpgradeOption: 'NoAutoUpgrade'",
      "}",
      "",
    ]);
  });

  it("continues a single-line array in single-line form", () => {
    const text = "param openaiDeployments = [{ name: 'a', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { name: 'S', capacity: 1 } }]\n";
    const after = applyParamChange(text, "bicepparam", { op: "add", deployment: gpt4o, comment: "team: Search */ sneaky" });
    expect(after).toBe(
      "param openaiDeployments = [{ name: 'a', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { name: 'S', capacity: 1 } }, /* team: Search * / sneaky */ { name: 'search-gpt-4o', model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }, sku: { name: 'GlobalStandard', capacity: 150 } }]\n",
    );
  });

  it("fills an empty array in the Bicep formatter's style: 2 spaces, one property per line, known keys first", () => {
    const after = applyParamChange("param openaiDeployments = []\n", "bicepparam", {
      op: "add",
      deployment: { ...gpt4o, dynamicThrottlingEnabled: true, versionUpgradeOption: "OnceCurrentVersionExpired" },
      comment: "team: Search",
    });
    expect(after).toBe(
      [
        "param openaiDeployments = [",
        "  // team: Search",
        "  {",
        "    model: {",
        "      format: 'OpenAI'",
        "      name: 'gpt-4o'",
        "      version: '2024-11-20'",
        "    }",
        "    name: 'search-gpt-4o'",
        "    sku: {",
        "      capacity: 150",
        "      name: 'GlobalStandard'",
        "    }",
        "    versionUpgradeOption: 'OnceCurrentVersionExpired'",
        "    dynamicThrottlingEnabled: true",
        "  }",
        "]",
        "",
      ].join("\n"),
    );
  });

  it("fills an empty multi-line array below its comments", () => {
    const text = "param openaiDeployments = [\r\n  // Application teams: add models below.\r\n]\r\n";
    const after = applyParamChange(text, "bicepparam", { op: "add", deployment: gpt4o });
    expect(after.startsWith("param openaiDeployments = [\r\n  // Application teams: add models below.\r\n  {\r\n    model: {\r\n")).toBe(true);
    expect(after.endsWith("    }\r\n  }\r\n]\r\n")).toBe(true);
  });

  it("escapes strings as Bicep requires", () => {
    const after = applyParamChange(seed, "bicepparam", {
      op: "add",
      deployment: { ...gpt4o, name: "quoted-name", raiPolicyName: "it's ${odd}\\" },
    });
    expect(after).toContain("raiPolicyName: 'it\\'s \\${odd}\\\\'");
    expect(readDeploymentElements(after, "bicepparam")[1].raiPolicyName).toBe("it's ${odd}\\");
  });

  it("adds a trailing comma when siblings are comma-separated", () => {
    const text = "param openaiDeployments = [\n  { name: 'a', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { name: 'S', capacity: 1 } },\n  { name: 'b', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { name: 'S', capacity: 1 } }\n]\n";
    const after = applyParamChange(text, "bicepparam", { op: "add", deployment: gpt4o });
    expect(after).toContain("capacity: 1 } },\n  { name: 'search-gpt-4o'");
    expect(readDeploymentElements(after, "bicepparam")).toHaveLength(3);
  });
});

describe("update", () => {
  it("rewrites only the capacity token", () => {
    const after = applyParamChange(seed, "bicepparam", { op: "update", name: "gpt-4-32k", set: { sku: { capacity: 20 } } });
    expect(changedRegion(seed, after)).toEqual({ removed: "1", added: "2" });
  });

  it("changes a version and inserts new properties in sorted position, one line each", () => {
    const after = applyParamChange(
      avm,
      "bicepparam",
      { op: "update", name: "search-embedding-large", set: { model: { version: "2" }, raiPolicyName: "Microsoft.DefaultV2", versionUpgradeOption: "NoAutoUpgrade" } },
      "deployments",
    );
    expect(after.split("\n").length - avm.split("\n").length).toBe(2);
    expect(after).toContain("      version: '2'\n    }\n    name: 'search-embedding-large'\n    raiPolicyName: 'Microsoft.DefaultV2'\n    sku: {");
    expect(after).toContain("      name: 'Standard'\n    }\n    versionUpgradeOption: 'NoAutoUpgrade'\n  }\n\n  // team: Support");
  });

  it("removes a property set to null (JSON merge-patch) together with other changes", () => {
    const after = applyParamChange(avm, "bicepparam", { op: "update", name: "search-gpt-4o", set: { raiPolicyName: null, sku: { capacity: 1 } } }, "deployments");
    expect(after).toBe(avm.replace("    raiPolicyName: 'Microsoft.DefaultV2'\n    sku: {\n      capacity: 150", "    sku: {\n      capacity: 1"));
  });

  it("keeps a single-line element on one line", () => {
    const after = applyParamChange(crlf, "bicepparam", { op: "update", name: "support-o4-mini", set: { sku: { capacity: 75 }, raiPolicyName: "Microsoft.DefaultV2" } });
    expect(changedRegion(crlf, after)).toEqual({ removed: "sku: { capacity: 50", added: "raiPolicyName: 'Microsoft.DefaultV2', sku: { capacity: 75" });
  });

  it("leaves comments next to the changed token alone", () => {
    const after = applyParamChange(crlf, "bicepparam", { op: "update", name: "research-gpt-4o", set: { sku: { capacity: 40 } } });
    expect(after).toContain("\t\t\tcapacity: 40 /* trial */\r\n");
    expect(changedRegion(crlf, after)).toEqual({ removed: "3", added: "4" });
  });

  it("returns the text unchanged when nothing changes", () => {
    expect(applyParamChange(seed, "bicepparam", { op: "update", name: "gpt-4-32k", set: { sku: { capacity: 10 }, model: { format: "OpenAI" } } })).toBe(seed);
  });

  it("renames, matching the name case-insensitively", () => {
    const after = applyParamChange(seed, "bicepparam", { op: "update", name: "GPT-4-32K", set: { name: "gpt-4-32k-legacy" } });
    expect(readDeploymentElements(after, "bicepparam")[0].name).toBe("gpt-4-32k-legacy");
  });

  it("replaces a non-literal value with the literal it is told to set", () => {
    const text = "var defaultSku = { capacity: 1, name: 'Standard' }\nparam openaiDeployments = [\n  {\n    model: { format: 'OpenAI', name: 'm', version: '1' }\n    name: 'a1'\n    sku: defaultSku\n  }\n]\n";
    expect(() => readDeploymentElements(text, "bicepparam")).toThrow("'defaultSku' refers to another value");
    const replaced = applyParamChange(text, "bicepparam", { op: "update", name: "a1", set: { sku: { capacity: 5, name: "Standard" } } });
    expect(replaced).toContain("    sku: {\n      capacity: 5\n      name: 'Standard'\n    }\n");
  });
});

describe("remove", () => {
  it("deletes the element's lines and its ownership comment, and one separating blank line", () => {
    const after = applyParamChange(avm, "bicepparam", { op: "remove", name: "search-embedding-large" }, "deployments");
    const start = avm.indexOf("  // team: Search (request #102)");
    const end = avm.indexOf("  // team: Support (request #117)");
    expect(after).toBe(avm.slice(0, start) + avm.slice(end));
  });

  it("keeps the seed's list comment on the '[' line when removing the only element", () => {
    const after = applyParamChange(seed, "bicepparam", { op: "remove", name: "gpt-4-32k" });
    expect(after).toBe(seed.replace(/\n {2}\{[\s\S]*\n {2}\}\n\]/, "\n]"));
    expect(after).toContain("[ // This is where the application team can specify the models to deploy\n]");
  });

  it("removes a single-line element with its comment in a CRLF file", () => {
    const after = applyParamChange(crlf, "bicepparam", { op: "remove", name: "support-o4-mini" });
    expect(changedRegion(crlf, after).removed).toBe(
      "\t// team: Support (request #202)\r\n\t{ model: { format: 'OpenAI', name: 'o4-mini', version: '2025-04-16' }, name: 'support-o4-mini', sku: { capacity: 50, name: 'GlobalStandard' } }\r\n",
    );
  });

  it("keeps a comment under '[' that heads the list when elements have no comments of their own", () => {
    const text = "param openaiDeployments = [\n  // Models for the shared account\n  {\n    model: { format: 'OpenAI', name: 'm', version: '1' }\n    name: 'a'\n    sku: { capacity: 1, name: 'S' }\n  }\n  {\n    model: { format: 'OpenAI', name: 'm', version: '1' }\n    name: 'b'\n    sku: { capacity: 1, name: 'S' }\n  }\n]\n";
    const after = applyParamChange(text, "bicepparam", { op: "remove", name: "a" });
    expect(after.startsWith("param openaiDeployments = [\n  // Models for the shared account\n  {\n    model: { format: 'OpenAI', name: 'm', version: '1' }\n    name: 'b'")).toBe(true);
  });

  it("removes from a single-line array with its separator", () => {
    const text = "param openaiDeployments = [{ name: 'a' }, { name: 'b' }, { name: 'c' }]\n";
    const remove = (name: string) => applyParamChange(text, "bicepparam", { op: "remove", name });
    expect(remove("a")).toBe("param openaiDeployments = [{ name: 'b' }, { name: 'c' }]\n");
    expect(remove("b")).toBe("param openaiDeployments = [{ name: 'a' }, { name: 'c' }]\n");
    expect(remove("c")).toBe("param openaiDeployments = [{ name: 'a' }, { name: 'b' }]\n");
    expect(applyParamChange("param openaiDeployments = [ { name: 'a' } ]\n", "bicepparam", { op: "remove", name: "a" })).toBe("param openaiDeployments = []\n");
  });

  it("drops the comma a comma-separated last element leaves behind", () => {
    const text = "param openaiDeployments = [\n  { name: 'a' },\n  { name: 'b' }\n]\n";
    expect(applyParamChange(text, "bicepparam", { op: "remove", name: "b" })).toBe("param openaiDeployments = [\n  { name: 'a' }\n]\n");
  });
});

describe("refusals", () => {
  it("names the deployment when a rule would break", () => {
    const error = refusal(seed, { op: "update", name: "gpt-4-32k", set: { sku: { capacity: 0 } } });
    expect(error.code).toBe("invalid-deployment");
    expect(error.deployment).toBe("gpt-4-32k");
    expect(error.message).toBe('Deployment "gpt-4-32k": sku.capacity must be a positive whole number of capacity units (it is 0).');
    expect([error.line, error.column]).toEqual([16, 7]);
  });

  it("refuses duplicates ignoring case, bad names, missing fields and unknown targets", () => {
    expect(refusal(seed, { op: "add", deployment: { ...gpt4o, name: "GPT-4-32K" } }).code).toBe("duplicate-name");
    expect(refusal(avm, { op: "update", name: "search-gpt-4o", set: { name: "support-gpt-4o-mini" } }, "deployments").code).toBe("duplicate-name");
    const badName = refusal(seed, { op: "add", deployment: { ...gpt4o, name: "my deployment" } });
    expect([badName.code, badName.deployment]).toEqual(["invalid-name", "my deployment"]);
    expect(refusal(seed, { op: "add", deployment: { name: "x1", sku: { name: "S", capacity: 1 } } }).message).toContain("'model' is required");
    expect(refusal(seed, { op: "remove", name: "nope" }).message).toBe('No deployment named "nope" in \'openaiDeployments\' (it has gpt-4-32k).');
    expect(refusal(seed, { op: "remove", name: "gpt-4-32k" }, "missing").code).toBe("param-not-found");
    expect(refusal(seed, { op: "remove", name: "x" }, "location").code).toBe("not-array");
    expect(refusal(seed, { op: "add", deployment: { ...gpt4o, sku: { name: "S", capacity: 1.5 } } }).code).toBe("invalid-change");
    expect(refusal(seed, { op: "rename" } as unknown as ParamChange).code).toBe("invalid-change");
    expect(refusal("param openaiDeployments = [\n", { op: "remove", name: "x" }).code).toBe("syntax");
  });

  it("doesn't let an unrelated pre-existing problem block an edit", () => {
    const broken = seed.replace("capacity: 10", "capacity: 0");
    const after = applyParamChange(broken, "bicepparam", { op: "add", deployment: gpt4o });
    expect(readDeploymentElements(after, "bicepparam")).toHaveLength(2);
  });
});

describe("multi-line strings inside elements", () => {
  const text = [
    "param openaiDeployments = [",
    "  {",
    "    description: '''",
    "Routes [search] traffic; see {runbook} // not a comment",
    "  }",
    "]'''",
    "    model: {",
    "      format: 'OpenAI'",
    "      name: 'gpt-4o'",
    "      version: '2024-11-20'",
    "    }",
    "    name: 'search-gpt-4o'",
    "    sku: {",
    "      capacity: 150",
    "      name: 'GlobalStandard'",
    "    }",
    "  }",
    "]",
    "",
  ].join("\n");

  it("reads the string verbatim and edits around it", () => {
    expect(readDeploymentElements(text, "bicepparam")[0].description).toBe("Routes [search] traffic; see {runbook} // not a comment\n  }\n]");
    const updated = applyParamChange(text, "bicepparam", { op: "update", name: "search-gpt-4o", set: { sku: { capacity: 5 } } });
    expect(changedRegion(text, updated)).toEqual({ removed: "150", added: "5" });
    const added = applyParamChange(text, "bicepparam", { op: "add", deployment: { ...gpt4o, name: "second" } });
    expect(readDeploymentElements(added, "bicepparam").map((d) => d.name)).toEqual(["search-gpt-4o", "second"]);
    expect(added.startsWith(text.slice(0, text.lastIndexOf("]")))).toBe(true);
    expect(applyParamChange(text, "bicepparam", { op: "remove", name: "search-gpt-4o" })).toBe("param openaiDeployments = [\n]\n");
  });
});
