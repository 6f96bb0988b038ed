/**
 * The emulated tenant's directory: its app registration, security groups and users. Plain data, kept here
 * (emulators may not import the portal's code): the people are the portal's demo people, so the demo can
 * sign in through this emulator as the same colleagues. The portal's demo configuration maps the group ids
 * below to its teams; the app role values are the ones the portal expects by default.
 */

/** The tenant (directory) id, as in `https://login.microsoftonline.com/{tenant}/v2.0`. */
export const DEFAULT_TENANT_ID = "8d3b5f7a-1c2e-4a6b-9d8f-0e1f2a3b4c5d";
/** The portal's app registration: application (client) id and a client secret. */
export const DEFAULT_CLIENT_ID = "0c6f1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5";
export const DEFAULT_CLIENT_SECRET = "modelgate-demo-entra-client-secret";

/** Entra ID puts at most this many groups into a JWT; above it the token carries an overage indication. */
export const GROUPS_CLAIM_LIMIT = 200;

/** Security groups (object ids) the demo people belong to. */
export const GROUPS = {
  search: "5b0e9c1a-2d3f-4e5a-8b6c-7d8e9f0a1b21",
  support: "5b0e9c1a-2d3f-4e5a-8b6c-7d8e9f0a1b22",
  platform: "5b0e9c1a-2d3f-4e5a-8b6c-7d8e9f0a1b23",
} as const;

export interface DirectoryUser {
  /** Object id (the `oid` claim): stable per person across every app in the tenant. */
  oid: string;
  name: string;
  /** The sign-in name (`preferred_username`): a UPN, which Entra ID shows and users type. */
  username: string;
  /** App role values assigned to the person (or to a group they are in) on the portal's app registration. */
  roles: string[];
  /** Object ids of every group the person is in (security groups; transitive membership). */
  groups: string[];
}

/** A person in 250 groups (more than a JWT may carry): their tokens say "overage" instead of listing them. */
const manyGroups = [GROUPS.search, ...Array.from({ length: 249 }, (_, i) => `7a1c0000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`)];

/** The directory's users: the demo people, one person with no ModelGate role, and one with group overage. */
export const USERS: readonly DirectoryUser[] = [
  { oid: "a1f0c3e2-0001-4d5e-9a8b-1c2d3e4f5a01", name: "Priya Shah", username: "priya.shah@contoso.example", roles: ["ModelGate.Requester"], groups: [GROUPS.search] },
  { oid: "a1f0c3e2-0002-4d5e-9a8b-1c2d3e4f5a02", name: "Marcus Lee", username: "marcus.lee@contoso.example", roles: ["ModelGate.Requester"], groups: [GROUPS.support] },
  { oid: "a1f0c3e2-0003-4d5e-9a8b-1c2d3e4f5a03", name: "Alex Kim", username: "alex.kim@contoso.example", roles: ["ModelGate.Approver"], groups: [GROUPS.platform] },
  { oid: "a1f0c3e2-0008-4d5e-9a8b-1c2d3e4f5a08", name: "Jordan Ng", username: "jordan.ng@contoso.example", roles: ["ModelGate.Approver"], groups: [] },
  { oid: "a1f0c3e2-0004-4d5e-9a8b-1c2d3e4f5a04", name: "Dana Fox", username: "dana.fox@contoso.example", roles: ["ModelGate.Manager"], groups: [] },
  { oid: "a1f0c3e2-0005-4d5e-9a8b-1c2d3e4f5a05", name: "Sam Rivera", username: "sam.rivera@contoso.example", roles: ["ModelGate.Admin"], groups: [GROUPS.platform] },
  { oid: "a1f0c3e2-0006-4d5e-9a8b-1c2d3e4f5a06", name: "Noor Haddad", username: "noor.haddad@contoso.example", roles: [], groups: [GROUPS.search] },
  { oid: "a1f0c3e2-0007-4d5e-9a8b-1c2d3e4f5a07", name: "Olga Berg", username: "olga.berg@contoso.example", roles: ["ModelGate.Requester"], groups: manyGroups },
];
