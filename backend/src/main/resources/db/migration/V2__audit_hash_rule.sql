-- The hash rule of each audit entry (docs/audit.md, "Hash rules"). Entries written before this
-- migration were hashed under rule 1 (OLPC canonical JSON: strings escape only '"' and '\', so a
-- control character was hashed and stored raw); the server writes every new entry under rule 2
-- (canonical JSON escaping everything the JSON grammar requires). The verifier applies each
-- entry's own rule.
ALTER TABLE audit_log ADD COLUMN hash_rule SMALLINT DEFAULT 1 NOT NULL;
