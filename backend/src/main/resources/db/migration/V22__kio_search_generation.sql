-- Issue 6 §8, Kio search at 10,000 and 100,000 applications (decision 0051).
--
-- Each replica answers search from an in-memory copy of the searched applications. This one row
-- is bumped by every application write in that write's transaction, and the write stamps its row
-- with the new value, so a replica that reads the row and finds it ahead of its copy re-reads
-- exactly the applications stamped later. The row lock orders the writes: every stamp at or below
-- the value a reader sees belongs to a committed write.
--
-- Every statement may run again: on H2 each one commits on its own, so a start stopped during this
-- migration (it adds a column and an index to every application) leaves part of it done, and the
-- next start runs the whole script again.
CREATE TABLE IF NOT EXISTS kio_search_state (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);
INSERT INTO kio_search_state (id, generation)
SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM kio_search_state);

ALTER TABLE applications ADD COLUMN IF NOT EXISTS search_generation BIGINT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS applications_search_generation ON applications (search_generation);
