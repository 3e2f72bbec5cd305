-- Approval-gated TUF targets per application (decision 0053): whether an application's approved
-- versions become TUF targets. Kept on the TUF side, keyed by the Kio application id, so Kio's API
-- and its clients see no new field. No row means the default: signed.
CREATE TABLE tuf_app_targets (
    application VARCHAR(64)  NOT NULL PRIMARY KEY,
    enabled     BOOLEAN      NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(300) NOT NULL
);
