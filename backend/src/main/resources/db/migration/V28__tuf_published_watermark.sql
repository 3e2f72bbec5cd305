-- A publication marks what it published with one number instead of rewriting every artifact row
-- (decision 0062). Each artifact change (a task's additions or removals, an approved application
-- target) takes the next change number from tuf_artifact_lock.seq while it holds that row's lock,
-- so numbers are given in commit order; its rows and its RSTUF task carry it. The repository's
-- published_seq says "published up to here": pending changes are the rows with a higher number, and
-- a publication moves it to the highest number it read (rows committed after that read get higher
-- numbers). Removed rows are still deleted once published. The old per-row flag, and the indexes
-- that served it, go; rows still unpublished here become change 1, after the watermark 0. So do the
-- index by role (every addition paid for it; a publication reads rows only for bins the publishing
-- process does not hold, with one scan) and each row's task id (nobody read it but the old marking),
-- which V29 drops. Every statement here may run again: H2 commits each DDL statement, so a start
-- stopped half-way repeats the migration, and the UPDATEs still find the old flag (V29 drops it).
ALTER TABLE tuf_artifact_lock ADD COLUMN IF NOT EXISTS seq BIGINT DEFAULT 1 NOT NULL;
ALTER TABLE tuf_repository ADD COLUMN IF NOT EXISTS published_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE tuf_tasks ADD COLUMN IF NOT EXISTS seq BIGINT;
ALTER TABLE tuf_artifacts ADD COLUMN IF NOT EXISTS seq BIGINT DEFAULT 0 NOT NULL;
UPDATE tuf_artifacts SET seq = 1 WHERE published = FALSE;
UPDATE tuf_tasks SET seq = 1 WHERE task_id IN (SELECT task_id FROM tuf_artifacts WHERE published = FALSE);
DROP INDEX IF EXISTS tuf_artifacts_pending;
DROP INDEX IF EXISTS tuf_artifacts_task;
DROP INDEX IF EXISTS tuf_artifacts_role;
CREATE INDEX IF NOT EXISTS tuf_artifacts_seq ON tuf_artifacts (seq);
