/**
 * Owning teams from a parameter file: the `// team: <Name>` comment line directly above an element (written by
 * the seed and by ModelGate: `// team: Search · request #12 (ModelGate)`). Pure; a line scan, not a parse,
 * because comments aren't part of the evaluated deployments.
 */

const TEAM_COMMENT = /^\s*\/\/\s*team:\s*([^·\r\n]+?)\s*(?:·.*)?$/;
const NAME_LINE = /^\s*name:\s*'((?:[^'\\]|\\.)*)'/;

/** Deployment name (lower case) → owning team, for elements with a team comment above them. */
export function readOwningTeams(text: string): Map<string, string> {
  const owners = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  let inArray = false;
  let depth = 0;
  let pending: string | null = null;
  let current: string | null = null;
  for (const line of lines) {
    if (!inArray) {
      if (/^\s*param\s+openaiDeployments\s*=\s*\[/.test(line)) inArray = true;
      continue;
    }
    const team = TEAM_COMMENT.exec(line);
    if (team && depth === 0) {
      pending = team[1];
      continue;
    }
    const code = line.replace(/'(?:[^'\\]|\\.)*'/g, "''").replace(/\/\/.*$/, "");
    if (depth === 1) {
      const name = NAME_LINE.exec(line);
      if (name && current) owners.set(name[1].replace(/\\(.)/g, "$1").toLowerCase(), current);
    }
    for (const ch of code) {
      if (ch === "{") {
        if (depth === 0) {
          current = pending;
          pending = null;
        }
        depth++;
      } else if (ch === "}") {
        depth--;
        if (depth === 0) current = null;
      } else if (ch === "]" && depth === 0) {
        return owners;
      }
    }
  }
  return owners;
}
