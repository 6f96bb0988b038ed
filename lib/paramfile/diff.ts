import { formatPatch, structuredPatch } from "diff";

/**
 * A `git diff`-style unified diff of one file (a/ and b/ prefixes, 3 lines of context), for previews in the
 * portal and PR bodies. Equal texts give "" like git. The index line is omitted: it would need blob hashes.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  const name = path.replace(/\\/g, "/").replace(/^(\.\/|\/)+/, "");
  const patch = structuredPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 });
  patch.isGit = true;
  // git writes a one-line range as "-12" rather than "-12,1".
  return formatPatch(patch).replace(/^@@ .* @@$/gm, (header) => header.replace(/ ([-+]\d+),1(?= )/g, " $1"));
}
