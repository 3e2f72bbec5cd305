-- The per-row published flag and task id that V28 replaced with change numbers (decision 0062).
-- Apart from V28 so that V28 may run again after a start stopped half-way (H2 commits each DDL
-- statement): it reads the flag. Both statements here may run again too.
ALTER TABLE tuf_artifacts DROP COLUMN IF EXISTS published;
ALTER TABLE tuf_artifacts DROP COLUMN IF EXISTS task_id;
