import { describe, expect, it } from "vitest";
import { applyParamChange, readDeploymentComments } from "./index";

const MULTI_LINE = `using './ai-models.bicep'

param openaiDeployments = [
  // Deployments of this account
  // team: Search
  {
    name: 'search-gpt-4o'
    model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }
    sku: { capacity: 150, name: 'GlobalStandard' }
  }
  { name: 'nobody', model: { format: 'OpenAI', name: 'x', version: '1' }, sku: { capacity: 1, name: 'Standard' } } // trails nobody
  /* team: Support · request #12 (ModelGate) */
  { name: 'Support-Mini', model: { format: 'OpenAI', name: 'gpt-4o-mini', version: '1' }, sku: { capacity: 1, name: 'Standard' } }
]
`;

describe("readDeploymentComments", () => {
  it("returns the comments above each element, not a trailing comment of the one before", () => {
    expect(readDeploymentComments(MULTI_LINE, "bicepparam")).toEqual([
      { name: "search-gpt-4o", comments: ["Deployments of this account", "team: Search"] },
      { name: "nobody", comments: [] },
      { name: "Support-Mini", comments: ["team: Support · request #12 (ModelGate)"] },
    ]);
  });

  it("reads block comments in a one-line array, including the one ModelGate's own edit writes", () => {
    const file = `param models = [{ name: 'aa', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { capacity: 1, name: 'Standard' } }]\n`;
    const edited = applyParamChange(
      file,
      "bicepparam",
      { op: "add", deployment: { name: "bb", model: { format: "OpenAI", name: "m", version: "1" }, sku: { capacity: 2, name: "Standard" } }, comment: "team: Search · request #7 (ModelGate)" },
      "models",
    );
    expect(edited.split("\n")).toHaveLength(2);
    expect(readDeploymentComments(edited, "bicepparam", "models")).toEqual([
      { name: "aa", comments: [] },
      { name: "bb", comments: ["team: Search · request #7 (ModelGate)"] },
    ]);
  });

  it("has no comments in JSON parameter files", () => {
    const json = JSON.stringify({ parameters: { openaiDeployments: { value: [{ name: "x", model: {}, sku: {} }] } } });
    expect(readDeploymentComments(json, "json")).toEqual([{ name: "x", comments: [] }]);
  });
});
