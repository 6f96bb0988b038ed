-- Each request records the quota it counts against (Azure's usage name) and how much of it it holds while
-- pending, so "held by pending requests" is one grouped query.
ALTER TABLE "requests" ADD COLUMN "usage_name" TEXT NOT NULL DEFAULT '';
ALTER TABLE "requests" ADD COLUMN "quota_hold" INTEGER NOT NULL DEFAULT 0;

-- Requests written before this migration: the usage name as ModelGate derived it then.
UPDATE "requests" SET
  "usage_name" = CASE
    WHEN "kind" = 'decommission' THEN ''
    WHEN "sku_name" ILIKE '%provisioned%' THEN 'OpenAI.' || "sku_name"
    ELSE 'OpenAI.' || "sku_name" || '.' || "model_name"
  END,
  "quota_hold" = CASE
    WHEN "kind" = 'create' THEN "capacity"
    WHEN "kind" = 'change' THEN GREATEST(0, "capacity" - COALESCE(("previous"->'sku'->>'capacity')::int, 0))
    ELSE 0
  END;

CREATE INDEX "requests_status_location_usage_name_idx" ON "requests"("status", "location", "usage_name");
