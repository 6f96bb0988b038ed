export {
  AUDIT_ACTIONS,
  AUDIT_PAGE_SIZE,
  listAuditEvents,
  recordAuditEvent,
  type AuditAction,
  type AuditEventInput,
  type AuditEventRow,
  type AuditFilter,
  type AuditOrigin,
} from "./audit-log";
export { readAuditOrigin } from "./request-origin";
