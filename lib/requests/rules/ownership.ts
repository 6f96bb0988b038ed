/**
 * Who owns a deployment — one rule for the form, submission, the inventory and the deployment page. The
 * parameter file is the source of truth: the `team: <Name>` comment above an element (the seed and
 * ModelGate write it) names the owner. A deployment without one is owned by the team of the latest request
 * that created or changed it and succeeded. Team names compare trimmed and ignoring case, everywhere.
 * Pure: no server imports (the browser uses it too).
 */

/** A team name as ModelGate compares it. */
export function teamKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Whether two team names are the same team. */
export function sameTeam(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && teamKey(a) === teamKey(b);
}

const TEAM_COMMENT = /^team:\s*([^·\r\n]+?)\s*(?:·.*)?$/i;

/** The team a `team: <Name> · …` comment names (the last such comment wins), or null. */
export function teamFromComments(comments: readonly string[]): string | null {
  for (let i = comments.length - 1; i >= 0; i--) {
    const match = TEAM_COMMENT.exec(comments[i].trim());
    if (match) return match[1];
  }
  return null;
}

/** One request in a deployment's history, as ownership needs it. */
export interface OwnershipEvidence {
  deploymentName: string;
  teamName: string;
  /** When it succeeded; the latest wins. */
  completedAt: Date | null;
}

/**
 * Owning team per deployment (keyed by lower-cased name): the file's team comment, else the latest
 * succeeded create/change request's team.
 */
export function resolveOwners(fileOwners: ReadonlyMap<string, string>, history: readonly OwnershipEvidence[]): Map<string, string> {
  const owners = new Map<string, string>();
  const latest = new Map<string, number>();
  for (const h of history) {
    const key = h.deploymentName.toLowerCase();
    const at = h.completedAt?.getTime() ?? 0;
    if ((latest.get(key) ?? -1) <= at) {
      latest.set(key, at);
      owners.set(key, h.teamName);
    }
  }
  for (const [name, team] of fileOwners) owners.set(name.toLowerCase(), team);
  return owners;
}

/** Whether the user belongs to the team. */
export function isTeamMember(user: { teams: readonly { name: string }[] }, team: string | null | undefined): boolean {
  return team != null && user.teams.some((t) => sameTeam(t.name, team));
}

/** Whether the user may change or decommission a deployment owned by `team`: its members, and admins. */
export function mayChangeDeployment(user: { role: string; teams: readonly { name: string }[] }, team: string | null): boolean {
  return user.role === "admin" || isTeamMember(user, team);
}
