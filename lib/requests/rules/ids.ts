import { z } from "zod";

const RequestIdSchema = z.uuid();

/** True when `id` can be a request's id (a UUID): anything else is "no such request", never a database error. */
export function isRequestId(id: unknown): id is string {
  return RequestIdSchema.safeParse(id).success;
}
