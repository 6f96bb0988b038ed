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
