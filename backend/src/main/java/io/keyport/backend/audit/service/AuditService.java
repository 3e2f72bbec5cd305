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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tamper-evident audit log. Every write of every domain calls {@link #append} with the
 * connection of its own transaction, so the entry exists exactly when the change does.
 *
 * <p>Entry {@code n} stores {@code prev_hash} = hash of entry {@code n-1} (64 zeros for the first)
 * and {@code hash} = SHA-256 over the canonical JSON of
 * {@code {seq, time, actor, realm, action, target, details, prev_hash}} as its {@link HashRule}
 * says. {@link #verify} recomputes the chain under each entry's own rule; an edited, inserted or
 * deleted row shows as the first broken entry.
 *
 * <p>Appending and chaining are two steps (decision 0015). {@link #append} inserts the entry as
 * <em>pending</em> in the writer's transaction, so it is durable with the change, and takes no lock:
 * concurrent writers commit (and wait for the disk) together. {@link #chainPending} then links
 * committed pending entries into the chain, many per transaction, under the {@code audit_head} row
 * lock, which keeps one chainer at a time across replicas. This server chains right after each
 * commit ({@link #awaitAppends} wakes the audit module's chainer job) and before every read of the
 * log ({@link #find}, {@link #export}, {@link #verify}), so a reader sees every entry committed
 * before it asked, linked and verified; entries left pending by a crash are chained at the next start.
 */
public final class AuditService {

    private final java.time.Clock clock;

    public static final String GENESIS = "0".repeat(64);

    /** Pending entries chained per transaction. */
    static final int CHAIN_BATCH = 500;

    private final Database database;
    private final AuditStore store;
    private final boolean off;
    /** One chaining pass of this process at a time (the head lock orders replicas). */
    private final ReentrantLock chaining = new ReentrantLock();
    /** A permit per committed transaction that appended, to wake the chainer job. */
    private final Semaphore appended = new Semaphore(0);

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
     * An audit log whose {@link #append} writes nothing: {@code KEYPORT_AUDIT=off},
     * only to measure what auditing costs (bench/audit).
     */
    public static AuditService offForBenchmark(Database database, java.time.Clock clock) {
        return new AuditService(database, new AuditStore(), clock, true);
    }

    /**
     * Appends an entry inside the caller's transaction: durable exactly when the caller's change
     * commits, chained into the log right after (see the class comment). {@code details} is any
     * JSON-mappable value; it must never carry secrets (passwords, client secrets, tokens).
     *
     * @throws IllegalArgumentException when {@code details} holds what no entry can (a fraction)
     */
    public void append(Connection c, Actor actor, String action, String target, Object details) throws SQLException {
        if (off) {
            return;
        }
        JsonNode detailTree = details == null
                ? Json.mapper().createObjectNode()
                : Json.mapper().valueToTree(details);
        int rule = HashRule.CURRENT;
        store.insertPending(
                c,
                Timestamps.now(clock),
                actor.uid(),
                actor.realm(),
                action,
                target,
                HashRule.storedDetails(detailTree, rule),
                rule);
        database.afterCommit(c, appended::release);
    }

    /**
     * Waits until this process committed an entry since the last wait, {@link #wakeChainer} was
     * called, or {@code timeout} passed. For the one chainer thread: call it after each
     * {@link #chainPending} pass; a commit during the pass makes it return at once.
     */
    public void awaitAppends(Duration timeout) throws InterruptedException {
        appended.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        appended.drainPermits();
    }

    /** Wakes a chainer waiting in {@link #awaitAppends}, e.g. to let it see that it should stop. */
    public void wakeChainer() {
        appended.release();
    }

    /**
     * Links every committed pending entry into the chain, in id order, {@link #CHAIN_BATCH} per
     * transaction, and returns how many it linked. Safe to call from any thread and any replica at
     * any time: the {@code audit_head} row lock admits one chainer, and an entry is moved (inserted
     * into the log, deleted from pending, the head moved) in one transaction or not at all.
     */
    public int chainPending() {
        if (off || !database.read(store::hasPending)) {
            return 0;
        }
        chaining.lock();
        try {
            int total = 0;
            while (true) {
                int linked = database.inTransaction(this::chainBatch);
                total += linked;
                if (linked < CHAIN_BATCH) {
                    return total;
                }
            }
        } finally {
            chaining.unlock();
        }
    }

    private int chainBatch(Connection c) throws SQLException {
        AuditStore.Head head = store.lockHead(c);
        List<AuditStore.Pending> pending = new ArrayList<>(store.pending(c, CHAIN_BATCH));
        if (pending.isEmpty()) {
            return 0;
        }
        // Entries of concurrent writers are stamped before they commit, so commit order and id
        // order can differ from time order by the length of a commit: link them by time (id for
        // equal times, which keeps one transaction's entries in their order), and never before the
        // time of the entry they follow, so that time never goes backwards along the chain.
        pending.sort(Comparator.comparing(AuditStore.Pending::time).thenComparingLong(AuditStore.Pending::id));
        Instant after = head.seq() == 0 ? null : store.time(c, head.seq()).orElse(null);
        List<AuditStore.Row> rows = new ArrayList<>(pending.size());
        long seq = head.seq();
        String prev = head.hash();
        for (AuditStore.Pending p : pending) {
            AuditStore.Row row = link(p, ++seq, prev, after);
            rows.add(row);
            prev = row.hash();
            after = row.time();
        }
        store.chain(c, pending, rows);
        return rows.size();
    }

    /**
     * The chained row of a pending entry, hashed under its own rule over exactly what was stored,
     * at {@code notBefore} when that is later than the entry's own time (null: no bound).
     */
    static AuditStore.Row link(AuditStore.Pending p, long seq, String prevHash, Instant notBefore) {
        JsonNode details = HashRule.parseDetails(p.details(), p.hashRule())
                .orElseThrow(() -> new IllegalStateException(
                        "pending audit entry " + p.id() + " holds details its rule cannot read"));
        Instant time = notBefore != null && notBefore.isAfter(p.time()) ? notBefore : p.time();
        String hash =
                HashRule.hash(p.hashRule(), seq, time, p.actor(), p.realm(), p.action(), p.target(), details, prevHash);
        return new AuditStore.Row(
                seq, time, p.actor(), p.realm(), p.action(), p.target(), p.details(), prevHash, hash, p.hashRule());
    }

    /** A page of entries; see {@link AuditStore#find}. */
    public List<AuditEntry> find(AuditFilter filter, long cursor, boolean descending, int limit) {
        chainPending();
        return database.read(c -> store.find(c, filter, cursor, descending, limit).stream()
                .map(AuditService::entry)
                .toList());
    }

    /** Streams every entry matching {@code filter} in sequence order. */
    public void export(AuditFilter filter, EntrySink sink) {
        chainPending();
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
     * entry that is missing, altered, or no longer linked to its predecessor. Entries committed
     * before the call but still pending (the chainer had not run, or the server was killed before
     * it did) are chained first, so they are verified too.
     */
    public Verification verify() {
        chainPending();
        return database.read(c -> {
            AuditStore.Head head = store.head(c).orElseThrow();
            ChainCheck check = new ChainCheck(head.seq());
            store.scan(c, check::continues);
            ChainCheck.Result scanned = check.result();
            long entries = scanned.verified();
            if (scanned.failure() != null) {
                return new Verification(false, entries, entries + 1, scanned.failure());
            }
            if (entries < head.seq()) {
                return new Verification(
                        false, entries, entries + 1, "entries from seq " + (entries + 1) + " on are missing");
            }
            if (!head.hash().equals(scanned.hashAtHead())) {
                return new Verification(
                        false, head.seq() - 1, head.seq(), "the head of the chain does not match entry " + head.seq());
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
        private final long headSeq;
        private long verified;
        private String prev = GENESIS;
        private int rule = 1;
        private String failure;
        private String hashAtHead;

        ChainCheck() {
            this(0);
        }

        /** A check that also remembers the hash of entry {@code headSeq}, the head read before the scan. */
        ChainCheck(long headSeq) {
            this.headSeq = headSeq;
            this.hashAtHead = headSeq == 0 ? GENESIS : null;
        }

        /**
         * What a scan found.
         *
         * @param verified   how many entries from the first continue the chain
         * @param failure    why the next one does not, or null
         * @param hashAtHead the hash of the head's entry if the scan reached it (the genesis hash for an empty log)
         */
        record Result(long verified, String failure, String hashAtHead) {}

        /** For a scan: accepts {@code row} and returns true to go on, or records why it broke the chain. */
        boolean continues(AuditStore.Row row) {
            failure = accept(row);
            if (failure != null) {
                return false;
            }
            if (row.seq() == headSeq) {
                hashAtHead = row.hash();
            }
            return true;
        }

        Result result() {
            return new Result(verified, failure, hashAtHead);
        }

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
            JsonNode details =
                    HashRule.parseDetails(row.details(), row.hashRule()).orElse(null);
            String hash;
            try {
                hash = details == null
                        ? null
                        : HashRule.hash(
                                row.hashRule(),
                                row.seq(),
                                row.time(),
                                row.actor(),
                                row.realm(),
                                row.action(),
                                row.target(),
                                details,
                                row.prevHash());
            } catch (IllegalArgumentException e) {
                // content no entry of this rule can have (a fraction, a key with a lone surrogate): changed behind our
                // back
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
        return new AuditEntry(
                row.seq(),
                row.time(),
                row.actor(),
                row.realm(),
                row.action(),
                row.target(),
                HashRule.render(row.details(), row.hashRule()),
                row.prevHash(),
                row.hash(),
                row.hashRule());
    }

    /**
     * The result of a verification: {@code intact} with the number of verified entries, or the
     * sequence number of the first broken entry and why.
     */
    public record Verification(boolean intact, long verifiedEntries, Long firstBrokenSeq, String reason) {
        public Map<String, Object> toJson() {
            return intact
                    ? Map.of("intact", true, "entries", verifiedEntries)
                    : Map.of(
                            "intact",
                            false,
                            "entries",
                            verifiedEntries,
                            "first_broken_seq",
                            firstBrokenSeq,
                            "reason",
                            reason);
        }
    }

    /** Receives exported entries. */
    @FunctionalInterface
    public interface EntrySink {
        void accept(AuditEntry entry) throws SQLException;
    }
}
