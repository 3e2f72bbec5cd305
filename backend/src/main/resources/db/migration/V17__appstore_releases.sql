-- App Store releases (decision 0044): charts of the catalogue installed with Helm into a deployment
-- target. Keyport keeps who owns and manages each release and the history of its revisions; Helm
-- keeps its own release records in the cluster. Installs, upgrades, rollbacks and uninstalls run
-- as tasks of the durable queue (decision 0008): pending_task names the running one, and a second
-- change while it is set is refused.
CREATE TABLE appstore_releases (
    id            VARCHAR(53)   NOT NULL PRIMARY KEY,
    package       VARCHAR(100)  NOT NULL,
    target_id     VARCHAR(63)   NOT NULL,
    owner         VARCHAR(128)  NOT NULL,
    chart_version VARCHAR(128)  NOT NULL,
    values_json   TEXT          NOT NULL,
    status        VARCHAR(32)   NOT NULL,
    revision      INTEGER       NOT NULL,
    pending_task  BIGINT,
    last_error    VARCHAR(4096),
    last_deployed TIMESTAMP WITH TIME ZONE,
    created       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX appstore_releases_owner ON appstore_releases (owner);

-- The teams whose members manage a release besides its owner (the design's adminGroups).
CREATE TABLE appstore_release_groups (
    release_id VARCHAR(53) NOT NULL REFERENCES appstore_releases (id) ON DELETE CASCADE,
    team_id    VARCHAR(64) NOT NULL,
    PRIMARY KEY (release_id, team_id)
);
CREATE INDEX appstore_release_groups_team ON appstore_release_groups (team_id);

-- One row per Helm revision that Keyport deployed: chart version, values and the manifest Helm
-- rendered, so that a rollback deploys the same chart and values again and the status names the
-- resources.
CREATE TABLE appstore_release_revisions (
    release_id    VARCHAR(53)   NOT NULL REFERENCES appstore_releases (id) ON DELETE CASCADE,
    revision      INTEGER       NOT NULL,
    chart_version VARCHAR(128)  NOT NULL,
    values_json   TEXT          NOT NULL,
    status        VARCHAR(32)   NOT NULL,
    description   VARCHAR(255)  NOT NULL,
    manifest      TEXT          NOT NULL,
    deployed      TIMESTAMP WITH TIME ZONE NOT NULL,
    deployed_by   VARCHAR(128)  NOT NULL,
    PRIMARY KEY (release_id, revision)
);

-- The approval gate of a package: only chart versions whose appVersion is an approved version of
-- this Kio application may be installed.
CREATE TABLE appstore_package_gates (
    package        VARCHAR(100) NOT NULL PRIMARY KEY,
    application_id VARCHAR(128) NOT NULL,
    created        TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by     VARCHAR(128) NOT NULL
);
