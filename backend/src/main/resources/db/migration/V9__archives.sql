-- Application archives (kploy's KAR registry), decision 0028.
--
-- archive_contents: one row per distinct archive content, keyed by its SHA-256 (the archive id);
-- the bytes live in blob storage under archives/sha256/<id>. Uploads and deletes lock this row, so
-- the blob is written, shared and removed under one lock: a delete that removes the last workspace
-- entry removes the blob inside the same transaction, and an upload of the same bytes waits for it.
CREATE TABLE archive_contents (
    id       CHAR(64)                 NOT NULL PRIMARY KEY,
    size     BIGINT                   NOT NULL CHECK (size >= 0),
    created  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- archives: an archive in a workspace (kploy's GCS object <workspace><id>.zip) with its Kployfile
-- metadata (files: a JSON array of the zip's entry names). team_id is the team it was uploaded for
-- (null for an admin's upload without a team): its members and admins may delete it.
CREATE TABLE archives (
    workspace       VARCHAR(512)             NOT NULL,
    id              CHAR(64)                 NOT NULL REFERENCES archive_contents (id),
    generation      BIGINT                   NOT NULL,
    created         TIMESTAMP WITH TIME ZONE NOT NULL,
    team_id         VARCHAR(255),
    uploaded_by     VARCHAR(255)             NOT NULL,
    kploy_name      VARCHAR(1024),
    kploy_author    VARCHAR(1024),
    kploy_namespace VARCHAR(1024),
    kploy_source    VARCHAR(1024),
    files           VARCHAR(1048576)         NOT NULL,
    PRIMARY KEY (workspace, id)
);
CREATE INDEX archives_id ON archives (id);
