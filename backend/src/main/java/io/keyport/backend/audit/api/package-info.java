/** The audit log over HTTP (admins only): query, verify, export. */
package io.keyport.backend.audit.api;
