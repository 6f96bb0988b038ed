/**
 * What the platform's deploy workflow sends Azure for one parameter file: the ARM template `bicep build` makes
 * of manage-ai-models/ai-models.bicep and the parameters `az bicep build-params` makes of the file. Shared by
 * the GitHub emulator's deploy job and the Azure emulator's seeded deployment history.
 */

/**
 * The compiled ARM template of manage-ai-models/ai-models.bicep, as `bicep build` would produce it: one module
 * deployment into the account's resource group running the AVM cognitive-services/account module (reduced to
 * its account resource and its `deployments` loop with `@batchSize(1)`; its telemetry, locks, diagnostics,
 * role assignments and private endpoints are left out).
 */
export function aiModelsTemplate(): Record<string, unknown> {
  return {
    $schema: "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    metadata: { _generator: { name: "bicep", version: "0.36.1.42791" } },
    parameters: {
      location: { type: "string", metadata: { description: "Azure region of the existing account." } },
      openaiResourceGroupName: { type: "string", metadata: { description: "Resource group that holds the existing account." } },
      openaiName: { type: "string", metadata: { description: "Name of the existing Azure OpenAI / AI Foundry account." } },
      openaiDeployments: { type: "array", metadata: { description: "Model deployments on the account." } },
    },
    resources: [
      {
        type: "Microsoft.Resources/deployments",
        apiVersion: "2022-09-01",
        name: "[format('ai-models-{0}', parameters('openaiName'))]",
        resourceGroup: "[parameters('openaiResourceGroupName')]",
        properties: {
          expressionEvaluationOptions: { scope: "inner" },
          mode: "Incremental",
          parameters: {
            name: { value: "[parameters('openaiName')]" },
            location: { value: "[parameters('location')]" },
            kind: { value: "AIServices" },
            customSubDomainName: { value: "[parameters('openaiName')]" },
            publicNetworkAccess: { value: "Disabled" },
            deployments: { value: "[parameters('openaiDeployments')]" },
          },
          template: {
            $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            contentVersion: "1.0.0.0",
            metadata: { name: "Cognitive Services", description: "This module deploys a Cognitive Service." },
            parameters: {
              name: { type: "string" },
              kind: { type: "string" },
              location: { type: "string", defaultValue: "[resourceGroup().location]" },
              customSubDomainName: { type: "string", nullable: true },
              publicNetworkAccess: { type: "string", nullable: true },
              deployments: { type: "array", nullable: true },
            },
            resources: [
              {
                type: "Microsoft.CognitiveServices/accounts",
                apiVersion: "2025-04-01-preview",
                name: "[parameters('name')]",
                kind: "[parameters('kind')]",
                location: "[parameters('location')]",
                sku: { name: "S0" },
                properties: { customSubDomainName: "[parameters('customSubDomainName')]", publicNetworkAccess: "[parameters('publicNetworkAccess')]" },
              },
              {
                copy: { name: "cognitiveService_deployments", count: "[length(coalesce(parameters('deployments'), createArray()))]", mode: "serial", batchSize: 1 },
                type: "Microsoft.CognitiveServices/accounts/deployments",
                apiVersion: "2025-04-01-preview",
                name: "[format('{0}/{1}', parameters('name'), coalesce(tryGet(coalesce(parameters('deployments'), createArray())[copyIndex()], 'name'), format('{0}-deployments', parameters('name'))))]",
                properties: {
                  model: "[coalesce(parameters('deployments'), createArray())[copyIndex()].model]",
                  raiPolicyName: "[tryGet(coalesce(parameters('deployments'), createArray())[copyIndex()], 'raiPolicyName')]",
                  versionUpgradeOption: "[tryGet(coalesce(parameters('deployments'), createArray())[copyIndex()], 'versionUpgradeOption')]",
                },
                sku: "[coalesce(tryGet(coalesce(parameters('deployments'), createArray())[copyIndex()], 'sku'), createObject('name', 'Standard', 'capacity', 1))]",
                dependsOn: ["[resourceId('Microsoft.CognitiveServices/accounts', parameters('name'))]"],
              },
            ],
          },
        },
      },
    ],
  };
}

/** The parameters `az bicep build-params` produces from one .bicepparam. */
export function aiModelsParameters(account: { name: string; resourceGroup: string; location: string }, elements: readonly unknown[]): Record<string, { value: unknown }> {
  return {
    location: { value: account.location },
    openaiResourceGroupName: { value: account.resourceGroup },
    openaiName: { value: account.name },
    openaiDeployments: { value: elements },
  };
}

