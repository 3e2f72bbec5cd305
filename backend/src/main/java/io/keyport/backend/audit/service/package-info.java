/** The hash-chained audit log: append inside the caller's transaction, query, verify the chain. */
package io.keyport.backend.audit.service;
