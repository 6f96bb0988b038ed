import { describe, expect, it } from "vitest";
import { mayChangeDeployment, resolveOwners, sameTeam, teamFromComments } from "./ownership";
import { readFileDeployments } from "./param-files";

/** The owners a parameter file names, as the one ownership rule reads them. */
function readOwningTeams(text: string, param = "openaiDeployments"): Map<string, string> {
  return readFileDeployments({ path: "manage-ai-models/x.bicepparam", content: text }, param).owners;
}

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

describe("owning teams from a parameter file", () => {
  it("reads the team comment above each element, not the model's name", () => {
    const owners = readOwningTeams(FILE);
    expect(owners.get("search-gpt-4o")).toBe("Search");
    expect(owners.get("support-mini")).toBe("Support");
    expect(owners.has("nobody")).toBe(false);
    expect(owners.has("gpt-4o")).toBe(false);
  });
});

describe("owning teams in other layouts", () => {
  it("finds the owner of an element written on one line, with the comment ModelGate's edit writes there", () => {
    const file = `param openaiDeployments = [{ name: 'aa', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { capacity: 1, name: 'Standard' } }, /* team: Search · request #7 (ModelGate) */ { name: 'bb', model: { format: 'OpenAI', name: 'm', version: '1' }, sku: { capacity: 2, name: 'Standard' } }]\n`;
    expect(readOwningTeams(file).get("bb")).toBe("Search");
  });

  it("finds owners in a file whose deployments parameter has another name", () => {
    const file = FILE.replace("param openaiDeployments", "param deployments");
    expect(readOwningTeams(file, "deployments").get("search-gpt-4o")).toBe("Search");
  });
});

describe("the ownership rule", () => {
  it("takes the file's team comment over the request history, else the latest succeeded request", () => {
    const history = [
      { deploymentName: "Search-GPT-4o", teamName: "Support", completedAt: new Date("2026-01-01") },
      { deploymentName: "nobody", teamName: "Support", completedAt: new Date("2026-01-01") },
      { deploymentName: "nobody", teamName: "Search", completedAt: new Date("2026-02-01") },
    ];
    const owners = resolveOwners(readOwningTeams(FILE), history);
    expect(owners.get("search-gpt-4o")).toBe("Search");
    expect(owners.get("nobody")).toBe("Search");
  });

  it("compares team names one way everywhere: trimmed, ignoring case", () => {
    expect(sameTeam(" search ", "Search")).toBe(true);
    expect(sameTeam("Search", null)).toBe(false);
    const member = { role: "requester", teams: [{ name: "search" }] };
    expect(mayChangeDeployment(member, "Search")).toBe(true);
    expect(mayChangeDeployment(member, "Support")).toBe(false);
    expect(mayChangeDeployment(member, null)).toBe(false);
    expect(mayChangeDeployment({ role: "admin", teams: [] }, null)).toBe(true);
  });

  it("reads the team from ModelGate's own comment and ignores other comments", () => {
    expect(teamFromComments(["Deployments of this account", "team: Search · request #12 (ModelGate)"])).toBe("Search");
    expect(teamFromComments(["teams: everyone"])).toBeNull();
  });
});
