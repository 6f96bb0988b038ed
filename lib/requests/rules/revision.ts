/** What a revision changed in a request, in words the timeline, the PR and notifications share. Pure. */
import { formatCapacity, formatCapacityNumber } from "../form/copy";

/** The fields of a request a revision may change. */
export interface RevisableFields {
  deploymentName: string;
  modelName: string;
  modelVersion: string;
  skuName: string;
  capacity: number;
  versionUpgradeOption: string | null;
  raiPolicyName: string | null;
  justification: string;
}

/** One line per changed field ("capacity 20,000 → 10,000 tokens per minute"); empty when nothing changed. */
export function describeRevision(before: RevisableFields, after: RevisableFields): string[] {
  const out: string[] = [];
  if (before.deploymentName !== after.deploymentName) out.push(`name ${before.deploymentName} → ${after.deploymentName}`);
  if (before.modelName !== after.modelName) out.push(`model ${before.modelName} → ${after.modelName}`);
  if (before.modelVersion !== after.modelVersion) out.push(`version ${before.modelVersion} → ${after.modelVersion}`);
  if (before.skuName !== after.skuName) out.push(`deployment type ${before.skuName} → ${after.skuName}`);
  if (before.capacity !== after.capacity) out.push(`capacity ${(before.skuName === after.skuName ? formatCapacityNumber : formatCapacity)(before.capacity, before.skuName)} → ${formatCapacity(after.capacity, after.skuName)}`);
  if ((before.versionUpgradeOption ?? "") !== (after.versionUpgradeOption ?? "")) out.push(`version upgrade ${before.versionUpgradeOption ?? "Azure default"} → ${after.versionUpgradeOption ?? "Azure default"}`);
  if ((before.raiPolicyName ?? "") !== (after.raiPolicyName ?? "")) out.push(`content filter ${before.raiPolicyName ?? "account default"} → ${after.raiPolicyName ?? "account default"}`);
  if (before.justification.trim() !== after.justification.trim()) out.push("justification rewritten");
  return out;
}

/** "capacity 20 → 10; justification rewritten" or the given fallback when the list is empty. */
export function joinRevision(lines: string[], fallback = "no change"): string {
  return lines.length ? lines.join("; ") : fallback;
}
