/** Names ModelGate gives things: suggested deployment names, the owner comment above an element, branches. Pure. */

/** A deployment name from team and model, e.g. "search-gpt-4o", made unique against the taken names. */
export function suggestDeploymentName(team: string, model: string, taken: Iterable<string>): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "");
  const base = [slug(team), slug(model).replace(/\./g, "")].filter(Boolean).join("-").slice(0, 56) || "deployment";
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The comment written above an element ModelGate adds; `team: <Name>` first so the owning team stays parseable. */
export function ownerComment(team: string, requestNumber?: number): string {
  return `team: ${team} · request ${requestNumber === undefined ? "#…" : `#${requestNumber}`} (ModelGate)`;
}

/** The branch a request's pull request lives on. */
export function branchNameFor(requestNumber: number, deploymentName: string): string {
  const safe = deploymentName.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/-+$/, "");
  return `modelgate/${requestNumber}-${safe}`;
}

