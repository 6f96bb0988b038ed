import { randomUUID } from "node:crypto";
import { Suspense } from "react";
import { RequestForm, type RequestFormPrefill } from "@/components/requests/request-form";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { requireCapability } from "@/lib/auth";
import { formatCapacity } from "@/lib/requests";
import type { UserWithTeams } from "@/lib/auth";
import { loadRequestFormData } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Request a model" };

type Search = { account?: string; deployment?: string; action?: string; version?: string; model?: string };

export default async function NewRequestPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireCapability("request:create", "/requests/new");
  const params = await searchParams;
  const action = params.action === "change" || params.action === "upgrade" ? "change" : params.action === "decommission" ? "decommission" : "create";
  const prefill: RequestFormPrefill = {
    account: typeof params.account === "string" ? params.account : undefined,
    deployment: typeof params.deployment === "string" ? params.deployment : undefined,
    action,
    version: params.action === "upgrade" && typeof params.version === "string" ? params.version : undefined,
    model: params.action === "upgrade" && typeof params.model === "string" ? params.model : undefined,
  };
  return (
    <>
      <PageHeader
        title="Request a model"
        description="Ask for a model deployment on one of the shared Azure OpenAI accounts. ModelGate opens the pull request for the platform team and follows it until Azure has deployed it."
      />
      <Suspense fallback={<PageLoading label="Loading accounts, models and quota…" />}>
        <FormLoader user={user} prefill={prefill} />
      </Suspense>
    </>
  );
}

async function FormLoader({ user, prefill }: { user: UserWithTeams; prefill: RequestFormPrefill }) {
  let data;
  try {
    data = await loadRequestFormData(await getServerContext(), user);
  } catch (e) {
    console.error("loading the request form failed:", e);
    return (
      <Notice tone="error" title="The form can't be shown right now">
        ModelGate could not read the platform repository on GitHub. Try again in a minute; if it persists, the health page
        (/api/health) says what is wrong.
      </Notice>
    );
  }
  if (data.teams.length === 0) {
    return <Notice tone="warning" title="You are not in a team">Requests are made for a team. Ask an admin to add you to your team first.</Notice>;
  }
  const account = prefill.account ? data.accounts.find((a) => a.name === prefill.account) : undefined;
  const target = account && prefill.deployment ? account.deployments.find((d) => d.name.toLowerCase() === prefill.deployment!.toLowerCase()) : undefined;
  const refusal =
    prefill.action !== "create" && prefill.deployment
      ? !account
        ? `There is no account "${prefill.account}" in the platform repository.`
        : !target
          ? `There is no deployment "${prefill.deployment}" on ${account.name}.`
          : !target.mayChange
            ? `${target.name} belongs to ${target.team ? `the ${target.team} team` : "no team on record"}; only its team (or an admin) can change or decommission it.`
            : null
      : null;
  // Azure can't change a deployment's model, only its version: a replacement that is another model is a new
  // deployment (then the old one is decommissioned).
  const newModel = !refusal && target && prefill.model && prefill.model !== target.modelName ? prefill.model : undefined;
  // An upgrade keeps what the deployment has: its deployment type, capacity, upgrade option and content filter;
  // only the model (and version) change.
  const effective: RequestFormPrefill = refusal
    ? { ...prefill, deployment: undefined }
    : newModel && target
      ? {
          account: prefill.account,
          action: "create",
          model: newModel,
          version: prefill.version,
          sku: target.skuName,
          capacity: target.capacity,
          upgrade: target.versionUpgradeOption ?? undefined,
          contentFilter: target.raiPolicyName ?? undefined,
        }
      : prefill;
  const replacementSkus = newModel && account ? account.models.find((m) => m.name === newModel)?.versions.find((v) => v.version === prefill.version)?.skus ?? [] : [];
  const typeMissing = newModel && target && !replacementSkus.some((s) => s.name === target.skuName);
  return (
    <>
      {refusal ? (
        <div className="mb-4">
          <Notice tone="warning" title="You can't change that deployment">{refusal}</Notice>
        </div>
      ) : null}
      {newModel && target ? (
        <div className="mb-4">
          <Notice tone="info" title={`${target.name}'s replacement is another model`}>
            Azure can&apos;t switch a deployment from {target.modelName} to {newModel}. Request a new {newModel} deployment here; once
            your application uses it, decommission {target.name}. The form keeps {target.name}&apos;s settings: {target.skuName} ×{" "}
            {formatCapacity(target.capacity, target.skuName)}
            {target.versionUpgradeOption ? `, version upgrade ${target.versionUpgradeOption}` : ""}
            {target.raiPolicyName ? `, content filter ${target.raiPolicyName}` : ""}.
            {typeMissing ? ` ${newModel} ${prefill.version ?? ""} is not offered as ${target.skuName} in ${account!.location}, so choose another deployment type.` : ""}
          </Notice>
        </div>
      ) : null}
      <RequestForm data={data} prefill={effective} submissionKey={randomUUID()} />
    </>
  );
}
