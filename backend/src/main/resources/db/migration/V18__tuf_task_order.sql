-- Artifact changes apply in the order the API accepted them (decision 0042): before an addition or
-- removal runs, every earlier accepted addition or removal still unfinished runs first, found by
-- this index (status is NULL until a task ran; queue_task grows with acceptance).
CREATE INDEX tuf_tasks_unfinished ON tuf_tasks (status, queue_task);

-- Who asked for each RSTUF task ("<realm>:<uid>"), so GET /api/v1/task without task_id lists the
-- caller's own tasks, newest first. Tasks accepted before this migration have none.
ALTER TABLE tuf_tasks ADD COLUMN caller VARCHAR(300);
CREATE INDEX tuf_tasks_caller ON tuf_tasks (caller, queue_task);
