-- The image registry (OCI Distribution 1.1, Pier One's immutable tags), decision 0025.
--
-- Blob bytes live in the platform's BlobStorage under registry/blobs/<alg>/<2 hex>/<hex>, once per
-- digest, whichever repository pushed them; these tables say which repository may see which blob,
-- hold the manifests byte for byte, the tags, and the upload sessions any replica can continue.

-- A repository appears with its first manifest; team is the first component of its name.
CREATE TABLE registry_repositories (
    name    VARCHAR(255) NOT NULL PRIMARY KEY,
    team    VARCHAR(255) NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX registry_repositories_team ON registry_repositories (team);

-- One row per stored blob (content-addressed, de-duplicated across repositories). created is
-- when it was committed: garbage collection keeps blobs younger than its grace period.
CREATE TABLE registry_blobs (
    digest  VARCHAR(160) NOT NULL PRIMARY KEY,
    size    BIGINT       NOT NULL CHECK (size >= 0),
    created TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Which repository holds which blob (pushed or mounted there). A blob is served, mounted and
-- accepted as a manifest's reference only through this link. No FK to registry_repositories: a
-- blob is uploaded before the manifest that creates the repository.
CREATE TABLE registry_repository_blobs (
    repository VARCHAR(255) NOT NULL,
    digest     VARCHAR(160) NOT NULL REFERENCES registry_blobs (digest),
    created    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (repository, digest)
);
CREATE INDEX registry_repository_blobs_digest ON registry_repository_blobs (digest);

-- Manifests, byte for byte as pushed (the digest is over these bytes). artifact_type is the
-- manifest's artifactType, else its config's media type (what the referrers API reports);
-- annotations the manifest's annotations as JSON text; subject_digest its subject, if any.
CREATE TABLE registry_manifests (
    repository     VARCHAR(255)  NOT NULL REFERENCES registry_repositories (name),
    digest         VARCHAR(160)  NOT NULL,
    media_type     VARCHAR(255)  NOT NULL,
    artifact_type  VARCHAR(255),
    subject_digest VARCHAR(160),
    annotations    VARCHAR(4194304),
    size           BIGINT        NOT NULL CHECK (size >= 0),
    content        BYTEA         NOT NULL,
    pusher         VARCHAR(128)  NOT NULL,
    created        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (repository, digest)
);
CREATE INDEX registry_manifests_subject ON registry_manifests (repository, subject_digest);

-- What a manifest refers to (strong references for garbage collection and takedowns): its config
-- and layers (kind 'blob') and, for an index, its child manifests (kind 'manifest').
CREATE TABLE registry_manifest_references (
    repository      VARCHAR(255) NOT NULL,
    manifest_digest VARCHAR(160) NOT NULL,
    kind            VARCHAR(16)  NOT NULL CHECK (kind IN ('blob', 'manifest')),
    digest          VARCHAR(160) NOT NULL,
    PRIMARY KEY (repository, manifest_digest, kind, digest),
    FOREIGN KEY (repository, manifest_digest) REFERENCES registry_manifests (repository, digest)
);
CREATE INDEX registry_manifest_references_digest ON registry_manifest_references (digest);

-- Tags. The primary key is what makes a tag immutable across replicas: of two concurrent pushes of
-- one tag exactly one INSERT succeeds. Only *-SNAPSHOT tags are ever updated (Pier One).
-- created/pusher/pusher_realm are of the push that set the tag; scm_source the X-SCM-Source JSON.
CREATE TABLE registry_tags (
    repository      VARCHAR(255)  NOT NULL,
    name            VARCHAR(128)  NOT NULL,
    manifest_digest VARCHAR(160)  NOT NULL,
    pusher          VARCHAR(128)  NOT NULL,
    pusher_realm    VARCHAR(32)   NOT NULL,
    scm_source      VARCHAR(4096),
    created         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (repository, name),
    FOREIGN KEY (repository, manifest_digest) REFERENCES registry_manifests (repository, digest)
);
CREATE INDEX registry_tags_created ON registry_tags (repository, created);
CREATE INDEX registry_tags_manifest ON registry_tags (manifest_digest);

-- Upload sessions (end-4a..end-6, end-13, end-14). id is the session id in the Location URL and
-- the id of the staged BlobStorage write (decision 0007); size the bytes received and durable;
-- digest_state the running hash (ResumableDigest), so any replica continues the session.
CREATE TABLE registry_uploads (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    repository   VARCHAR(255) NOT NULL,
    size         BIGINT       NOT NULL CHECK (size >= 0),
    digest_state BYTEA        NOT NULL,
    uploader     VARCHAR(128) NOT NULL,
    created      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX registry_uploads_updated ON registry_uploads (updated);
