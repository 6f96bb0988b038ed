// Public surface of lib/read-models: what pages read. Each takes the signed-in user, so who may see what is
// decided in the query, not in the page.
export { checkHealth, HEALTH_PROBE_INTERVAL_MS, type ComponentHealth, type HealthReport } from "./health";
export { DEPLOYMENT_HISTORY_PAGE_SIZE, loadDeploymentHistory, loadInventory, loadRetirementRadar, type DeploymentHistoryCursor, type InventoryFilters, type InventoryView } from "./inventory";
export {
  countPendingDecisions,
  describeDecidedRequest,
  listQueue,
  QUEUE_MAX_PAGES,
  QUEUE_PAGE_SIZE,
  queueQueries,
  type QueueFilters,
  type QueueImpact,
  type QueueItem,
  type QueuePage,
  type QueueReview,
  type QueueSort,
} from "./queue";
export { getMergeForecast, getRequestDetail, getRequestDiff, getRequestMarker, getRequestReview, listWaitingDeletions } from "./request-detail";
export { loadRequestFormData, loadRevisionForm } from "./request-form";
export { buildRequestCountQuery, buildRequestPageQuery, listBranches, listRequests, REQUESTS_COUNT_CAP, REQUESTS_PAGE_SIZE, type RequestListItem, type RequestListOptions, type RequestListPage, type RequestScope } from "./request-list";
export { readAuditLog } from "./audit-log";
export * from "./quota-dashboard";
export * from "./quota-history";
export * from "./quota-increase";
export * from "./delivery-dashboard";
export * from "./dashboard-filters";
export * from "./dashboard-exports";
export { toCsv, type CsvCell } from "./csv";
export { loadStartTips } from "./start-tips";
export { loadDemoMailbox, loadNotificationsMenu, loadNotificationsPage, type CaughtMail, type NotificationItem, type NotificationSetting } from "./notifications";
export { lastFollowedDeployQuery, listAccountDeployFailures, type AccountDeployFailure } from "./deploy-health";
