// Public surface of lib/actions: every server action, each built on the one chain in ./chain.ts.
export { signInAsDemoPersonaAction, signOutAction, signOutPersonAction } from "./auth-actions";
export { cancelRequestAction, submitRequestAction, type CancelRequestState, type SubmitRequestState } from "./request-actions";
export { approveRequestAction, rejectRequestAction, requestChangesAction, type DecisionOutcome, type DecisionState } from "./queue-actions";
