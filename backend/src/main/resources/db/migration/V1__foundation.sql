-- Keyport foundation schema: identity, applications (Kio), versions, approvals, audit log.
-- One migration set for H2 (PostgreSQL mode) and PostgreSQL: portable types only.

CREATE TABLE teams (
    id               VARCHAR(64)  NOT NULL PRIMARY KEY,
    name             VARCHAR(255) NOT NULL,
    created          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by       VARCHAR(128) NOT NULL,
    last_modified    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_modified_by VARCHAR(128) NOT NULL
);

CREATE TABLE users (
    uid           VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    admin         BOOLEAN      NOT NULL DEFAULT FALSE,
    created       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_modified TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE team_members (
    team_id VARCHAR(64) NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    uid     VARCHAR(64) NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
    PRIMARY KEY (team_id, uid)
);
CREATE INDEX team_members_uid ON team_members (uid);

CREATE TABLE applications (
    id                        VARCHAR(64)  NOT NULL PRIMARY KEY,
    team_id                   VARCHAR(64)  NOT NULL REFERENCES teams (id),
    active                    BOOLEAN      NOT NULL,
    name                      VARCHAR(255) NOT NULL,
    subtitle                  VARCHAR(1024),
    description               VARCHAR(65536),
    service_url               VARCHAR(2048),
    scm_url                   VARCHAR(2048),
    documentation_url         VARCHAR(2048),
    specification_url         VARCHAR(2048),
    support_url               VARCHAR(2048),
    specification_type        VARCHAR(255),
    incident_contact          VARCHAR(255),
    criticality_level         INTEGER CHECK (criticality_level BETWEEN 1 AND 4),
    publicly_accessible       BOOLEAN      NOT NULL DEFAULT FALSE,
    created                   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by                VARCHAR(128) NOT NULL,
    last_modified             TIMESTAMP WITH TIME ZONE NOT NULL,
    last_modified_by          VARCHAR(128) NOT NULL,
    search_text               VARCHAR(70000) NOT NULL,
    policy_types              VARCHAR(2048),
    policy_required_approvers INTEGER CHECK (policy_required_approvers >= 1),
    policy_four_eyes          BOOLEAN      NOT NULL DEFAULT TRUE
);
CREATE INDEX applications_team_id ON applications (team_id);
CREATE INDEX applications_last_modified ON applications (last_modified);
CREATE INDEX applications_active ON applications (active);
CREATE INDEX applications_incident_contact ON applications (incident_contact);

CREATE TABLE versions (
    application_id   VARCHAR(64)   NOT NULL REFERENCES applications (id),
    id               VARCHAR(128)  NOT NULL,
    artifact         VARCHAR(2048) NOT NULL,
    notes            VARCHAR(65536),
    created          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by       VARCHAR(128)  NOT NULL,
    last_modified    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_modified_by VARCHAR(128)  NOT NULL,
    approved_at      TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (application_id, id)
);

CREATE TABLE approvals (
    application_id VARCHAR(64)  NOT NULL,
    version_id     VARCHAR(128) NOT NULL,
    user_id        VARCHAR(128) NOT NULL,
    approval_type  VARCHAR(64)  NOT NULL,
    approved_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    notes          VARCHAR(65536),
    PRIMARY KEY (application_id, version_id, user_id, approval_type),
    FOREIGN KEY (application_id, version_id) REFERENCES versions (application_id, id) ON DELETE CASCADE
);

CREATE TABLE service_credentials (
    client_id      VARCHAR(96)  NOT NULL PRIMARY KEY,
    application_id VARCHAR(64)  NOT NULL REFERENCES applications (id),
    secret_hash    VARCHAR(128) NOT NULL,
    created        TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by     VARCHAR(128) NOT NULL,
    revoked_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX service_credentials_application ON service_credentials (application_id);

CREATE TABLE service_scopes (
    application_id VARCHAR(64)  NOT NULL REFERENCES applications (id),
    scope          VARCHAR(128) NOT NULL,
    PRIMARY KEY (application_id, scope)
);

CREATE TABLE audit_log (
    seq         BIGINT        NOT NULL PRIMARY KEY,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(128)  NOT NULL,
    realm       VARCHAR(32)   NOT NULL,
    action      VARCHAR(128)  NOT NULL,
    target      VARCHAR(1024) NOT NULL,
    details     VARCHAR(1000000) NOT NULL,
    prev_hash   CHAR(64)      NOT NULL,
    hash        CHAR(64)      NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_target ON audit_log (target, seq);
CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at);

-- The head of the chain: one row, locked by every append so that sequence numbers and
-- prev_hash links stay gap-free under concurrent writers on any replica.
CREATE TABLE audit_head (
    id   INTEGER  NOT NULL PRIMARY KEY,
    seq  BIGINT   NOT NULL,
    hash CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
