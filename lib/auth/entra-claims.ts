/**
 * What an Entra ID sign-in means for ModelGate: the ID token's claims → who the person is, their role and
 * their teams. Pure, so every rule is tested without a browser.
 */
import type { Role } from "./roles";

export interface EntraClaimRules {
  tenantId: string;
  clientId: string;
  roleNames: Record<Role, string>;
  groupTeams: { groupId: string; team: string }[];
}

export interface EntraIdentity {
  /** Object id: the person's stable key (names and e-mail addresses change). */
  oid: string;
  name: string;
  /** The sign-in name (UPN), shown and used as the e-mail address; never used to decide access. */
  email: string;
  role: Role;
  teams: string[];
}

export type EntraSignInRefusal =
  | { reason: "no-role"; name: string; email: string }
  | { reason: "group-overage"; name: string; email: string }
  | { reason: "invalid-token"; detail: string };

/** Highest first: a person with several app roles gets the one that may do most. */
const ROLE_PRECEDENCE: readonly Role[] = ["admin", "approver", "manager", "requester"];

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function stringArrayClaim(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * Maps ID token claims to a ModelGate identity, or says why the person may not sign in. Group overage
 * (`_claim_names.groups` instead of `groups`) is refused rather than read from Microsoft Graph: ModelGate
 * needs no Graph permission, and the tenant can emit only the groups assigned to the app instead.
 */
export function mapEntraClaims(claims: Record<string, unknown>, rules: EntraClaimRules): EntraIdentity | EntraSignInRefusal {
  const oid = stringClaim(claims, "oid");
  const tid = stringClaim(claims, "tid");
  const aud = stringClaim(claims, "aud");
  if (!oid) return { reason: "invalid-token", detail: "the ID token has no oid claim" };
  if (tid?.toLowerCase() !== rules.tenantId.toLowerCase()) return { reason: "invalid-token", detail: "the ID token is from another tenant" };
  if (aud !== rules.clientId) return { reason: "invalid-token", detail: "the ID token is for another application" };
  const email = (stringClaim(claims, "preferred_username") ?? stringClaim(claims, "email") ?? `${oid}@${tid}`).toLowerCase();
  const name = stringClaim(claims, "name") ?? email;

  const roleValues = new Set(stringArrayClaim(claims, "roles"));
  const role = ROLE_PRECEDENCE.find((r) => roleValues.has(rules.roleNames[r]));
  if (!role) return { reason: "no-role", name, email };

  const claimNames = claims._claim_names;
  if (claims.groups === undefined && claimNames && typeof claimNames === "object" && "groups" in claimNames) {
    return { reason: "group-overage", name, email };
  }
  const groups = new Set(stringArrayClaim(claims, "groups").map((g) => g.toLowerCase()));
  const teams = [...new Set(rules.groupTeams.filter((g) => groups.has(g.groupId)).map((g) => g.team))];
  return { oid, name, email, role, teams };
}

/** True when the mapping refused the sign-in. */
export function isRefusal(result: EntraIdentity | EntraSignInRefusal): result is EntraSignInRefusal {
  return "reason" in result;
}
