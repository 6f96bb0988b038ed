"use client";
import { useActionState, useState } from "react";
import { submitRequestAction, type SubmitRequestState } from "@/lib/actions";
import {
  capacityUnitLabel,
  checkRequestRules,
  daysUntilRetirement,
  explainSku,
  isRetired,
  previewChange,
  suggestDeploymentName,
  type RequestFieldErrors as FieldErrors,
  type FormAccount,
  type RequestAction,
  type RequestFormData,
} from "@/lib/requests/client";
import { Notice } from "@/components/ui/notice";
import { DiffView } from "./diff-view";

export interface RequestFormPrefill {
  account?: string;
  deployment?: string;
  action?: RequestAction;
  version?: string;
  /** For a new deployment: the model (and `version`) to preselect, e.g. a retiring model's replacement. */
  model?: string;
}

const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 disabled:bg-slate-100 disabled:text-slate-500 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:disabled:bg-slate-800 dark:disabled:text-slate-400";
const labelClass = "block text-sm font-medium text-slate-800 dark:text-slate-200";
const hintClass = "mt-1 text-xs text-slate-600 dark:text-slate-400";

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-300">
      {message}
    </p>
  );
}

const ACTIONS: { id: RequestAction; label: string }[] = [
  { id: "create", label: "New deployment" },
  { id: "change", label: "Change capacity or version" },
  { id: "decommission", label: "Decommission" },
];

