-- Artifact changes take a lock of their own (decision 0054): additions and removals in a repository
-- with hash bins lock this one row instead of the repository row, so they run while a publication
-- holds the repository lock, and still one at a time, in acceptance order (decision 0042).
CREATE TABLE tuf_artifact_lock (
    id INTEGER PRIMARY KEY
);
INSERT INTO tuf_artifact_lock (id) VALUES (1);
