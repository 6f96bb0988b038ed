import { controlClass, Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { explainSku } from "@/lib/requests/client";
import { CapacityField } from "./capacity-field";
import { sendValue, type FormModeProps } from "./form-mode";
import { VersionSelect } from "./version-select";

const UPGRADE_OPTIONS = [
  { value: "", label: "Azure default (upgrade once the current version expires)" },
  { value: "OnceNewDefaultVersionAvailable", label: "Upgrade when a new default version is available" },
  { value: "OnceCurrentVersionExpired", label: "Upgrade once the current version expires" },
  { value: "NoAutoUpgrade", label: "Never upgrade (stops working on the retirement date)" },
];

const asOptions = (names: string[]) => names.map((name) => ({ value: name, label: name }));

/** A new deployment: model, version, deployment type, capacity, name, upgrade policy and content filter. */
export function NewDeploymentFields(props: FormModeProps) {
  const { draft, view, errors, dispatch } = props;
  const { sku } = view;
  return (
    <>
      <SelectField id="modelName" name="modelName" label="Model" value={draft.modelName} onChange={sendValue(dispatch, "chooseModel")} error={errors.modelName} options={asOptions(view.models.map((m) => m.name))} />
      <VersionSelect {...props} versions={view.model?.versions ?? []} value={draft.version} />
      <SelectField id="skuName" name="skuName" label="Deployment type" value={sku?.name ?? ""} onChange={sendValue(dispatch, "chooseSku")} error={errors.skuName} options={asOptions(view.skus.map((s) => s.name))}
        hint={sku ? explainSku(sku.name) : "This version has no deployment type in this region."} />
      <CapacityField {...props} />
      <Field id="deploymentName" label="Deployment name" hint="Apps call the deployment by this name. Checked against the parameter file, Azure and pending requests." error={errors.deploymentName}>
        {(a11y) => <input id="deploymentName" name="deploymentName" className={`${controlClass} font-mono`} value={view.deploymentName} onChange={sendValue(dispatch, "typeName")} autoComplete="off" spellCheck={false} {...a11y} />}
      </Field>
      <SelectField id="versionUpgradeOption" name="versionUpgradeOption" label="Version upgrade" value={draft.upgrade} onChange={sendValue(dispatch, "chooseUpgrade")} error={errors.versionUpgradeOption} options={UPGRADE_OPTIONS}
        hint="What Azure does when newer versions come out." />
      <SelectField id="raiPolicyName" name="raiPolicyName" label="Content filter" value={draft.contentFilter} onChange={sendValue(dispatch, "chooseContentFilter")} error={errors.raiPolicyName}
        options={[{ value: "", label: "Account default" }, ...asOptions(view.account?.raiPolicies ?? [])]} />
    </>
  );
}
