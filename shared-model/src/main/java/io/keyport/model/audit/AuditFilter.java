package io.keyport.model.audit;

import java.time.Instant;

/** Filters of the audit log queries (exact matches; inclusive time bounds); null fields do not filter. */
public record AuditFilter(String actor, String action, String target, Instant from, Instant to) {}
