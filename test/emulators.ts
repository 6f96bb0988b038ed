/**
 * The emulators as tests use them, in-process. Tests beside the code in lib/ import them from here, never
 * from emulators/ directly (lib never depends on the emulators; only test helpers do).
 */
export { startAzureEmulator, type AzureEmulator } from "../emulators/azure/server";
export { startGitHubEmulator, type GitHubEmulator } from "../emulators/github/server";
export { FAST_TIMINGS } from "../emulators/github/actions-runner";
export { aiModelsParameters, aiModelsTemplate, armRequest, submitTemplateDeployment } from "../emulators/github/azure-deployer";
export { signWebhookBody } from "../emulators/github/webhooks";
export { SEED_ACCOUNTS, SEED_SUBSCRIPTION_ID } from "../emulators/seed/world";
export { startMailEmulator, type MailEmulator } from "../emulators/mail/server";
export { pollUntil } from "../emulators/shared/poll-until";
