// Public surface of lib/plan: the plan of a merge (pure; safe in the browser). See README.md.
export * from "./types";
export { planMerge, compareDeployment, usageNameOf } from "./plan-merge";
export { mergeFileDeployments } from "./merge-files";
export {
  ACTION_LABELS,
  CONFIRMATION_LABELS,
  describeChange,
  describeField,
  describeLifecycle,
  describePool,
  describeReason,
  describeUnrelated,
  formatUtc,
  summaryLine,
} from "./words";
