import type { PlanDeployment } from "./types";

const key = (d: { name: string }) => d.name.toLowerCase();

function same(a: PlanDeployment, b: PlanDeployment): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The deployments of the file as merging the pull request leaves it, element by element: main's file with the
 * pull request's own changes (base → head) applied. When the branch starts at main's tip this is the head's file;
 * when main moved since, it is what GitHub's merge makes of both (where the text merges cleanly).
 */
export function mergeFileDeployments(base: readonly PlanDeployment[] | null, main: readonly PlanDeployment[] | null, head: readonly PlanDeployment[]): PlanDeployment[] {
  if (!base || !main) return [...head];
  const baseBy = new Map(base.map((d) => [key(d), d]));
  const headBy = new Map(head.map((d) => [key(d), d]));
  const out: PlanDeployment[] = [];
  const seen = new Set<string>();
  for (const m of main) {
    const k = key(m);
    seen.add(k);
    const b = baseBy.get(k);
    const h = headBy.get(k);
    if (b && !h) continue; // the pull request removes it
    if (h && (!b || !same(b, h))) out.push(h); // the pull request adds or changes it
    else out.push(m);
  }
  for (const h of head) {
    const k = key(h);
    if (seen.has(k)) continue;
    // Added by the pull request; one that main dropped since the branch was made stays dropped unless changed.
    const b = baseBy.get(k);
    if (!b || !same(b, h)) out.push(h);
  }
  return out;
}
