-- TUF signing events and pruning (issue 9, decision 0037).
--
-- tuf_signing   metadata waiting for offline signatures (RSTUF's <ROLE>_SIGNING): today a new root
--               that has not yet reached the thresholds of the trusted root and of itself. One row
--               per role; the content is the metadata with the signatures collected so far, each
--               checked when it arrived. The row goes when the metadata is published or the event
--               is aborted (POST /api/v1/metadata/sign/delete).
CREATE TABLE tuf_signing (
    role     VARCHAR(255)      NOT NULL PRIMARY KEY,
    version  BIGINT            NOT NULL CHECK (version >= 1),
    content  VARCHAR(10485760) NOT NULL,
    task_id  VARCHAR(32)       NOT NULL,
    updated  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Pruning looks for the version of each role that was current at the retention's cut-off.
CREATE INDEX tuf_metadata_created ON tuf_metadata (role, created);
