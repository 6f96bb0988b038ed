import { SEED_ACCOUNTS, SEED_SUBSCRIPTION_ID, SEED_TENANT_ID, type SeedAccount, type SeedDeployment } from "../seed/world";

/** People with access to the platform repository besides the API tokens' users (who always have it). */
export const SEED_COLLABORATORS = ["platform-approver", "platform-lead", "octo-admin"];
/** The organisation's teams with access to the platform repository. */
export const SEED_TEAMS = ["platform-team", "ai-platform-approvers"];

/** Directory of the platform repository that holds the template and the parameter files. */
export const TEMPLATE_DIR = "manage-ai-models";
export const WORKFLOW_PATH = ".github/workflows/ai-models.yml";
export const WORKFLOW_NAME = "AI Models";

/** The Bicep template every parameter file points at (`using './ai-models.bicep'`). */
export const AI_MODELS_BICEP = `// Deploys the AI models listed in a parameter file onto an existing Azure OpenAI (AI Foundry) account.
// One parameter file per account; app teams change them through pull requests, the platform team approves.
targetScope = 'subscription'

@description('Azure region of the existing account.')
param location string

@description('Resource group that holds the existing account.')
param openaiResourceGroupName string

@description('Name of the existing Azure OpenAI / AI Foundry account.')
param openaiName string

@description('Model deployments on the account: { model: { format, name, version }, name, sku: { capacity, name } }.')
param openaiDeployments array

// The AVM module creates deployments one at a time (@batchSize(1) on its deployments loop): a failing element
// (for example InsufficientQuota) fails the run and the elements after it are not applied. The deployment is
// Incremental: removing an element from the array does not delete the deployment in Azure.
module openai 'br/public:avm/res/cognitive-services/account:0.10.2' = {
  scope: resourceGroup(openaiResourceGroupName)
  name: 'ai-models-\${openaiName}'
  params: {
    name: openaiName
    location: location
    kind: 'AIServices'
    customSubDomainName: openaiName
    publicNetworkAccess: 'Disabled'
    deployments: openaiDeployments
  }
}
`;

