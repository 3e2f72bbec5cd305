package io.keyport.backend.audit.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.audit.store.AuditStore;
import io.keyport.backend.db.Database;
import io.keyport.model.audit.AuditEntry;
import io.keyport.model.audit.AuditFilter;
import io.keyport.model.common.CanonicalJson;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The tamper-evident audit log. Every write of every domain calls {@link #append} with the
 * connection of its own transaction, so the entry exists exactly when the change does.
 *
 * <p>Entry {@code n} stores {@code prev_hash} = hash of entry {@code n-1} (64 zeros for the first)
 * and {@code hash} = SHA-256 over the canonical JSON of
 * {@code {seq, time, actor, realm, action, target, details, prev_hash}} as its {@link HashRule}
 * says. {@link #verify} recomputes the chain under each entry's own rule; an edited, inserted or
 * deleted row shows as the first broken entry.
 */
public final class AuditService {

    private final java.time.Clock clock;

    public static final String GENESIS = "0".repeat(64);

    private final Database database;
    private final AuditStore store;
    private final boolean off;

    /** The audit log over its own store, as the platform builds it. */
    public static AuditService open(Database database, java.time.Clock clock) {
        return new AuditService(database, new AuditStore(), clock);
    }

    public AuditService(Database database, AuditStore store, java.time.Clock clock) {
        this(database, store, clock, false);
    }

    private AuditService(Database database, AuditStore store, java.time.Clock clock, boolean off) {
        this.clock = clock;
        this.database = database;
        this.store = store;
        this.off = off;
    }

    /**
     * An audit log whose {@link #append} writes nothing (answers null): {@code KEYPORT_AUDIT=off},
     * only to measure what auditing costs (bench/audit).
     */
    public static AuditService offForBenchmark(Database database, java.time.Clock clock) {
        return new AuditService(database, new AuditStore(), clock, true);
    }

    /**
     * Appends an entry inside the caller's transaction. {@code details} is any JSON-mappable value;
     * it must never carry secrets (passwords, client secrets, tokens).
     */
    public AuditEntry append(Connection c, Actor actor, String action, String target, Object details) throws SQLException {
        if (off) {
            return null;
        }
        // The details are mapped before the head is locked: concurrent writers
        // queue on the head lock until this transaction commits (decision 0005).
        JsonNode detailTree = details == null ? Json.mapper().createObjectNode() : Json.mapper().valueToTree(details);
        AuditStore.Head head = store.lockHead(c);
        AuditStore.Row row = row(head.seq() + 1, Timestamps.now(clock), actor, action, target, detailTree, head.hash());
        store.append(c, row);
        return new AuditEntry(row.seq(), row.time(), actor.uid(), actor.realm(), action, target, detailTree, row.prevHash(),
                row.hash(), row.hashRule());
    }

    /** The row that follows {@code prevHash}, hashed and stored under the {@linkplain HashRule#CURRENT current rule}. */
    static AuditStore.Row row(long seq, Instant time, Actor actor, String action, String target, JsonNode details,
                              String prevHash) {
        int rule = HashRule.CURRENT;
        String hash = HashRule.hash(rule, seq, time, actor.uid(), actor.realm(), action, target, details, prevHash);
        return new AuditStore.Row(seq, time, actor.uid(), actor.realm(), action, target,
                HashRule.storedDetails(details, rule), prevHash, hash, rule);
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
            ChainCheck check = new ChainCheck();
            String[] hashAtHead = {head.seq() == 0 ? GENESIS : null};
            Verification[] broken = {null};
            store.scan(c, row -> {
                String reason = check.accept(row);
                if (reason != null) {
                    broken[0] = new Verification(false, check.verified(), check.verified() + 1, reason);
                    return false;
                }
                if (row.seq() == head.seq()) {
                    hashAtHead[0] = row.hash();
                }
                return true;
            });
            if (broken[0] != null) {
                return broken[0];
            }
            long entries = check.verified();
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

    /**
     * Checks rows one by one in sequence order: each must follow its predecessor without a gap,
     * link to its hash, use a known hash rule no older than its predecessor's, and hash, under its
     * own rule, to its stored hash. Pure, so that it can be tested without a database.
     */
    static final class ChainCheck {
        private long verified;
        private String prev = GENESIS;
        private int rule = 1;

        /** Null when {@code row} continues the chain, else why it does not (and the check stops being usable). */
        String accept(AuditStore.Row row) {
            long expected = verified + 1;
            if (row.seq() != expected) {
                return "sequence gap: entry " + expected + " is missing";
            }
            if (!prev.equals(row.prevHash())) {
                return "prev_hash does not match the hash of the previous entry";
            }
            if (!HashRule.known(row.hashRule())) {
                return "unknown hash rule " + row.hashRule();
            }
            if (row.hashRule() < rule) {
                return "hash rule " + row.hashRule() + " after an entry of rule " + rule;
            }
            if (CanonicalJson.hasUnpairedSurrogate(row.details())) {
                // rule 1 stored such a character as '?' and rule 2 as an escape: a raw one was put there later,
                // and rule 1's hash (over UTF-8, where it becomes '?') would not notice it
                return "the entry's details hold an unpaired surrogate, which no hash rule stores";
            }
            JsonNode details = HashRule.parseDetails(row.details(), row.hashRule()).orElse(null);
            String hash;
            try {
                hash = details == null ? null : HashRule.hash(row.hashRule(), row.seq(), row.time(), row.actor(), row.realm(),
                        row.action(), row.target(), details, row.prevHash());
            } catch (IllegalArgumentException e) {
                // content no entry of this rule can have (a fraction, a key with a lone surrogate): changed behind our back
                hash = null;
            }
            if (hash == null || !hash.equals(row.hash())) {
                return "hash does not match the entry's content";
            }
            verified = expected;
            prev = row.hash();
            rule = row.hashRule();
            return null;
        }

        long verified() {
            return verified;
        }
    }

    /** An entry for reading: never fails on what a row holds (see {@link HashRule#render}). */
    static AuditEntry entry(AuditStore.Row row) {
        return new AuditEntry(row.seq(), row.time(), row.actor(), row.realm(), row.action(), row.target(),
                HashRule.render(row.details(), row.hashRule()), row.prevHash(), row.hash(), row.hashRule());
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
