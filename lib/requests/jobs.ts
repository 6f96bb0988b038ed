import "server-only";
import type { JobHandler } from "./outbox";

/**
 * Every kind of outbox job and its handler. Handlers must be idempotent: a job may run again after a
 * timeout or a crash.
 */
export const JOB_HANDLERS: Record<string, JobHandler> = {};
