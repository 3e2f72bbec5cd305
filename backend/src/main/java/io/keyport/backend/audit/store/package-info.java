/** JDBC persistence of the audit log and its chain head. */
package io.keyport.backend.audit.store;
