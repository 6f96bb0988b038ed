-- Request lists (all, mine, team; with or without a status filter) are read newest first in keyset pages
-- over (created_at, number). Each list gets an index that delivers that order after its equality columns,
-- so a page never sorts or scans the whole history. The narrower indexes they replace are prefixes of them.
DROP INDEX IF EXISTS "requests_status_created_at_idx";
DROP INDEX IF EXISTS "requests_team_id_status_idx";
DROP INDEX IF EXISTS "requests_requester_id_created_at_idx";
DROP INDEX IF EXISTS "requests_account_name_deployment_name_idx";

CREATE INDEX "requests_created_at_number_idx" ON "requests"("created_at", "number");
CREATE INDEX "requests_status_created_at_number_idx" ON "requests"("status", "created_at", "number");
CREATE INDEX "requests_team_id_created_at_number_idx" ON "requests"("team_id", "created_at", "number");
CREATE INDEX "requests_team_id_status_created_at_number_idx" ON "requests"("team_id", "status", "created_at", "number");
CREATE INDEX "requests_requester_id_created_at_number_idx" ON "requests"("requester_id", "created_at", "number");
CREATE INDEX "requests_requester_id_status_created_at_number_idx" ON "requests"("requester_id", "status", "created_at", "number");
-- A deployment's page: its requests newest first.
CREATE INDEX "requests_account_name_deployment_name_created_at_idx" ON "requests"("account_name", "deployment_name", "created_at");
