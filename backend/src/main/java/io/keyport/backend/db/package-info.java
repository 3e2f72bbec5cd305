/** JDBC plumbing: pool, migrations, transaction templates, SQLSTATE classification. */
package io.keyport.backend.db;
