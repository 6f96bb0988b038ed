import "server-only";
import type { AzureModel, AzureUsage } from "@/lib/azure";
import type { UserWithTeams } from "@/lib/db";
import type { DomainDeps } from "./deps";
import type { FormAccount, FormDeployment, FormModel, FormQuota } from "./form/types";
import { loadAccountOwners } from "./load-owners";
import { mayChangeDeployment } from "./rules/ownership";
import { readFileDeployments, resolveAccountFile, type KnownAccountFile } from "./rules/param-files";
import { describeQuota, listUsagesCached, loadHeldByPending } from "./rules/quota";
import { PENDING_STATUSES } from "./status";
import { asSentence } from "./service-errors";
import { rememberFor } from "./ttl-cache";

const FILES_TTL = 15_000;
const CATALOGUE_TTL = 300_000;
const DEPLOYMENTS_TTL = 15_000;

/** The parameter files on main whose target account is known (remembered for a few seconds unless `fresh`). */
export function discoverAccounts(deps: Pick<DomainDeps, "gitops">, fresh = false): Promise<KnownAccountFile[]> {
  const read = async () =>
    (await deps.gitops.listParamFiles()).map((f) => resolveAccountFile(f)).filter((f): f is KnownAccountFile => f.account !== null);
  return fresh ? read() : rememberFor(deps.gitops, "param-files", FILES_TTL, read);
}

/** Azure's models list of a region, remembered for a few minutes. */
export function listRegionModels(deps: Pick<DomainDeps, "azure">, location: string): Promise<AzureModel[]> {
  return rememberFor(deps.azure, `models:${location}`, CATALOGUE_TTL, () => deps.azure.listModels(location));
}

/**
 * What the form offers an account: Azure OpenAI models (format OpenAI) that the models list publishes for the
 * account's kind, with each SKU's quota under the usage name Azure publishes for it. A SKU whose quota can't be
 * read — no usage name in the models list, or none in the region's usages — is not offered (ModelGate never
 * guesses a usage name). Missing capacity bounds mean what Azure means: minimum and step 1, the maximum the
 * quota's limit.
 */
