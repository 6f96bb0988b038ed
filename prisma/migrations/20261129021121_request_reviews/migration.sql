-- The last commit ModelGate wrote to each PR branch: a head other than this one holds someone else's commits,
-- which ModelGate then no longer rewrites. Requests written before this migration: their head as recorded.
ALTER TABLE "requests" ADD COLUMN "authored_sha" TEXT;
UPDATE "requests" SET "authored_sha" = "head_sha" WHERE "head_sha" IS NOT NULL;

-- The approval queue reads pending requests oldest first, one status at a time (a merge of index scans).
CREATE INDEX "requests_status_submitted_at_number_idx" ON "requests"("status", "submitted_at", "number");

-- What an approver reviews per request, prepared once per head commit by the prepare-review job.
CREATE TABLE "request_reviews" (
    "request_id" UUID NOT NULL,
    "head_sha" TEXT NOT NULL,
    "base_sha" TEXT,
    "diff" TEXT,
    "foreign_commits" JSONB NOT NULL DEFAULT '[]',
    "failed_check" JSONB,
    "plan" JSONB,
    "plan_summary" TEXT,
    "plan_error" TEXT,
    "azure_read_at" TIMESTAMPTZ(3),
    "comment_id" BIGINT,
    "comment_hash" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "prepared_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "request_reviews_pkey" PRIMARY KEY ("request_id")
);
ALTER TABLE "request_reviews" ADD CONSTRAINT "request_reviews_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
