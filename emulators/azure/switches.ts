/**
 * Fault injection: latency, 5xx answers and throttling for every ARM request, a queue of deployments whose
 * next create/update is accepted and then ends Failed, and the subscription's access to limited-access models.
 * All off by default.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ArmError } from "./arm";
import type { ArmErrorBody } from "./state";

/** Fault-injection switches; all off by default. */
export interface AzureEmulatorSwitches {
  /** Added delay before every ARM response, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of ARM requests answered 500 InternalServerError. */
  errorRate: number;
  /** Share (0..1) of ARM requests answered 429 TooManyRequests. */
  throttleRate: number;
  /** Retry-After (seconds) sent with 429 answers. */
  retryAfterSeconds: number;
  /** The next N ARM requests are answered 500 (deterministic, for tests). */
  errorNext: number;
  /** The next N ARM requests are answered 429 (deterministic, for tests). */
  throttleNext: number;
  /**
   * Has the subscription been granted the limited-access models (registration)? Without it, deploying one
   * answers SpecialFeatureOrQuotaIdRequired. Default false.
   */
  limitedAccessGranted: boolean;
}

export interface DeploymentFailure {
  /** Deployment name whose next create/update fails. */
  deployment: string;
  /** Restrict to one account (any account when absent). */
  account?: string;
  code?: string;
  message?: string;
}

export const NO_SWITCHES: AzureEmulatorSwitches = {
  latencyMs: 0,
  errorRate: 0,
  throttleRate: 0,
  retryAfterSeconds: 1,
  errorNext: 0,
  throttleNext: 0,
  limitedAccessGranted: false,
};

export const SwitchesSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    errorRate: z.number().min(0).max(1),
    throttleRate: z.number().min(0).max(1),
    retryAfterSeconds: z.number().int().min(0).max(3600),
    errorNext: z.number().int().min(0),
    throttleNext: z.number().int().min(0),
    limitedAccessGranted: z.boolean(),
  })
  .partial()
  .strict();

export const FailureSchema = z
  .object({ deployment: z.string().min(1), account: z.string().min(1).optional(), code: z.string().min(1).optional(), message: z.string().min(1).optional() })
  .strict();

/** The switches in force plus the pending deployment failures; one instance per emulator. */
export class FaultControls {
  switches: AzureEmulatorSwitches;
  failures: DeploymentFailure[];

  constructor(switches: Partial<AzureEmulatorSwitches> = {}, failures: DeploymentFailure[] = []) {
    this.switches = { ...NO_SWITCHES, ...SwitchesSchema.parse(switches) };
    this.failures = failures.map((f) => FailureSchema.parse(f));
  }

  configure(partial: Partial<AzureEmulatorSwitches>): AzureEmulatorSwitches {
    this.switches = { ...this.switches, ...SwitchesSchema.parse(partial) };
    return { ...this.switches };
  }

  addFailure(failure: DeploymentFailure): void {
    this.failures.push(FailureSchema.parse(failure));
  }

  reset(): void {
    this.switches = { ...NO_SWITCHES };
    this.failures = [];
  }

  view(): AzureEmulatorSwitches & { failDeployments: DeploymentFailure[] } {
    return { ...this.switches, failDeployments: this.failures.map((f) => ({ ...f })) };
  }

  /** Takes the pending failure for this deployment, if any, as the ARM error its operation will end with. */
  takeFailure(account: string, deployment: string): ArmErrorBody | undefined {
    const index = this.failures.findIndex(
      (f) => f.deployment.toLowerCase() === deployment.toLowerCase() && (!f.account || f.account.toLowerCase() === account.toLowerCase()),
    );
    if (index < 0) return undefined;
    const [failure] = this.failures.splice(index, 1);
    return {
      code: failure.code ?? "InternalServerError",
      message:
        failure.message ??
        `An internal error occurred while provisioning deployment '${deployment}'. Retry the operation; if it fails again, contact Azure support.`,
    };
  }

  /** The 429 or 500 the switches call for on this request, if any. */
  injectFault(): ArmError | undefined {
    const s = this.switches;
    const throttle = () =>
      new ArmError(
        429,
        "TooManyRequests",
        `The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. Please try again after '${s.retryAfterSeconds}' seconds. For more information, refer to https://aka.ms/armthrottling`,
        { "Retry-After": String(s.retryAfterSeconds), "x-ms-ratelimit-remaining-subscription-reads": "0" },
      );
    const serverError = () =>
      new ArmError(500, "InternalServerError", `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}', tracking id '${randomUUID()}'.`);
    if (s.throttleNext > 0) {
      s.throttleNext -= 1;
      return throttle();
    }
    if (s.errorNext > 0) {
      s.errorNext -= 1;
      return serverError();
    }
    if (s.throttleRate > 0 && Math.random() < s.throttleRate) return throttle();
    if (s.errorRate > 0 && Math.random() < s.errorRate) return serverError();
    return undefined;
  }
}
