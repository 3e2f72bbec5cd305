-- The Pier One REST API over the image registry (issue 8 section 4), decision 0032.

-- The image id of each stored manifest, as Pier One reports it in a tag's "image" and looks it up
-- by prefix in GET /tags/{prefix}: the config digest of an image manifest, the manifest's own
-- digest for an index. Written in the transaction that stores the manifest. No foreign keys here
-- or below: takedowns and garbage collection delete manifests and blobs, and every read joins
-- from registry_tags, so a row left behind is never reported.
CREATE TABLE registry_images (
    repository      VARCHAR(255) NOT NULL,
    manifest_digest VARCHAR(160) NOT NULL,
    image_id        VARCHAR(160) NOT NULL,
    PRIMARY KEY (repository, manifest_digest)
);
CREATE INDEX registry_images_image_id ON registry_images (image_id);

-- What the scan of a layer (a gzip or plain tar, read once as a stream by a task enqueued with
-- the manifest that references it) found: found is false when the layer holds no scm-source.json,
-- so a base layer shared by many images is read once. created is the blob's commit time (as
-- Pier One's per-layer record), so an X-SCM-Source given at the later tag push is newer.
CREATE TABLE registry_layer_scm_sources (
    digest   VARCHAR(160)  NOT NULL PRIMARY KEY,
    found    BOOLEAN       NOT NULL,
    url      VARCHAR(2048),
    revision VARCHAR(255),
    author   VARCHAR(255),
    status   VARCHAR(1024),
    created  TIMESTAMP WITH TIME ZONE NOT NULL
);
