-- Issue 6 §8, Kio search at 10,000 and 100,000 applications (decision 0051).
--
-- Each replica answers search from an in-memory copy of the searched applications. This one row
-- is bumped by every application write in that write's transaction, and the write stamps its row
-- with the new value, so a replica that reads the row and finds it ahead of its copy re-reads
-- exactly the applications stamped later. The row lock orders the writes: every stamp at or below
-- the value a reader sees belongs to a committed write.
CREATE TABLE kio_search_state (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);
INSERT INTO kio_search_state (id, generation) VALUES (1, 0);

ALTER TABLE applications ADD COLUMN search_generation BIGINT NOT NULL DEFAULT 0;
CREATE INDEX applications_search_generation ON applications (search_generation);
