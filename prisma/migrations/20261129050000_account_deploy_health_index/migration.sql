-- The approval queue's "last deploy of this account failed" warning reads each account's newest finished request.
CREATE INDEX "requests_account_name_completed_at_idx" ON "requests"("account_name", "completed_at");
