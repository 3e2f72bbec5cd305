-- The TUF repository (issue 9, decision 0030): RSTUF's Redis settings, Celery results and
-- PostgreSQL artifact rows, plus the published metadata, in the one database.
--
-- tuf_repository  one row (id 1): the bootstrap state and the settings the bootstrap payload gave
--                 (expirations per role, hash bins). Every change to the repository locks this row
--                 first (SELECT ... FOR UPDATE), so publications, renewals and settings changes of
--                 all replicas happen one after another.
-- tuf_tasks       RSTUF task ids (32 hex characters) of the changes the API accepted: the request
--                 (its artifacts, the root to bootstrap with), the durable queue's task that runs
--                 it (written in the request's transaction), and the RSTUF result once it ran.
-- tuf_artifacts   one row per target path: its bin, its target info (length, hashes, custom), and
--                 whether the last change to it (add or remove) is published yet.
-- tuf_roles       the current version and expiry of every role.
-- tuf_metadata    every published metadata file by role and version, as served: the versions of
--                 one publication commit together, so a client never sees a timestamp that points
--                 at a missing snapshot or bin.
CREATE TABLE tuf_repository (
    id              INTEGER      NOT NULL PRIMARY KEY CHECK (id = 1),
    bootstrap_state VARCHAR(16)  CHECK (bootstrap_state IN ('pre', 'signing', 'finished')),
    bootstrap_task  VARCHAR(32),
    settings        VARCHAR(1048576) NOT NULL,
    updated         TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO tuf_repository (id, bootstrap_state, bootstrap_task, settings, updated)
    VALUES (1, NULL, NULL, '{}', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00');

CREATE TABLE tuf_tasks (
    task_id     VARCHAR(32)  NOT NULL PRIMARY KEY,
    name        VARCHAR(64)  NOT NULL,
    queue_task  BIGINT       NOT NULL,
    created     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_update TIMESTAMP WITH TIME ZONE NOT NULL,
    request     VARCHAR(10485760) NOT NULL,
    status      BOOLEAN,
    message     VARCHAR(4096),
    error       VARCHAR(4096),
    details     VARCHAR(1048576)
);

CREATE TABLE tuf_artifacts (
    path      VARCHAR(1024)    NOT NULL PRIMARY KEY,
    role      VARCHAR(255)     NOT NULL,
    info      VARCHAR(1048576) NOT NULL,
    action    VARCHAR(8)       NOT NULL CHECK (action IN ('add', 'remove')),
    published BOOLEAN          NOT NULL,
    task_id   VARCHAR(32),
    updated   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX tuf_artifacts_role ON tuf_artifacts (role, action);
CREATE INDEX tuf_artifacts_pending ON tuf_artifacts (published, role);
CREATE INDEX tuf_artifacts_task ON tuf_artifacts (task_id, published);

CREATE TABLE tuf_roles (
    name    VARCHAR(255) NOT NULL PRIMARY KEY,
    version BIGINT       NOT NULL CHECK (version >= 1),
    expires TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE tuf_metadata (
    role    VARCHAR(255)      NOT NULL,
    version BIGINT            NOT NULL CHECK (version >= 1),
    content VARCHAR(10485760) NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (role, version)
);