function quote(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** One array element in the seed's style: properties in alphabetical order, one per line, a team comment above. */
export function renderDeploymentElement(d: SeedDeployment, indent = "  "): string {
  const i1 = indent;
  const i2 = indent + "  ";
  const i3 = indent + "    ";
  const lines = [
    `${i1}// team: ${d.team}`,
    `${i1}{`,
    `${i2}model: {`,
    `${i3}format: ${quote(d.model.format)}`,
    `${i3}name: ${quote(d.model.name)}`,
    `${i3}version: ${quote(d.model.version)}`,
    `${i2}}`,
    `${i2}name: ${quote(d.name)}`,
  ];
  if (d.raiPolicyName) lines.push(`${i2}raiPolicyName: ${quote(d.raiPolicyName)}`);
  lines.push(`${i2}sku: {`, `${i3}capacity: ${d.sku.capacity}`, `${i3}name: ${quote(d.sku.name)}`, `${i2}}`);
  if (d.versionUpgradeOption) lines.push(`${i2}versionUpgradeOption: ${quote(d.versionUpgradeOption)}`);
  lines.push(`${i1}}`);
  return lines.join("\n");
}

/** The .bicepparam for one seeded account. */
export function renderParamFile(account: SeedAccount): string {
  const elements = account.deployments.map((d) => renderDeploymentElement(d)).join("\n");
  return [
    "using './ai-models.bicep'",
    "",
    `param location = ${quote(account.location)}`,
    "",
    `param openaiResourceGroupName = ${quote(account.resourceGroup)}`,
    "",
    `param openaiName = ${quote(account.name)}`,
    "",
    account.deployments.length ? `param openaiDeployments = [\n${elements}\n]` : "param openaiDeployments = []",
    "",
  ].join("\n");
}

export function renderReadme(accounts: SeedAccount[]): string {
  const rows = accounts.map((a) => `| \`${a.name}\` | ${a.location} | \`${a.resourceGroup}\` | [\`${a.paramFile}\`](${a.paramFile}) |`).join("\n");
  return `# platform-ai-models

The AI models deployed on Contoso's shared Azure OpenAI (AI Foundry) accounts. This repository is the source of
truth: every change is a pull request, the platform team reviews it, and GitHub Actions deploys it.

| account | region | resource group | parameter file |
| --- | --- | --- | --- |
${rows}

## Requesting a model

Use ModelGate (it opens the pull request for you), or edit the account's parameter file by hand: add one element
to \`openaiDeployments\`, with a \`// team: <your team>\` comment line above it, properties one per line:

\`\`\`bicep
  // team: Search
  {
    model: {
      format: 'OpenAI'
      name: 'gpt-4o-mini'
      version: '2024-07-18'
    }
    name: 'search-gpt-4o-mini'
    sku: {
      capacity: 50
      name: 'GlobalStandard'
    }
  }
\`\`\`

\`name\` is the deployment name your application calls; \`sku.name\` the deployment type (Standard, GlobalStandard,
DataZoneStandard, ProvisionedManaged, …); \`sku.capacity\` the quota in units of 1,000 tokens per minute
(provisioned throughput units for Provisioned types). Optional: \`raiPolicyName\` (content filter) and
\`versionUpgradeOption\` (\`OnceNewDefaultVersionAvailable\`, \`OnceCurrentVersionExpired\`, \`NoAutoUpgrade\`).

## What happens to a pull request

1. **build_and_validate** (on every push to the pull request): Bicep lint, build, build-params and a what-if of
   each changed parameter file. Any finding fails the check.
2. The platform team reviews and approves, then merges.
3. **deploy** (on the push to \`main\`): \`az deployment sub create\` in Incremental mode, one model deployment at a
   time. A failing deployment (for example \`InsufficientQuota\`) stops the run; the ones after it are not applied.

Removing an element does not delete the deployment in Azure (Incremental mode); ask the platform team to delete it.
`;
}

/** The seeded workflow's concurrency group for deployments (one deploy at a time, none cancelled mid-way). */
export const DEPLOY_CONCURRENCY_GROUP = "deploy-ai-models";

export interface WorkflowOptions {
  /** Declare the deploy job's `concurrency:` group (default true); without it, deploy runs overlap. */
  deployConcurrency?: boolean;
}

export function renderWorkflow(accounts: SeedAccount[], options: WorkflowOptions = {}): string {
  const concurrency =
    options.deployConcurrency === false
      ? ""
      : `    # One deployment at a time: Azure refuses a change to an account while another is running (RequestConflict),
    # and ARM a second deployment of the same name (DeploymentActive). A run waiting here is replaced by a newer
    # one; the newer one deploys everything since the last finished run, so nothing is skipped.
    concurrency:
      group: ${DEPLOY_CONCURRENCY_GROUP}
      cancel-in-progress: false
`;
  return `# Adapted from the DevOps and AI series (azurewithaj.com): one workflow, one job per stage, every changed
# parameter file under manage-ai-models/ is validated on pull requests and deployed on main.
name: ${WORKFLOW_NAME}

on:
  workflow_dispatch:
  push:
    branches:
      - main
    paths:
      - ${TEMPLATE_DIR}/*
  pull_request:
    branches:
      - main
    paths:
      - ${TEMPLATE_DIR}/*

permissions:
  id-token: write
  contents: read
  actions: read

env:
  template_file_path: ${TEMPLATE_DIR}/ai-models.bicep
  subscription_id: "${SEED_SUBSCRIPTION_ID}"
  azure_tenant_id: "${SEED_TENANT_ID}"
  oidc_app_reg_client_id: "00000000-0000-4000-8000-0000000a1c1d"
  deployment_name: deploy_ai_models
  # Parameter files: ${accounts.map((a) => a.paramFile).join(", ")}

jobs:
  build_and_validate:
    runs-on: ubuntu-latest
    outputs:
      parameter_files: \${{ steps.changed.outputs.parameter_files }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - name: Changed parameter files
        id: changed
        run: |
          base="\${{ github.event.pull_request.base.sha || github.event.before }}"
          files=$(git diff --name-only "$base" "\${{ github.sha }}" -- '${TEMPLATE_DIR}/*.bicepparam' | tr '\\n' ' ')
          echo "parameter_files=$files" >> "$GITHUB_OUTPUT"
      - uses: azure/login@v2
        with:
          client-id: \${{ env.oidc_app_reg_client_id }}
          tenant-id: \${{ env.azure_tenant_id }}
          subscription-id: \${{ env.subscription_id }}
      - name: Bicep lint and build
        run: |
          az bicep lint --file "\${{ env.template_file_path }}" --diagnostics-format sarif
          az bicep build --file "\${{ env.template_file_path }}"
      - name: Build parameters and what-if
        run: |
          for file in \${{ steps.changed.outputs.parameter_files }}; do
            az bicep build-params --file "$file"
            location=$(jq -r '.parameters.location.value' "\${file%.bicepparam}.json")
            az deployment sub what-if --name "\${{ env.deployment_name }}" --location "$location" \\
              --template-file "\${{ env.template_file_path }}" --parameters "$file"
          done

  deploy:
    needs: build_and_validate
    if: \${{ github.ref == 'refs/heads/main' && needs.build_and_validate.outputs.parameter_files != '' }}
    runs-on: ubuntu-latest
    environment: demo
${concurrency}    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - name: Parameter files to deploy
        id: changed
        env:
          GH_TOKEN: \${{ github.token }}
        run: |
          # Everything since the last run on main that finished without being cancelled, so the changes of a run
          # that a newer one replaced in the deploy queue are deployed too.
          base=$(gh run list --workflow "\${{ github.workflow }}" --branch main --event push --status completed --limit 50 \\
            --json headSha,conclusion,databaseId \\
            --jq '[.[] | select(.conclusion != "cancelled" and .databaseId != \${{ github.run_id }})][0].headSha // empty')
          files=$(git diff --name-only "\${base:-\${{ github.event.before }}}" "\${{ github.sha }}" -- '${TEMPLATE_DIR}/*.bicepparam' | tr '\\n' ' ')
          echo "parameter_files=$files" >> "$GITHUB_OUTPUT"
      - uses: azure/login@v2
        with:
          client-id: \${{ env.oidc_app_reg_client_id }}
          tenant-id: \${{ env.azure_tenant_id }}
          subscription-id: \${{ env.subscription_id }}
      - name: Deploy
        run: |
          for file in \${{ steps.changed.outputs.parameter_files }}; do
            az bicep build-params --file "$file"
            location=$(jq -r '.parameters.location.value' "\${file%.bicepparam}.json")
            # Subscription-scope deployments are always Incremental: removed elements stay deployed.
            az deployment sub create --name "\${{ env.deployment_name }}" --location "$location" \\
              --template-file "\${{ env.template_file_path }}" --parameters "$file"
          done
`;
}

/** Every file of the seeded platform repository, by path. */
export function renderSeedFiles(accounts: SeedAccount[] = SEED_ACCOUNTS, options: WorkflowOptions = {}): Record<string, string> {
  const files: Record<string, string> = {
    "README.md": renderReadme(accounts),
    [WORKFLOW_PATH]: renderWorkflow(accounts, options),
    [`${TEMPLATE_DIR}/ai-models.bicep`]: AI_MODELS_BICEP,
  };
  for (const account of accounts) files[account.paramFile] = renderParamFile(account);
  return files;
}
