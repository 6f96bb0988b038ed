-- The inventory moves from one JSON value in sync_state (parsed whole on every page view) to one row per
-- deployment, so pages filter, count and page it in SQL and a reconciler pass writes only what changed.
CREATE TABLE "inventory_deployments" (
    "account_name" TEXT NOT NULL,
    "deployment_name" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "resource_group" TEXT NOT NULL,
    "param_file" TEXT,
    "team" TEXT,
    "status" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "desired" JSONB,
    "actual" JSONB,
    "differences" JSONB NOT NULL DEFAULT '[]',
    "pending_request_id" UUID,
    "pending_request_number" INTEGER,
    "pending_request_status" TEXT,
    "retires_on" TIMESTAMPTZ(3),
    "retirement" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inventory_deployments_pkey" PRIMARY KEY ("account_name", "deployment_name")
);

CREATE INDEX "inventory_deployments_status_account_name_deployment_name_idx" ON "inventory_deployments"("status", "account_name", "deployment_name");
CREATE INDEX "inventory_deployments_team_account_name_deployment_name_idx" ON "inventory_deployments"("team", "account_name", "deployment_name");
CREATE INDEX "inventory_deployments_retires_on_idx" ON "inventory_deployments"("retires_on");

-- The last pass's inventory, if any, carried over: its rows (with their retirement from the stored radar)
-- into the table, the rest stays in sync_state under its new key.
INSERT INTO "inventory_deployments" ("account_name", "deployment_name", "location", "resource_group", "param_file", "team", "status",
    "search_text", "desired", "actual", "differences", "pending_request_id", "pending_request_number", "pending_request_status",
    "retires_on", "retirement", "updated_at")
SELECT r->>'account', r->>'name', COALESCE(r->>'location', ''), COALESCE(r->>'resourceGroup', ''), r->>'paramFile', r->>'team',
       COALESCE(r->>'status', 'in_sync'),
       lower(concat_ws(' ', r->>'name', r->>'account', r->>'location', r->>'team', r->'desired'->>'modelName', r->'actual'->>'modelName')),
       NULLIF(r->'desired', 'null'::jsonb), NULLIF(r->'actual', 'null'::jsonb), COALESCE(r->'differences', '[]'::jsonb),
       (r->'pendingRequest'->>'id')::uuid, (r->'pendingRequest'->>'number')::int, r->'pendingRequest'->>'status',
       (ret->>'retiresOn')::timestamptz,
       CASE WHEN ret IS NULL THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object('retiresOn', ret->'retiresOn', 'status', ret->'status', 'replacement', COALESCE(ret->'replacement', 'null'::jsonb))) END,
       CURRENT_TIMESTAMP
  FROM "sync_state" s
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(s."value"->'rows') = 'array' THEN s."value"->'rows' ELSE '[]'::jsonb END) AS r
  LEFT JOIN LATERAL (
    SELECT x FROM jsonb_array_elements(CASE WHEN jsonb_typeof(s."value"->'retirements') = 'array' THEN s."value"->'retirements' ELSE '[]'::jsonb END) AS x
     WHERE x->>'account' = r->>'account' AND x->>'deployment' = r->>'name' LIMIT 1
  ) AS rr(ret) ON true
 WHERE s."key" = 'sync:inventory' AND r->>'account' IS NOT NULL AND r->>'name' IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO "sync_state" ("key", "value", "updated_at")
SELECT 'sync:inventory-meta', "value" - 'rows' - 'retirements', CURRENT_TIMESTAMP FROM "sync_state" WHERE "key" = 'sync:inventory'
ON CONFLICT ("key") DO NOTHING;
DELETE FROM "sync_state" WHERE "key" = 'sync:inventory';
