package io.keyport.model.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One entry of the hash-chained audit log. {@code hash} is the hex SHA-256 of the canonical JSON
 * of every other field, {@code prev_hash} included, so changing or removing any entry breaks the
 * chain from there on. {@code hash_rule} says which canonical JSON: 1 (entries written before
 * rule 2 existed) hashes the OLPC dialect without the {@code hash_rule} field; 2 hashes the fully
 * escaped dialect with {@code "hash_rule":2} included (docs/audit.md).
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
        String hash,
        int hashRule) {}
