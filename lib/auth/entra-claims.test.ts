import { describe, expect, it } from "vitest";
import { isRefusal, mapEntraClaims, type EntraClaimRules } from "./entra-claims";

const rules: EntraClaimRules = {
  tenantId: "tenant-1",
  clientId: "client-1",
  roleNames: { requester: "MG.Requester", approver: "MG.Approver", manager: "MG.Manager", admin: "MG.Admin" },
  groupTeams: [
    { groupId: "g-search", team: "Search" },
    { groupId: "g-support", team: "Support" },
  ],
};
const base = { oid: "oid-1", tid: "tenant-1", aud: "client-1", name: "Priya Shah", preferred_username: "Priya.Shah@contoso.example" };

describe("mapEntraClaims", () => {
  it("takes the role from the roles claim and teams from the mapped groups, ignoring other groups", () => {
    expect(mapEntraClaims({ ...base, roles: ["MG.Requester"], groups: ["G-SEARCH", "g-unmapped"] }, rules)).toEqual({
      oid: "oid-1",
      name: "Priya Shah",
      email: "priya.shah@contoso.example",
      role: "requester",
      teams: ["Search"],
    });
  });

  it("gives the role that may do most when the person has several", () => {
    const r = mapEntraClaims({ ...base, roles: ["MG.Requester", "MG.Manager", "MG.Approver"] }, rules);
    expect(!isRefusal(r) && r.role).toBe("approver");
    const admin = mapEntraClaims({ ...base, roles: ["MG.Requester", "MG.Admin"] }, rules);
    expect(!isRefusal(admin) && admin.role).toBe("admin");
  });

  it("uses the configured role names only (the default names mean nothing under other settings)", () => {
    expect(mapEntraClaims({ ...base, roles: ["ModelGate.Admin"] }, rules)).toMatchObject({ reason: "no-role" });
    expect(mapEntraClaims({ ...base }, rules)).toMatchObject({ reason: "no-role", name: "Priya Shah" });
  });

  it("refuses group overage instead of guessing the teams", () => {
    const overage = { ...base, roles: ["MG.Requester"], _claim_names: { groups: "src1" }, _claim_sources: { src1: { endpoint: "https://graph.windows.net/x" } } };
    expect(mapEntraClaims(overage, rules)).toMatchObject({ reason: "group-overage" });
  });

  it("refuses a token for another tenant or application, or without an object id", () => {
    expect(mapEntraClaims({ ...base, tid: "other", roles: ["MG.Admin"] }, rules)).toMatchObject({ reason: "invalid-token" });
    expect(mapEntraClaims({ ...base, aud: "other", roles: ["MG.Admin"] }, rules)).toMatchObject({ reason: "invalid-token" });
    expect(mapEntraClaims({ ...base, oid: undefined, roles: ["MG.Admin"] }, rules)).toMatchObject({ reason: "invalid-token" });
  });

  it("has no teams for a person without mapped groups", () => {
    const r = mapEntraClaims({ ...base, roles: ["MG.Manager"] }, rules);
    expect(!isRefusal(r) && r.teams).toEqual([]);
  });
});