export function toFormModels(models: AzureModel[], account: { kind: string | null; usages: readonly AzureUsage[] }): FormModel[] {
  const limits = new Map(account.usages.map((u) => [u.name.toLowerCase(), u.limit]));
  const offeredToKind = (m: AzureModel) => account.kind === null || m.kinds.length === 0 || m.kinds.some((k) => k.toLowerCase() === account.kind!.toLowerCase());
  return models
    .filter((m) => m.format === "OpenAI" && offeredToKind(m))
    .map((m) => ({
      format: m.format,
      name: m.name,
      versions: m.versions
        .map((v) => ({
          version: v.version,
          isDefault: v.isDefault,
          lifecycleStatus: v.lifecycleStatus ?? null,
          retiresOn: v.deprecation.inference ?? null,
          skus: v.skus.flatMap((s) => {
            const limit = s.usageName ? limits.get(s.usageName.toLowerCase()) : undefined;
            if (!s.usageName || limit === undefined) return [];
            const min = s.capacity.minimum ?? 1;
            return [
              {
                name: s.name,
                usageName: s.usageName,
                unit: s.unit,
                min,
                max: s.capacity.maximum ?? Math.max(min, limit),
                step: s.capacity.step ?? 1,
                default: s.capacity.default ?? min,
                retiresOn: s.deprecationDate ?? null,
              },
            ];
          }),
        }))
        .filter((v) => v.skus.length > 0),
    }))
    .filter((m) => m.versions.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Everything the request form offers for one account, or the problem that stops it. `excludeRequestId` leaves
 * one request out (a revision of it is being checked): its name, its hold on quota and its pending mark.
 */
export async function loadAccountOptions(deps: DomainDeps, user: UserWithTeams, file: KnownAccountFile, options: { excludeRequestId?: string } = {}): Promise<FormAccount> {
  const exclude = options.excludeRequestId;
  const { account } = file;
  const ref = { resourceGroup: account.resourceGroup, name: account.name };
  const base: FormAccount = {
    name: account.name,
    location: account.location,
    resourceGroup: account.resourceGroup,
    subscriptionId: account.subscriptionId ?? deps.settings.subscriptionId,
    paramFilePath: file.path,
    fileText: file.content,
    deployments: [],
    takenNames: [],
    runningModels: [],
    models: [],
    raiPolicies: [],
    quota: {},
    problem: null,
  };
  let read: ReturnType<typeof readFileDeployments>;
  try {
    read = readFileDeployments(file, deps.settings.deploymentsParam);
  } catch (e) {
    return { ...base, problem: `${file.path} can't be read, so requests for this account are paused. ${asSentence(e instanceof Error ? e.message : String(e))}` };
  }
  const { elements } = read;
  try {
    const [regionModels, azureAccount, azureDeployments, policies, usages, owners, held, pendingOnAccount] = await Promise.all([
      listRegionModels(deps, account.location),
      rememberFor(deps.azure, `account:${account.resourceGroup}/${account.name}`, CATALOGUE_TTL, () => deps.azure.getAccount(ref)),
      rememberFor(deps.azure, `deployments:${account.resourceGroup}/${account.name}`, DEPLOYMENTS_TTL, () => deps.azure.listDeployments(ref)),
      rememberFor(deps.azure, `rai:${account.resourceGroup}/${account.name}`, CATALOGUE_TTL, () => deps.azure.listRaiPolicies(ref)),
      listUsagesCached(deps.azure, account.location),
      loadAccountOwners(deps.db, account.name, read.owners),
      loadHeldByPending(deps.db, { locations: [account.location], excludeRequestId: exclude }),
      deps.db.request.findMany({
        where: { accountName: account.name, status: { in: [...PENDING_STATUSES] }, ...(exclude ? { id: { not: exclude } } : {}) },
        select: { number: true, kind: true, deploymentName: true },
      }),
    ]);
    const deployments: FormDeployment[] = elements.map((el) => {
      const team = owners.get(el.name.toLowerCase()) ?? null;
      return {
        name: el.name,
        modelFormat: el.model.format,
        modelName: el.model.name,
        modelVersion: el.model.version,
        skuName: el.sku.name,
        capacity: el.sku.capacity,
        versionUpgradeOption: el.versionUpgradeOption ?? null,
        raiPolicyName: el.raiPolicyName ?? null,
        team,
        mayChange: mayChangeDeployment(user, team),
        pendingRequest: pendingOnAccount.find((p) => p.deploymentName.toLowerCase() === el.name.toLowerCase())?.number ?? null,
      };
    });
    const takenNames = [
      ...elements.map((e) => ({ name: e.name, where: "in the parameter file" })),
      ...azureDeployments.map((d) => ({ name: d.name, where: "deployed in Azure" })),
      ...pendingOnAccount.filter((p) => p.kind === "create").map((p) => ({ name: p.deploymentName, where: `requested in #${p.number}` })),
    ];
    const quota: Record<string, FormQuota> = {};
    for (const u of usages) {
      const { limit, usedInAzure, heldByPending, free } = describeQuota(account.location, u.name, u, held.get(account.location, u.name));
      quota[u.name] = { usageName: u.name, limit, usedInAzure, heldByPending, free };
    }
    const models = toFormModels(regionModels, { kind: azureAccount.kind || null, usages });
    // Models the account runs in Azure: a Deprecating version may only be deployed where its model runs already.
    const runningModels = [...new Set(azureDeployments.filter((d) => d.provisioningState !== "Failed").map((d) => d.model.name))].sort();
    return { ...base, deployments, takenNames, models, runningModels, raiPolicies: policies.map((p) => p.name).sort(), quota };
  } catch (e) {
    return { ...base, problem: `The options for ${account.name} could not be read from Azure right now. ${asSentence(e instanceof Error ? e.message : String(e))} Try again in a minute.` };
  }
}
