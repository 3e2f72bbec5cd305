-- The App Store catalogue (decision 0029): Helm charts uploaded to Keyport's chart repository, and
-- the deployment targets that releases (later) install into.
--
-- A chart name belongs to the team that uploaded its first version; its versions are immutable
-- (a second upload of the same name and version is refused, as tags are). The archive itself is a
-- blob under charts/sha256/<digest>; a row here exists only once that blob was committed.
CREATE TABLE appstore_charts (
    name       VARCHAR(100) NOT NULL PRIMARY KEY,
    team_id    VARCHAR(64)  NOT NULL,
    created    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by VARCHAR(128) NOT NULL
);

-- metadata: Chart.yaml as JSON (only the fields of Helm's chart metadata), values_yaml as written,
-- values_schema: values.schema.json as JSON, readme: the chart's README.
CREATE TABLE appstore_chart_versions (
    name          VARCHAR(100)   NOT NULL REFERENCES appstore_charts (name),
    version       VARCHAR(128)   NOT NULL,
    digest        VARCHAR(64)    NOT NULL,
    size          BIGINT         NOT NULL CHECK (size > 0),
    created       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(128)   NOT NULL,
    metadata      VARCHAR(65536) NOT NULL,
    values_yaml   TEXT,
    values_schema TEXT,
    readme        TEXT,
    PRIMARY KEY (name, version)
);

-- One row: bumped by every change of the catalogue in the same transaction, so each replica knows
-- when its in-memory index is stale without reading the catalogue on every request.
CREATE TABLE appstore_catalogue (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    generation BIGINT  NOT NULL
);
INSERT INTO appstore_catalogue (id, generation) VALUES (1, 0);

-- Deployment targets: a namespace of a Kubernetes cluster reached through a kubeconfig (a reference
-- to where the server finds it, never its content), and the teams allowed to deploy there.
CREATE TABLE appstore_targets (
    id               VARCHAR(63)   NOT NULL PRIMARY KEY,
    cluster          VARCHAR(255)  NOT NULL,
    kubeconfig       VARCHAR(1024) NOT NULL,
    namespace        VARCHAR(63)   NOT NULL,
    description      VARCHAR(1024),
    created          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by       VARCHAR(128)  NOT NULL,
    last_modified    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_modified_by VARCHAR(128)  NOT NULL
);

CREATE TABLE appstore_target_teams (
    target_id VARCHAR(63) NOT NULL REFERENCES appstore_targets (id) ON DELETE CASCADE,
    team_id   VARCHAR(64) NOT NULL,
    PRIMARY KEY (target_id, team_id)
);
