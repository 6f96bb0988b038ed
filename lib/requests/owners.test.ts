import { describe, expect, it } from "vitest";
import { readOwningTeams } from "./owners";

const FILE = `using './ai-models.bicep'

param openaiDeployments = [
  // team: Search
  {
    model: {
      format: 'OpenAI'
      name: 'gpt-4o'
      version: '2024-11-20'
    }
    name: 'search-gpt-4o'
    sku: {
      capacity: 150
      name: 'GlobalStandard'
    }
  }
  {
    model: {
      name: 'x'
    }
    name: 'nobody'
  }
  // team: Support · request #12 (ModelGate)
  {
    model: { name: 'gpt-4o-mini' }
    name: 'Support-Mini'
  }
]
`;

describe("readOwningTeams", () => {
  it("reads the team comment above each element, not the model's name", () => {
    const owners = readOwningTeams(FILE);
    expect(owners.get("search-gpt-4o")).toBe("Search");
    expect(owners.get("support-mini")).toBe("Support");
    expect(owners.has("nobody")).toBe(false);
    expect(owners.has("gpt-4o")).toBe(false);
  });
});

describe("readOwningTeams on other layouts", () => {
  it("finds the owner of an element written on one line, with the comment ModelGate's edit writes there", () => {
    const file = `param openaiDeployments = [{ name: 'aa', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { capacity: 1, name: 'Standard' } }, /* team: Search · request #7 (ModelGate) */ { name: 'bb', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { capacity: 2, name: 'Standard' } }]\n`;
    expect(readOwningTeams(file).get("bb")).toBe("Search");
  });

  it("finds owners in a file whose deployments parameter has another name", () => {
    const file = FILE.replace("param openaiDeployments", "param deployments");
    expect(readOwningTeams(file).get("search-gpt-4o")).toBe("Search");
  });
});