/** The request form: options from the platform repository and Azure, live checks and the exact diff. */
export function RequestForm({ data, prefill, submissionKey }: { data: RequestFormData; prefill: RequestFormPrefill; submissionKey: string }) {
  const [state, formAction, pending] = useActionState<SubmitRequestState, FormData>(submitRequestAction, {});
  const initialAccount = data.accounts.find((a) => a.name === prefill.account) ?? data.accounts.find((a) => !a.problem) ?? data.accounts[0];
  const [action, setAction] = useState<RequestAction>(prefill.action ?? "create");
  const [accountName, setAccountName] = useState(initialAccount?.name ?? "");
  const [teamId, setTeamId] = useState(data.teams[0]?.id ?? "");
  const account: FormAccount | undefined = data.accounts.find((a) => a.name === accountName);
  const teamName = data.teams.find((t) => t.id === teamId)?.name ?? "";

  // New deployment fields
  const models = account?.models ?? [];
  const [modelName, setModelName] = useState(() =>
    prefill.action === "create" && prefill.model && models.some((m) => m.name === prefill.model)
      ? prefill.model
      : models.some((m) => m.name === "gpt-4o")
        ? "gpt-4o"
        : (models[0]?.name ?? ""),
  );
  const model = models.find((m) => m.name === modelName);
  const defaultVersion = (m = model) => (m?.versions.find((v) => v.isDefault && !isRetired(v, data.today)) ?? m?.versions.find((v) => !isRetired(v, data.today)))?.version ?? "";
  const [version, setVersion] = useState(() =>
    prefill.action === "create" && prefill.version && model?.versions.some((v) => v.version === prefill.version && !isRetired(v, data.today))
      ? prefill.version
      : defaultVersion(),
  );
  const [skuName, setSkuName] = useState("");
  const [capacityText, setCapacityText] = useState("");
  const [name, setName] = useState("");
  const [nameTouched, setNameTouched] = useState(false);
  const [upgrade, setUpgrade] = useState("");
  const [rai, setRai] = useState("");
  const [justification, setJustification] = useState("");

  // Change / decommission fields
  const changeable = (account?.deployments ?? []).filter((d) => d.mayChange);
  const [deploymentName, setDeploymentName] = useState(() => {
    const d = initialAccount?.deployments.find((x) => x.name.toLowerCase() === prefill.deployment?.toLowerCase());
    return d?.name ?? "";
  });
  const existing = account?.deployments.find((d) => d.name === deploymentName);
  const [changeVersion, setChangeVersion] = useState(() => prefill.version ?? existing?.modelVersion ?? "");
  const [changeCapacityText, setChangeCapacityText] = useState(() => (existing ? String(existing.capacity) : ""));

  const effectiveModel = action === "create" ? model : models.find((m) => m.name === existing?.modelName);
  const effectiveVersion = effectiveModel?.versions.find((v) => v.version === (action === "create" ? version : changeVersion || existing?.modelVersion));
  const skus = effectiveVersion?.skus ?? [];
  const sku = action === "create" ? (skus.find((s) => s.name === skuName) ?? skus.find((s) => s.name === "GlobalStandard") ?? skus[0]) : skus.find((s) => s.name === existing?.skuName);
  const capacityRaw = action === "create" ? capacityText : changeCapacityText;
  const capacity = capacityRaw === "" ? (action === "create" ? (sku?.default ?? 1) : (existing?.capacity ?? 0)) : Number(capacityRaw);
  const quota = sku && account ? account.quota[sku.usageName] : undefined;
  const suggested = account && model ? suggestDeploymentName(teamName, model.name, account.takenNames.map((t) => t.name)) : "";
  const deploymentNameValue = action === "create" ? (nameTouched ? name : suggested) : deploymentName;

  const verdict = !account
    ? null
    : checkRequestRules(
      account,
      {
        action,
        account: account.name,
        teamName,
        deploymentName: deploymentNameValue,
        modelName: action === "create" ? modelName : undefined,
        modelVersion: action === "create" ? version : changeVersion || undefined,
        skuName: action === "create" ? sku?.name : undefined,
        capacity: action === "decommission" ? undefined : capacity,
        versionUpgradeOption: (upgrade || undefined) as "" | undefined,
        raiPolicyName: rai || undefined,
      },
      { today: data.today, retirementWindowDays: data.retirementWindowDays },
    );

  // The server's verdict stands until the user edits the form; from then on the live checks speak.
  const [editedAfter, setEditedAfter] = useState<SubmitRequestState | null>(null);
  const serverState = editedAfter === state ? {} : state;
  const live: FieldErrors = verdict && !verdict.ok ? verdict.errors : {};
  const errors: FieldErrors = { ...live, ...(serverState.errors ?? {}) };
  const preview = verdict?.ok && account ? previewChange(account.paramFilePath, account.fileText, verdict.plan.change) : null;
  const warnings = verdict?.ok ? verdict.plan.warnings : [];

  const chooseModel = (next: string) => {
    setModelName(next);
    const m = models.find((x) => x.name === next);
    setVersion(defaultVersion(m));
    setSkuName("");
    setCapacityText("");
  };
  const chooseAccount = (next: string) => {
    setAccountName(next);
    const a = data.accounts.find((x) => x.name === next);
    const m = a?.models.find((x) => x.name === modelName) ?? a?.models[0];
    setModelName(m?.name ?? "");
    setVersion(defaultVersion(m));
    setSkuName("");
    setCapacityText("");
    setDeploymentName("");
  };
  const chooseDeployment = (next: string) => {
    setDeploymentName(next);
    const d = account?.deployments.find((x) => x.name === next);
    setChangeVersion(d?.modelVersion ?? "");
    setChangeCapacityText(d ? String(d.capacity) : "");
  };

  if (data.accounts.length === 0) {
    return <Notice tone="warning" title="No accounts found">The platform repository has no parameter files ModelGate can read, so there is nothing to request yet.</Notice>;
  }

  const described = (id: string, hint?: boolean) => [hint ? `${id}-hint` : "", errors[id as keyof FieldErrors] ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

  return (
    <form action={formAction} onChange={() => setEditedAfter(state)} className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]" noValidate>
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <div className="space-y-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        {serverState.message ? (
          <Notice tone="error" title="Not submitted">
            {serverState.message}
            {errors.form ? <p className="mt-1">{errors.form}</p> : null}
          </Notice>
        ) : null}

        <fieldset>
          <legend className={labelClass}>What do you need?</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {ACTIONS.map((a) => (
              <label key={a.id} className={`cursor-pointer rounded-full px-3 py-1.5 text-sm font-medium ring-1 focus-within:outline focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-500 ${action === a.id ? "bg-indigo-600 text-white ring-indigo-600 dark:bg-indigo-400 dark:text-slate-950" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-700"}`}>
                <input type="radio" name="action" value={a.id} checked={action === a.id} onChange={() => setAction(a.id)} className="sr-only" />
                {a.label}
              </label>
            ))}
          </div>
        </fieldset>

        <div>
          <label htmlFor="account" className={labelClass}>Account</label>
          <select id="account" name="account" className={field} value={accountName} onChange={(e) => chooseAccount(e.target.value)} aria-describedby={described("account")}>
            {data.accounts.map((a) => (
              <option key={a.name} value={a.name}>
                {a.name} ({a.location})
              </option>
            ))}
          </select>
          <FieldError id="account-error" message={errors.account} />
        </div>

        <div>
          <label htmlFor="teamId" className={labelClass}>Team</label>
          <select id="teamId" name="teamId" className={field} value={teamId} onChange={(e) => setTeamId(e.target.value)} aria-describedby={described("teamId")}>
            {data.teams.map((t) => (
              <option key={t.id} value={t.id}>{t.name}</option>
            ))}
          </select>
          <FieldError id="teamId-error" message={errors.teamId} />
        </div>

        {action === "create" ? (
          <>
            <div>
              <label htmlFor="modelName" className={labelClass}>Model</label>
              <select id="modelName" name="modelName" className={field} value={modelName} onChange={(e) => chooseModel(e.target.value)} aria-describedby={described("modelName")}>
                {models.map((m) => (
                  <option key={m.name} value={m.name}>{m.name}</option>
                ))}
              </select>
              <FieldError id="modelName-error" message={errors.modelName} />
            </div>
            <VersionSelect
              id="modelVersion"
              versions={model?.versions ?? []}
              value={version}
              onChange={(v) => {
                setVersion(v);
                setSkuName("");
              }}
              today={data.today}
              windowDays={data.retirementWindowDays}
              error={errors.modelVersion}
              describedBy={described("modelVersion", true)}
            />
            <div>
              <label htmlFor="skuName" className={labelClass}>Deployment type</label>
              <select id="skuName" name="skuName" className={field} value={sku?.name ?? ""} onChange={(e) => { setSkuName(e.target.value); setCapacityText(""); }} aria-describedby={described("skuName", true)}>
                {skus.map((s) => (
                  <option key={s.name} value={s.name}>{s.name}</option>
                ))}
              </select>
              <p id="skuName-hint" className={hintClass}>{sku ? explainSku(sku.name) : "This version has no deployment type in this region."}</p>
              <FieldError id="skuName-error" message={errors.skuName} />
            </div>
          </>
        ) : (
          <>
            <div>
              <label htmlFor="deploymentName" className={labelClass}>Deployment name</label>
              <select id="deploymentName" name="deploymentName" className={field} value={deploymentName} onChange={(e) => chooseDeployment(e.target.value)} aria-describedby={described("deploymentName", true)}>
                <option value="">Choose one of your team&apos;s deployments</option>
                {changeable.map((d) => (
                  <option key={d.name} value={d.name}>
                    {d.name} — {d.modelName} {d.modelVersion}, {d.skuName} {d.capacity}
                  </option>
                ))}
              </select>
              <p id="deploymentName-hint" className={hintClass}>
                {changeable.length === 0 ? "Your team owns no deployments on this account." : "Only deployments your team owns are listed."}
              </p>
              <FieldError id="deploymentName-error" message={deploymentName ? errors.deploymentName : undefined} />
            </div>
            {existing && action === "change" ? (
              <>
                <div>
                  <span className={labelClass}>Model</span>
                  <p className="mt-1 text-sm">{existing.modelName} · {existing.skuName}</p>
                </div>
                <VersionSelect
                  id="modelVersion"
                  versions={effectiveModel?.versions ?? []}
                  value={changeVersion}
                  onChange={setChangeVersion}
                  today={data.today}
                  windowDays={data.retirementWindowDays}
                  error={errors.modelVersion}
                  describedBy={described("modelVersion", true)}
                  current={existing.modelVersion}
                />
              </>
            ) : null}
          </>
        )}

        {action === "decommission" && existing ? (
          <Notice tone="info">
            The pull request removes {existing.name} from the parameter file. The platform deploys incrementally, so Azure keeps
            the deployment until the platform team deletes it after the merge; move apps off it first.
          </Notice>
        ) : null}

        {action !== "decommission" && sku ? (
          <div>
            <label htmlFor="capacity" className={labelClass}>Capacity</label>
            <div className="mt-1 flex items-center gap-3">
              <input
                id="capacity"
                name="capacity"
                type="number"
                inputMode="numeric"
                min={sku.min}
                max={sku.max}
                step={sku.step}
                value={capacityRaw === "" ? String(capacity) : capacityRaw}
                onChange={(e) => (action === "create" ? setCapacityText(e.target.value) : setChangeCapacityText(e.target.value))}
                className="block w-28 shrink-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
                aria-describedby={described("capacity", true)}
                aria-invalid={errors.capacity ? true : undefined}
              />
              <input
                type="range"
                aria-label="Drag to adjust"
                min={sku.min}
                max={Math.min(sku.max, Math.max(sku.min, (quota?.free ?? 0) + (action === "change" ? (existing?.capacity ?? 0) : 0), capacity) * 2)}
                step={sku.step}
                value={Number.isFinite(capacity) ? capacity : sku.min}
                onChange={(e) => (action === "create" ? setCapacityText(e.target.value) : setChangeCapacityText(e.target.value))}
                className="h-2 min-w-0 flex-1 cursor-pointer accent-indigo-600 dark:accent-indigo-400"
              />
            </div>
            <p id="capacity-hint" className={hintClass}>
              In {capacityUnitLabel(sku.unit)}; {sku.min}–{sku.max}
              {sku.step > 1 ? ` in steps of ${sku.step}` : ""}.{" "}
              <strong className="font-medium text-slate-800 dark:text-slate-200">
                {quota ? `${quota.free} of ${quota.limit} free in ${account?.location}` : `0 of 0 free in ${account?.location} (no quota for ${sku.usageName})`}
              </strong>
              {quota && quota.heldByPending > 0 ? ` (${quota.heldByPending} held by pending requests)` : ""}.
            </p>
            <FieldError id="capacity-error" message={errors.capacity} />
          </div>
        ) : null}

        {action === "create" ? (
          <>
            <div>
              <label htmlFor="deploymentName" className={labelClass}>Deployment name</label>
              <input
                id="deploymentName"
                name="deploymentName"
                className={`${field} font-mono`}
                value={deploymentNameValue}
                onChange={(e) => {
                  setNameTouched(true);
                  setName(e.target.value);
                }}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={described("deploymentName", true)}
                aria-invalid={errors.deploymentName ? true : undefined}
              />
              <p id="deploymentName-hint" className={hintClass}>
                Apps call the deployment by this name. Checked against the parameter file, Azure and pending requests.
              </p>
              <FieldError id="deploymentName-error" message={errors.deploymentName} />
            </div>
            <div>
              <label htmlFor="versionUpgradeOption" className={labelClass}>Version upgrade</label>
              <select id="versionUpgradeOption" name="versionUpgradeOption" className={field} value={upgrade} onChange={(e) => setUpgrade(e.target.value)} aria-describedby="versionUpgradeOption-hint">
                <option value="">Azure default (upgrade once the current version expires)</option>
                <option value="OnceNewDefaultVersionAvailable">Upgrade when a new default version is available</option>
                <option value="OnceCurrentVersionExpired">Upgrade once the current version expires</option>
                <option value="NoAutoUpgrade">Never upgrade (stops working on the retirement date)</option>
              </select>
              <p id="versionUpgradeOption-hint" className={hintClass}>What Azure does when newer versions come out.</p>
            </div>
            <div>
              <label htmlFor="raiPolicyName" className={labelClass}>Content filter</label>
              <select id="raiPolicyName" name="raiPolicyName" className={field} value={rai} onChange={(e) => setRai(e.target.value)} aria-describedby={described("raiPolicyName")}>
                <option value="">Account default</option>
                {(account?.raiPolicies ?? []).map((p) => (
                  <option key={p} value={p}>{p}</option>
                ))}
              </select>
              <FieldError id="raiPolicyName-error" message={errors.raiPolicyName} />
            </div>
          </>
        ) : null}

        <div>
          <label htmlFor="justification" className={labelClass}>Justification</label>
          <textarea
            id="justification"
            name="justification"
            rows={3}
            className={field}
            value={justification}
            onChange={(e) => setJustification(e.target.value)}
            aria-describedby={described("justification", true)}
            aria-invalid={serverState.errors?.justification ? true : undefined}
          />
          <p id="justification-hint" className={hintClass}>Why your team needs this; approvers read it in the pull request.</p>
          <FieldError id="justification-error" message={serverState.errors?.justification} />
        </div>

        {account?.problem ? <Notice tone="warning">{account.problem}</Notice> : null}
        {warnings.map((w) => (
          <Notice key={w} tone="warning">{w}</Notice>
        ))}

        <button
          type="submit"
          disabled={pending || !account || !!account.problem}
          className="inline-flex w-full items-center justify-center rounded-md bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-60 sm:w-auto dark:bg-indigo-400 dark:text-slate-950 dark:hover:bg-indigo-300"
        >
          {pending ? "Submitting…" : "Submit request"}
        </button>
      </div>

      <section aria-labelledby="preview-heading" className="min-w-0 space-y-2">
        <h2 id="preview-heading" className="text-base font-semibold">Preview of the pull request</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The exact change to <code className="font-mono text-xs">{account?.paramFilePath}</code> on main that ModelGate will propose.
        </p>
        {preview && "diff" in preview ? (
          <DiffView diff={preview.diff} />
        ) : (
          <div className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400" aria-live="polite">
            {preview && "error" in preview
              ? preview.error
              : Object.keys(live).length
                ? "The preview appears once the marked problems are fixed."
                : "Complete the form to see the change."}
          </div>
        )}
      </section>
    </form>
  );
}

