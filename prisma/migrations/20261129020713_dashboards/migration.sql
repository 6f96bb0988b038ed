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
