import { describe, expect, it } from "vitest";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, GROUPS, USERS } from "../emulators/entra/directory";
import { DEMO_ENTRA } from "../lib/env";
import { DEMO_PERSONAS } from "../lib/db/seed";

// The portal's demo defaults and the Entra ID emulator's directory are kept apart (lib may not import
// emulators); the demo launcher relies on them agreeing.
describe("demo Entra ID settings", () => {
  it("name the emulator's tenant, app registration and groups", () => {
    expect(DEMO_ENTRA.tenantId).toBe(DEFAULT_TENANT_ID);
    expect(DEMO_ENTRA.clientId).toBe(DEFAULT_CLIENT_ID);
    expect(DEMO_ENTRA.clientSecret).toBe(DEFAULT_CLIENT_SECRET);
    expect(DEMO_ENTRA.groupTeams.map((g) => [g.team.toLowerCase(), g.groupId])).toEqual(Object.entries(GROUPS));
  });

  it("has every demo person in the emulator's directory, with the role and team they have in demo mode", () => {
    for (const persona of DEMO_PERSONAS) {
      const user = USERS.find((u) => u.username === persona.email);
      expect(user, persona.email).toBeDefined();
      expect(user!.name).toBe(persona.name);
      expect(user!.roles).toEqual([`ModelGate.${persona.role[0].toUpperCase()}${persona.role.slice(1)}`]);
      const teams = DEMO_ENTRA.groupTeams.filter((g) => user!.groups.includes(g.groupId)).map((g) => g.team.toLowerCase());
      expect(teams).toEqual([...persona.teams]);
    }
  });
});
