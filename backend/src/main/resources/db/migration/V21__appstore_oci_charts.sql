-- Helm charts pushed as OCI artifacts into Keyport's image registry join the catalogue (decision
-- 0045). repo: the repository of a chart, where its first version came from: 'keyport' (uploaded
-- through POST /api/charts) or 'oci' (pushed into the registry). source: for a version from the
-- registry, the manifest it came from as <repository>@<digest>; null for uploads.
ALTER TABLE appstore_charts ADD COLUMN repo VARCHAR(16) DEFAULT 'keyport' NOT NULL;
ALTER TABLE appstore_chart_versions ADD COLUMN source VARCHAR(400);
