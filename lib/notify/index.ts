import "server-only";
// Public surface of lib/notify: who hears of what (in-app, e-mail, Teams/Slack), sent from the job runner.
export { composeMessages, composeWaitingMessage, describeAsk, type Message, type NotifiedEvent, type NotifiedRequest } from "./compose";
export { listCaughtMail, type CaughtMail } from "./demo-mailbox";
export { listNotifications, loadNotificationSettings, markNotificationsRead, saveNotificationSettings, type NotificationItem, type NotificationSetting } from "./inbox";
export { isNotificationKind, kindsForRole, NOTIFICATION_KIND_LIST, NOTIFICATION_KINDS, type NotificationKind } from "./kinds";
export { notifyLongWaits, notifyOfEvent, type ChannelJob, type EmailJob, type NotifyDeps } from "./produce";
export { renderEmailText, sendEmail, sendToChannel, slackPayload, teamsPayload, UndeliverableError } from "./send";
