import { describe, expect, it } from "vitest";
import { describeDeployFailure, explainDeployFailure, type ArmErrorLike } from "./deploy-failure";

const request = { deploymentName: "mine", accountName: "acc", model: "o3" };
const id = (name: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acc/deployments/${name}`;
const preflight = (...refusals: ArmErrorLike[]): ArmErrorLike => ({
  code: "InvalidTemplateDeployment",
  message: "The template deployment 'deploy_ai_models' is not valid according to the validation procedure.",
  details: [{ code: "PreflightValidationCheckFailed", message: "Preflight validation failed.", details: refusals }],
});
const failed = (inner: ArmErrorLike): ArmErrorLike => ({
  code: "DeploymentFailed",
  message: "At least one resource deployment operation failed.",
  details: [{ code: "ResourceDeploymentFailure", message: "…", details: [{ code: "DeploymentFailed", message: "…", details: [inner] }] }],
});

describe("why a deploy failed, from what Azure says", () => {
  it("names ANOTHER deployment in the same file when Azure blames it, with a next step for its owners", () => {
    const f = explainDeployFailure({ source: "validation", armDeploymentName: "deploy_ai_models", error: preflight({ code: "InsufficientQuota", target: id("theirs"), message: "This operation require 20 new capacity…" }) }, request);
    expect(f).toMatchObject({ cause: "other-deployment", deployment: "theirs", code: "InsufficientQuota" });
    expect(f.summary).toMatch(/^The deploy failed because of another deployment in the same file: theirs \(InsufficientQuota: This operation require 20/);
    expect(f.nextStep).toMatch(/fix or remove theirs/);
    const forecast = explainDeployFailure({ source: "validation", armDeploymentName: "deploy_ai_models", error: preflight({ code: "InsufficientQuota", target: id("theirs"), message: "x" }) }, request, "forecast");
    expect(forecast.summary).toMatch(/^A merge would fail because of another deployment in the same file: theirs/);
  });

  it("prefers this request's own refusal, and explains limited access", () => {
    const f = explainDeployFailure(
      {
        source: "validation",
        armDeploymentName: "deploy_ai_models",
        error: preflight({ code: "InsufficientQuota", target: id("theirs"), message: "q" }, { code: "SpecialFeatureOrQuotaIdRequired", target: id("mine"), message: "The current subscription does not have access to this model 'Format:OpenAI,Name:o3,Version:2025-04-16'." }),
      },
      request,
    );
    expect(f).toMatchObject({ cause: "this-deployment", deployment: "mine", code: "SpecialFeatureOrQuotaIdRequired" });
    expect(f.summary).toMatch(/Nothing of the file was applied\.$/);
    expect(f.nextStep).toMatch(/o3 is a limited-access model/);
  });

  it("reads the failed operation of a deployment that ran, and calls a concurrent change a conflict with a next step", () => {
    const ran = explainDeployFailure(
      { source: "deployment", armDeploymentName: "deploy_ai_models", error: failed({ code: "ModelDeploymentFailed", message: "Capacity could not be allocated." }), failedOperations: [{ deployment: "theirs", code: "ModelDeploymentFailed", message: "Capacity could not be allocated." }] },
      request,
    );
    expect(ran).toMatchObject({ cause: "other-deployment", deployment: "theirs" });
    const conflict = explainDeployFailure(
      { source: "deployment", armDeploymentName: "deploy_ai_models", error: failed({ code: "RequestConflict", message: "Another operation is being performed on the parent resource '…'. Please try again later." }), failedOperations: [{ deployment: "mine", code: "RequestConflict", message: "Another operation…" }] },
      request,
    );
    expect(conflict.cause).toBe("conflict");
    expect(describeDeployFailure(conflict)).toMatch(/failed on a conflict: another change to acc was in progress.*Next step: Re-run the deploy workflow/);
  });
});
