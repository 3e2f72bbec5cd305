-- Artifact changes apply in the order the API accepted them (decision 0042): before an addition or
-- removal runs, every earlier accepted addition or removal still unfinished runs first, found by
-- this index (status is NULL until a task ran; queue_task grows with acceptance).
CREATE INDEX tuf_tasks_unfinished ON tuf_tasks (status, queue_task);
