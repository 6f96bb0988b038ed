import "server-only";
import type { Db } from "./lifecycle";

/**
 * Sets requests' milestones (PR opened, first decision, merge, time awaiting approval) from their timelines.
 * transitionRequest keeps them as it goes; this is for rows written another way (a migration, or a seed that
 * writes history with past dates). Idempotent.
 */
export async function backfillRequestMilestones(db: Db, requestIds?: readonly string[]): Promise<void> {
  const ids = requestIds ? [...requestIds] : null;
  await db.$executeRaw`
    UPDATE requests r SET pr_opened_at = m.pr_open, first_decision_at = m.decision, merged_at = m.merged
      FROM (
        SELECT request_id,
               min(created_at) FILTER (WHERE to_status = 'awaiting_approval') AS pr_open,
               min(created_at) FILTER (WHERE to_status IN ('approved', 'changes_requested', 'rejected', 'merged')) AS decision,
               min(created_at) FILTER (WHERE to_status = 'merged') AS merged
          FROM request_events WHERE ${ids}::uuid[] IS NULL OR request_id = ANY(${ids}::uuid[])
         GROUP BY request_id
      ) m
     WHERE m.request_id = r.id`;
  await db.$executeRaw`
    UPDATE requests r SET awaiting_approval_seconds = coalesce(w.waited, 0),
           awaiting_since = CASE WHEN r.status = 'awaiting_approval' THEN w.since END
      FROM (
        SELECT request_id,
               round(sum(extract(epoch FROM until - created_at)) FILTER (WHERE until IS NOT NULL))::int AS waited,
               max(created_at) AS since
          FROM (
            SELECT request_id, to_status, created_at,
                   lead(created_at) OVER (PARTITION BY request_id ORDER BY created_at, id) AS until
              FROM request_events
             WHERE to_status IS NOT NULL AND (${ids}::uuid[] IS NULL OR request_id = ANY(${ids}::uuid[]))
          ) stints
         WHERE to_status = 'awaiting_approval'
         GROUP BY request_id
      ) w
     WHERE w.request_id = r.id`;
}
