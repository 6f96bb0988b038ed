// Public surface of lib/read-models: what pages read. Each takes the signed-in user, so who may see what is
// decided in the query, not in the page.
export { checkHealth, type ComponentHealth, type HealthReport } from "./health";
export { loadDeploymentHistory, loadInventory, type InventoryFilters } from "./inventory";
export { countPendingDecisions, listQueue, QUEUE_PAGE_SIZE, type QueueFilters, type QueueImpact, type QueueItem, type QueuePage, type QueueSort } from "./queue";
export { getRequestDetail, getRequestDiff, getRequestMarker, listWaitingDeletions } from "./request-detail";
export { loadRequestFormData, loadRevisionForm } from "./request-form";
export { listRequests, REQUESTS_PAGE_SIZE, type RequestListItem, type RequestScope } from "./request-list";
export { loadDemoMailbox, loadNotificationsMenu, loadNotificationsPage, type CaughtMail, type NotificationItem, type NotificationSetting } from "./notifications";
export { listAccountDeployFailures, type AccountDeployFailure } from "./deploy-health";
