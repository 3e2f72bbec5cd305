package io.keyport.backend.audit.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.audit.store.AuditStore;
import io.keyport.backend.db.Database;
import io.keyport.model.audit.AuditEntry;
import io.keyport.model.audit.AuditFilter;
import io.keyport.model.common.CanonicalJson;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The tamper-evident audit log. Every write of every domain calls {@link #append} with the
 * connection of its own transaction, so the entry exists exactly when the change does.
 *
 * <p>Entry {@code n} stores {@code prev_hash} = hash of entry {@code n-1} (64 zeros for the first)
 * and {@code hash} = SHA-256 over the canonical JSON of
 * {@code {seq, time, actor, realm, action, target, details, prev_hash}}. {@link #verify} recomputes
 * the chain; an edited, inserted or deleted row shows as the first broken entry.
 */
public final class AuditService {

    public static final String GENESIS = "0".repeat(64);

    private final Database database;
    private final AuditStore store;
    private final boolean off;

    public AuditService(Database database, AuditStore store) {
        this(database, store, false);
    }

    private AuditService(Database database, AuditStore store, boolean off) {
        this.database = database;
        this.store = store;
        this.off = off;
    }

    /**
     * An audit log whose {@link #append} writes nothing (answers null): {@code KEYPORT_AUDIT=off},
     * only to measure what auditing costs (bench/audit).
     */
    public static AuditService offForBenchmark(Database database, AuditStore store) {
        return new AuditService(database, store, true);
    }

    /**
     * Appends an entry inside the caller's transaction. {@code details} is any JSON-mappable value;
     * it must never carry secrets (passwords, client secrets, tokens).
     */
    public AuditEntry append(Connection c, Actor actor, String action, String target, Object details) throws SQLException {
        if (off) {
            return null;
        }
        // Everything that does not depend on the head is done before locking it: concurrent writers
        // queue on the head lock until this transaction commits (decision 0005).
        JsonNode detailTree = details == null ? Json.mapper().createObjectNode() : Json.mapper().valueToTree(details);
        String canonicalDetails = new String(CanonicalJson.encode(detailTree), java.nio.charset.StandardCharsets.UTF_8);
        AuditStore.Head head = store.lockHead(c);
        long seq = head.seq() + 1;
        Instant time = Timestamps.now();
        String hash = hash(seq, time, actor.uid(), actor.realm(), action, target, detailTree, head.hash());
        store.append(c, new AuditStore.Row(seq, time, actor.uid(), actor.realm(), action, target, canonicalDetails,
                head.hash(), hash));
        return new AuditEntry(seq, time, actor.uid(), actor.realm(), action, target, detailTree, head.hash(), hash);
    }

    /** A page of entries; see {@link AuditStore#find}. */
    public List<AuditEntry> find(AuditFilter filter, long cursor, boolean descending, int limit) {
        return database.read(c -> store.find(c, filter, cursor, descending, limit).stream().map(AuditService::entry).toList());
    }

    /** Streams every entry matching {@code filter} in sequence order. */
    public void export(AuditFilter filter, EntrySink sink) {
        database.read(c -> {
            long cursor = 0;
            while (true) {
                List<AuditStore.Row> page = store.find(c, filter, cursor, false, 1000);
                for (AuditStore.Row row : page) {
                    sink.accept(entry(row));
                }
                if (page.size() < 1000) {
                    return null;
                }
                cursor = page.getLast().seq();
            }
        });
    }

    /**
     * Recomputes the whole chain. The head is read before the scan: entries appended while the
     * scan runs are verified like any other but are not required, so a verification running
     * beside writers never reports a false break. The first broken sequence number is the first
     * entry that is missing, altered, or no longer linked to its predecessor.
     */
    public Verification verify() {
        return database.read(c -> {
            AuditStore.Head head = store.head(c).orElseThrow();
            long[] expectedSeq = {1};
            String[] prev = {GENESIS};
            String[] hashAtHead = {head.seq() == 0 ? GENESIS : null};
            Verification[] broken = {null};
            store.scan(c, row -> {
                String reason = null;
                if (row.seq() != expectedSeq[0]) {
                    reason = "sequence gap: entry " + expectedSeq[0] + " is missing";
                } else if (!row.prevHash().equals(prev[0])) {
                    reason = "prev_hash does not match the hash of the previous entry";
                } else {
                    JsonNode details;
                    try {
                        details = Json.mapper().readTree(row.details());
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        details = null;
                    }
                    if (details == null || !hash(row.seq(), row.time(), row.actor(), row.realm(), row.action(),
                            row.target(), details, row.prevHash()).equals(row.hash())) {
                        reason = "hash does not match the entry's content";
                    }
                }
                if (reason != null) {
                    broken[0] = new Verification(false, expectedSeq[0] - 1, expectedSeq[0], reason);
                    return false;
                }
                if (row.seq() == head.seq()) {
                    hashAtHead[0] = row.hash();
                }
                expectedSeq[0]++;
                prev[0] = row.hash();
                return true;
            });
            if (broken[0] != null) {
                return broken[0];
            }
            long entries = expectedSeq[0] - 1;
            if (entries < head.seq()) {
                return new Verification(false, entries, entries + 1, "entries from seq " + (entries + 1) + " on are missing");
            }
            if (!head.hash().equals(hashAtHead[0])) {
                return new Verification(false, head.seq() - 1, head.seq(), "the head of the chain does not match entry "
                        + head.seq());
            }
            return new Verification(true, entries, null, null);
        });
    }

    static String hash(long seq, Instant time, String actor, String realm, String action, String target,
                       JsonNode details, String prevHash) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("seq", seq);
        node.put("time", Timestamps.format(time));
        node.put("actor", actor);
        node.put("realm", realm);
        node.put("action", action);
        node.put("target", target);
        node.set("details", details);
        node.put("prev_hash", prevHash);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(node)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuditEntry entry(AuditStore.Row row) {
        try {
            return new AuditEntry(row.seq(), row.time(), row.actor(), row.realm(), row.action(), row.target(),
                    Json.mapper().readTree(row.details()), row.prevHash(), row.hash());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The result of a verification: {@code intact} with the number of verified entries, or the
     * sequence number of the first broken entry and why.
     */
    public record Verification(boolean intact, long verifiedEntries, Long firstBrokenSeq, String reason) {
        public Map<String, Object> toJson() {
            return intact
                    ? Map.of("intact", true, "entries", verifiedEntries)
                    : Map.of("intact", false, "entries", verifiedEntries, "first_broken_seq", firstBrokenSeq, "reason", reason);
        }
    }

    /** Receives exported entries. */
    @FunctionalInterface
    public interface EntrySink {
        void accept(AuditEntry entry) throws SQLException;
    }
}
