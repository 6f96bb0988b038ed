import "server-only";
import type { AzureModel } from "@/lib/azure";
import type { UserWithTeams } from "@/lib/db";
import type { DiscoveredParamFile } from "@/lib/gitops";
import { detectParamFileKind, readDeploymentElements, type DeploymentElement } from "@/lib/paramfile";
import type { RequestDeps } from "./deps";
import { readOwningTeams } from "./owners";
import { capacityHeldBy, listUsagesCached, usageNameFor } from "./quota";
import type { FormAccount, FormDeployment, FormModel, FormQuota, RequestFormData } from "./request-form";
import { PENDING_STATUSES, type RequestStatus } from "./status";
import { rememberFor } from "./ttl-cache";

const FILES_TTL = 15_000;
const CATALOGUE_TTL = 300_000;
const DEPLOYMENTS_TTL = 15_000;

/** The parameter files on main whose target account is known, remembered for a few seconds. */
export function discoverAccountsCached(deps: RequestDeps, fresh = false): Promise<(DiscoveredParamFile & { account: NonNullable<DiscoveredParamFile["account"]> })[]> {
  const read = async () => (await deps.gitops.discoverParamFiles()).filter((f): f is DiscoveredParamFile & { account: NonNullable<DiscoveredParamFile["account"]> } => f.account !== null);
  return fresh ? read() : rememberFor(deps.gitops, "param-files", FILES_TTL, read);
}

/** Azure's models of a region as the form needs them. */
export function listFormModels(deps: RequestDeps, location: string): Promise<FormModel[]> {
  return rememberFor(deps.azure, `form-models:${location}`, CATALOGUE_TTL, async () => toFormModels(await deps.azure.listModels(location)));
}

function toFormModels(models: AzureModel[]): FormModel[] {
  return models
    .filter((m) => m.versions.some((v) => v.skus.length > 0))
    .map((m) => ({
      format: m.format,
      name: m.name,
      versions: m.versions
        .filter((v) => v.skus.length > 0)
        .map((v) => ({
          version: v.version,
          isDefault: v.isDefault,
          lifecycleStatus: v.lifecycleStatus ?? null,
          retiresOn: v.deprecation.inference ?? null,
          skus: v.skus.map((s) => ({
            name: s.name,
            usageName: s.usageName ?? usageNameFor(s.name, m.name),
            unit: s.unit,
            min: s.capacity.minimum ?? 1,
            max: s.capacity.maximum ?? v.maxCapacity ?? 1000,
            step: s.capacity.step ?? 1,
            default: s.capacity.default ?? s.capacity.minimum ?? 1,
          })),
        })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Owning team per deployment name (lower case): the file's team comment first, then ModelGate's request history. */
export async function findOwningTeams(deps: RequestDeps, accountName: string, fileText: string): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const history = await deps.db.request.findMany({
    where: { accountName, kind: { in: ["create", "change"] }, status: { in: ["succeeded", ...PENDING_STATUSES] as RequestStatus[] } },
    orderBy: { createdAt: "asc" },
    select: { deploymentName: true, team: { select: { name: true } } },
  });
  for (const r of history) owners.set(r.deploymentName.toLowerCase(), r.team.name);
  for (const [name, team] of readOwningTeams(fileText)) owners.set(name, team);
  return owners;
}

/** Everything the request form offers for one account, or the problem that stops it. */
export async function loadFormAccount(deps: RequestDeps, user: UserWithTeams, file: DiscoveredParamFile & { account: NonNullable<DiscoveredParamFile["account"]> }): Promise<FormAccount> {
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
    models: [],
    raiPolicies: [],
    quota: {},
    problem: null,
  };
  let elements: DeploymentElement[];
  try {
    elements = readDeploymentElements(file.content, detectParamFileKind(file.path)) as DeploymentElement[];
  } catch (e) {
    return { ...base, problem: `${file.path} can't be read, so requests for this account are paused: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    const [models, azureDeployments, policies, usages, owners, pending] = await Promise.all([
      listFormModels(deps, account.location),
      rememberFor(deps.azure, `deployments:${account.resourceGroup}/${account.name}`, DEPLOYMENTS_TTL, () => deps.azure.listDeployments(ref)),
      rememberFor(deps.azure, `rai:${account.resourceGroup}/${account.name}`, CATALOGUE_TTL, () => deps.azure.listRaiPolicies(ref)),
      listUsagesCached(deps.azure, account.location),
      findOwningTeams(deps, account.name, file.content),
      deps.db.request.findMany({
        where: { location: account.location, status: { in: [...PENDING_STATUSES] as RequestStatus[] } },
        select: { number: true, kind: true, accountName: true, deploymentName: true, location: true, modelName: true, skuName: true, capacity: true, previous: true },
      }),
    ]);
    const teamNames = new Set(user.teams.map((t) => t.name.toLowerCase()));
    const pendingOnAccount = pending.filter((p) => p.accountName === account.name);
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
        mayChange: user.role === "admin" || (team !== null && teamNames.has(team.toLowerCase())),
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
      if (!u.name.startsWith("OpenAI.")) continue;
      const held = pending.filter((p) => usageNameFor(p.skuName, p.modelName) === u.name).reduce((n, p) => n + capacityHeldBy({ ...p, previous: p.previous ?? undefined }), 0);
      quota[u.name] = { usageName: u.name, limit: u.limit, usedInAzure: u.current, heldByPending: held, free: Math.max(0, u.limit - u.current - held) };
    }
    return { ...base, deployments, takenNames, models, raiPolicies: policies.map((p) => p.name).sort(), quota };
  } catch (e) {
    return { ...base, problem: `The options for ${account.name} could not be read from Azure right now (${e instanceof Error ? e.message : String(e)}). Try again in a minute.` };
  }
}

/** The request form's options: discovered accounts with their region's models, quota, names and owners. */
export async function loadRequestFormData(deps: RequestDeps, user: UserWithTeams): Promise<RequestFormData> {
  const files = await discoverAccountsCached(deps);
  const accounts = await Promise.all(files.map((f) => loadFormAccount(deps, user, f)));
  const teams =
    user.role === "admin"
      ? (await deps.db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }))
      : user.teams.map((t) => ({ id: t.id, name: t.name }));
  const now = deps.now?.() ?? new Date();
  return { accounts, teams, today: now.toISOString(), retirementWindowDays: deps.settings.retirementWindowDays };
}