function VersionSelect(props: {
  id: string;
  versions: FormAccount["models"][number]["versions"];
  value: string;
  onChange: (v: string) => void;
  today: string;
  windowDays: number;
  error?: string;
  describedBy?: string;
  current?: string;
}) {
  const selected = props.versions.find((v) => v.version === props.value);
  const soon = selected ? daysUntilRetirement(selected, props.today, props.windowDays) : null;
  return (
    <div>
      <label htmlFor={props.id} className={labelClass}>Version</label>
      <select id={props.id} name="modelVersion" className={field} value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-describedby={props.describedBy} aria-invalid={props.error ? true : undefined}>
        {props.versions.map((v) => {
          const retired = isRetired(v, props.today);
          const parts = [v.version, v.isDefault ? "default" : "", v.lifecycleStatus ?? "", retired ? `retired ${v.retiresOn?.slice(0, 10)}` : v.retiresOn ? `retires ${v.retiresOn.slice(0, 10)}` : "", v.version === props.current ? "current" : ""].filter(Boolean);
          return (
            <option key={v.version} value={v.version} disabled={retired && v.version !== props.value}>
              {parts.join(" · ")}
            </option>
          );
        })}
      </select>
      <p id={`${props.id}-hint`} className={hintClass}>
        {selected?.retiresOn ? `Retires on ${selected.retiresOn.slice(0, 10)}.` : "No retirement date announced."}
        {soon !== null ? <strong className="ml-1 font-medium text-amber-800 dark:text-amber-300">Retires in {soon} days — consider a newer version.</strong> : null}
      </p>
      <FieldError id={`${props.id}-error`} message={props.error} />
    </div>
  );
}
