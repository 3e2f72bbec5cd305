-- The registry's lifecycle (issue 8 sections 2 and 3, decision 0033): per-team tag rules and public
-- namespaces, the last-touched time of blobs that garbage collection's grace period runs from, and
-- the realm of an upload session's uploader (a long push continues on that principal).

-- One row per team that changed a default: the patterns of its tags that may move (newline
-- separated, '*' matches any run of characters; default '*-SNAPSHOT') and whether anonymous
-- callers may pull its repositories. A team without a row has the defaults.
CREATE TABLE registry_team_settings (
    team                 VARCHAR(255)  NOT NULL PRIMARY KEY,
    mutable_tag_patterns VARCHAR(4096) NOT NULL,
    public_pull          BOOLEAN       NOT NULL,
    updated              TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by           VARCHAR(128)  NOT NULL
);

-- When a blob was last committed, found by HEAD, mounted or named by a manifest PUT. Garbage
-- collection removes only blobs no manifest references whose touched is older than the grace
-- period; the UPDATE that touches a blob is also the row lock a manifest PUT holds against it.
ALTER TABLE registry_blobs ADD COLUMN touched TIMESTAMP WITH TIME ZONE;
UPDATE registry_blobs SET touched = created;
ALTER TABLE registry_blobs ALTER COLUMN touched SET NOT NULL;
CREATE INDEX registry_blobs_touched ON registry_blobs (touched);

-- The realm of the uploader (with uploader, the principal the session is bound to).
ALTER TABLE registry_uploads ADD COLUMN uploader_realm VARCHAR(32);
