-- Published TUF metadata as bytes (decision 0059): a publication with 256 hash bins rewrites nearly
-- every bin (tens of megabytes of JSON at 100,000 targets), and the files are served and hashed as
-- UTF-8 bytes. New versions go into body; content stays for the versions written before this
-- migration (a row has one or the other), so nothing is converted here and every root version keeps
-- its exact bytes. BYTEA is PostgreSQL's type and an H2 name for BINARY VARYING. Both statements may
-- run again (H2 commits each DDL statement, so a start stopped between them repeats the migration).
ALTER TABLE tuf_metadata ADD COLUMN IF NOT EXISTS body BYTEA;
ALTER TABLE tuf_metadata ALTER COLUMN content DROP NOT NULL;
