-- The quota increase list: submissions refused for lack of quota (and what they were trimmed to when the same
-- person then asked for less).
CREATE TABLE "quota_refusals" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "subscription_id" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "usage_name" TEXT NOT NULL,
    "user_id" UUID,
    "team_id" UUID,
    "account_name" TEXT NOT NULL,
    "deployment_name" TEXT NOT NULL,
    "requested" INTEGER NOT NULL,
    "available" INTEGER NOT NULL,
    "trimmed_request_id" UUID,
    "trimmed_to" INTEGER,

    CONSTRAINT "quota_refusals_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "quota_refusals_location_usage_name_created_at_idx" ON "quota_refusals"("location", "usage_name", "created_at");
CREATE INDEX "quota_refusals_user_id_account_name_created_at_idx" ON "quota_refusals"("user_id", "account_name", "created_at");

-- The delivery dashboard reads requests by submission time.
CREATE INDEX "requests_submitted_at_idx" ON "requests"("submitted_at");

-- The latest figures per pool come straight from an index.
CREATE INDEX "quota_snapshots_subscription_id_location_usage_name_taken__idx" ON "quota_snapshots"("subscription_id", "location", "usage_name", "taken_at");

-- Each request's milestones, so the delivery dashboard's lead times scan requests, not every timeline entry.
ALTER TABLE "requests" ADD COLUMN "pr_opened_at" TIMESTAMPTZ(3);
ALTER TABLE "requests" ADD COLUMN "first_decision_at" TIMESTAMPTZ(3);
ALTER TABLE "requests" ADD COLUMN "merged_at" TIMESTAMPTZ(3);
ALTER TABLE "requests" ADD COLUMN "awaiting_approval_seconds" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "requests" ADD COLUMN "awaiting_since" TIMESTAMPTZ(3);

-- Requests written before: their milestones from their timelines.
UPDATE "requests" r SET
  "pr_opened_at" = m.pr_open,
  "first_decision_at" = m.decision,
  "merged_at" = m.merged
FROM (
  SELECT request_id,
         min(created_at) FILTER (WHERE to_status = 'awaiting_approval') AS pr_open,
         min(created_at) FILTER (WHERE to_status IN ('approved', 'changes_requested', 'rejected', 'merged')) AS decision,
         min(created_at) FILTER (WHERE to_status = 'merged') AS merged
    FROM request_events GROUP BY request_id
) m
WHERE m.request_id = r.id;

UPDATE "requests" r SET "awaiting_approval_seconds" = w.waited
FROM (
  SELECT request_id, round(sum(extract(epoch FROM until - created_at)))::int AS waited
    FROM (
      SELECT request_id, to_status, created_at,
             lead(created_at) OVER (PARTITION BY request_id ORDER BY created_at, id) AS until
        FROM request_events WHERE to_status IS NOT NULL
    ) stints
   WHERE to_status = 'awaiting_approval' AND until IS NOT NULL
   GROUP BY request_id
) w
WHERE w.request_id = r.id;

UPDATE "requests" r SET "awaiting_since" = (
  SELECT max(e.created_at) FROM request_events e WHERE e.request_id = r.id AND e.to_status = 'awaiting_approval'
) WHERE r."status" = 'awaiting_approval';
