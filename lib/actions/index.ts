// Public surface of lib/actions: every server action, each built on the one chain in ./chain.ts.
export { signInAsDemoPersonaAction, signOutAction, signOutPersonAction } from "./auth-actions";
export { deleteInAzureAction, type DeleteInAzureState } from "./request-actions";
export { cancelRequestAction, retryRequestAction, reviseRequestAction, submitRequestAction, type CancelRequestState, type RetryRequestState, type SubmitRequestState } from "./request-actions";
export { approveRequestAction, rejectRequestAction, requestChangesAction, type DecisionOutcome, type DecisionState } from "./queue-actions";
export { markNotificationsReadAction, saveNotificationSettingsAction } from "./notification-actions";
export type { ActionState } from "./chain";
