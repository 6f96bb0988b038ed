import "server-only";
import { headers } from "next/headers";
import type { AuditOrigin } from "./audit-log";

/** The current HTTP request as the audit log records it (id set by proxy.ts, first forwarded address). */
export async function readAuditOrigin(): Promise<AuditOrigin> {
  let h: Headers;
  try {
    h = await headers();
  } catch {
    return {}; // not inside an HTTP request (a script, a test): nothing to record
  }
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    httpRequestId: h.get("x-request-id"),
    ipAddress: forwarded || h.get("x-real-ip"),
    userAgent: h.get("user-agent"),
  };
}
