/** Words the request form shows about deployment types and capacity. Pure. */
import type { FormSku } from "./types";

/** One-line explanations of the deployment types. */
export const SKU_EXPLANATIONS: Record<string, string> = {
  Standard: "Pay per token, served from this region only; data stays in the region.",
  GlobalStandard: "Pay per token, routed to any Azure region with capacity; highest default quota.",
  DataZoneStandard: "Pay per token, processed within the data zone (e.g. EU or US) of this region.",
  GlobalProvisionedManaged: "Reserved throughput (PTUs) routed globally; billed hourly whether used or not.",
  DataZoneProvisionedManaged: "Reserved throughput (PTUs) within the data zone; billed hourly whether used or not.",
  ProvisionedManaged: "Reserved throughput (PTUs) in this region; predictable latency, billed hourly whether used or not.",
  GlobalBatch: "Asynchronous batch jobs at half price, completed within 24 hours.",
  DataZoneBatch: "Asynchronous batch jobs within the data zone, completed within 24 hours.",
  DeveloperTier: "For evaluating fine-tuned models; no SLA.",
};

/** The explanation of a deployment type, or a generic line for types this list doesn't know. */
export function explainSku(name: string): string {
  return SKU_EXPLANATIONS[name] ?? "A deployment type this region offers for the model.";
}

/** The capacity unit spelled out. */
export function capacityUnitLabel(unit: FormSku["unit"]): string {
  return unit === "ptu" ? "PTUs (provisioned throughput units)" : "thousands of tokens per minute";
}


/**
 * A capacity with its unit, for sentences: "50 PTUs", "1 PTU", "20,000 tokens per minute" (capacity counts
 * thousands of tokens per minute for the non-provisioned types). Takes the unit or the deployment type's name.
 */
export function formatCapacity(capacity: number, unitOrSku: FormSku["unit"] | string): string {
  const ptu = unitOrSku === "ptu" || /provisioned/i.test(unitOrSku);
  return `${formatCapacityNumber(capacity, unitOrSku)} ${ptu ? (capacity === 1 ? "PTU" : "PTUs") : "tokens per minute"}`;
}

/** The number of formatCapacity without its unit ("20,000" for 20 thousand tokens per minute, "50" PTUs). */
export function formatCapacityNumber(capacity: number, unitOrSku: FormSku["unit"] | string): string {
  const ptu = unitOrSku === "ptu" || /provisioned/i.test(unitOrSku);
  return (ptu ? capacity : capacity * 1000).toLocaleString("en-US");
}
