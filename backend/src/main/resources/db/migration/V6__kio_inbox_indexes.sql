-- The console's approvals inbox and dashboard (GET /approvals/inbox, /approvals/statistics):
-- versions by creation and approval time for the per-day and lead-time figures, pending versions
-- by application, and the caller's own versions and approvals for "my recent activity".
CREATE INDEX versions_created ON versions (created);
CREATE INDEX versions_approved_at ON versions (approved_at);
CREATE INDEX versions_created_by ON versions (created_by, created);
CREATE INDEX approvals_user ON approvals (user_id, approved_at);
