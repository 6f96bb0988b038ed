/**
 * The deployment history the seeded world starts with: the platform had run its deploy workflow before
 * ModelGate arrived, so Azure holds a Succeeded `deploy_ai_models` (the last file it deployed) and that run's
 * module deployment. Clients that validate a file with the template the workflow last ran can do so at once.
 */
import { createHash } from "node:crypto";
import { aiModelsParameters, aiModelsTemplate } from "../../seed/ai-models-template";
import type { SeedAccount } from "../../seed/world";
import type { StoredArmDeployment } from "../state";

/** A 19-digit template hash, stable for the same template (ARM's templateHash looks like this). */
export function templateHash(template: unknown): string {
  const digest = createHash("sha256").update(JSON.stringify(template)).digest();
  return (digest.readBigUInt64BE(0) % 10_000_000_000_000_000_000n).toString().padStart(19, "0");
}

const SEEDED_RUN_START = Date.parse("2026-09-14T03:20:41.0000000Z");
const STEP = 1500;

/** The seeded history: one Succeeded run of the workflow for `account`, with its module deployment and operations. */
export function seedDeploymentHistory(subscriptionId: string, account: SeedAccount, deploymentName = "deploy_ai_models"): StoredArmDeployment[] {
  const template = aiModelsTemplate();
  const parameters = aiModelsParameters(account, account.deployments.map((d) => ({ model: { ...d.model }, name: d.name, sku: { ...d.sku } })));
  const typed = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { type: Array.isArray(v.value) ? "Array" : "String", value: v.value }]));
  const moduleName = `ai-models-${account.name}`;
  const accountId = `/subscriptions/${subscriptionId}/resourceGroups/${account.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${account.name}`;
  const moduleId = `/subscriptions/${subscriptionId}/resourceGroups/${account.resourceGroup}/providers/Microsoft.Resources/deployments/${moduleName}`;
  const ended = SEEDED_RUN_START + (account.deployments.length + 1) * STEP;
  const op = (i: number, resourceType: string, resourceName: string, id: string) => ({
    operationId: (0x1000000000000000n + BigInt(i)).toString(16).toUpperCase(),
    provisioningOperation: "Create" as const,
    provisioningState: "Succeeded" as const,
    startedAt: SEEDED_RUN_START + i * STEP,
    endedAt: SEEDED_RUN_START + (i + 1) * STEP,
    statusCode: "OK",
    targetResource: { id, resourceType, resourceName, apiVersion: "2025-04-01-preview" },
    serviceRequestId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  });
  const innerOps = [
    op(0, "Microsoft.CognitiveServices/accounts", account.name, accountId),
    ...account.deployments.map((d, i) => op(i + 1, "Microsoft.CognitiveServices/accounts/deployments", `${account.name}/${d.name}`, `${accountId}/deployments/${d.name}`)),
  ];
  const correlationId = "5eed0000-0000-4000-8000-00000000a1a1";
  const nested = (template.resources as { properties: { template: Record<string, unknown> } }[])[0].properties.template;
  return [
    {
      scope: "subscription",
      name: deploymentName,
      location: "australiaeast",
      mode: "Incremental",
      template,
      parameters: typed,
      templateHash: templateHash(template),
      correlationId,
      provisioningState: "Succeeded",
      startedAt: SEEDED_RUN_START,
      endedAt: ended,
      operations: [{ ...op(0, "Microsoft.Resources/deployments", moduleName, moduleId), endedAt: ended }],
      outputResources: innerOps.map((o) => o.targetResource.id),
      asyncOperationId: "5eed0000-0000-4000-8000-00000000a1a2",
      nested: [moduleId],
    },
    {
      scope: "resourceGroup",
      resourceGroup: account.resourceGroup,
      name: moduleName,
      mode: "Incremental",
      template: nested,
      parameters: {},
      templateHash: templateHash(nested),
      correlationId,
      provisioningState: "Succeeded",
      startedAt: SEEDED_RUN_START,
      endedAt: ended,
      operations: innerOps,
      outputResources: innerOps.map((o) => o.targetResource.id),
      asyncOperationId: "5eed0000-0000-4000-8000-00000000a1a3",
      parentId: `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/deployments/${deploymentName}`,
    },
  ];
}
