package io.keyport.model.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One entry of the hash-chained audit log. {@code hash} is the hex SHA-256 of the canonical JSON
 * of every other field, {@code prev_hash} included, so changing or removing any entry breaks the
 * chain from there on.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditEntry(
        long seq,
        Instant time,
        String actor,
        String realm,
        String action,
        String target,
        JsonNode details,
        String prevHash,
        String hash) {
}
