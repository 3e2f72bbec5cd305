-- Issue 6, Kio search at scale (decision 0009).
--
-- A trigram index for GET /apps?search=, the same table on H2 and PostgreSQL: for every
-- application each distinct three-character window of the words of its search_text. A search
-- reads the B-tree on (gram, application_id) to find the candidates and still checks
-- search_text LIKE '%word%', so results are those of the full scan they replace. The server
-- writes these rows in the transaction that writes the application (ApplicationStore).
CREATE TABLE application_search_grams (
    gram           VARCHAR(3)  NOT NULL,
    application_id VARCHAR(64) NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, application_id)
);
CREATE INDEX application_search_grams_application ON application_search_grams (application_id);

-- Backfill the applications written before this migration, in portable SQL: every window of
-- three characters without a space. That is a superset of what the server writes (the server
-- leaves out windows with punctuation, which no search word can contain); the extra rows are
-- never looked up by a search and the next write of the application removes them. The positions
-- are a keyed table so that each application joins only the positions its text has.
CREATE TABLE search_backfill_positions (n INTEGER NOT NULL PRIMARY KEY);
INSERT INTO search_backfill_positions (n)
WITH RECURSIVE positions (n) AS (
    SELECT 1
    UNION ALL
    SELECT n + 1 FROM positions
    WHERE n < (SELECT COALESCE(MAX(CHAR_LENGTH(search_text)), 0) - 2 FROM applications)
)
SELECT n FROM positions;

INSERT INTO application_search_grams (gram, application_id)
SELECT DISTINCT SUBSTRING(a.search_text FROM p.n FOR 3), a.id
FROM applications a
JOIN search_backfill_positions p ON p.n <= CHAR_LENGTH(a.search_text) - 2
WHERE SUBSTRING(a.search_text FROM p.n FOR 3) NOT LIKE '% %';

DROP TABLE search_backfill_positions;
