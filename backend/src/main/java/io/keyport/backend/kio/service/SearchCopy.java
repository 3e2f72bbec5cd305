package io.keyport.backend.kio.service;

import com.fasterxml.jackson.core.JsonGenerator;
import io.keyport.backend.kio.store.ApplicationStore;
import io.keyport.model.common.Json;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.ApplicationFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This replica's copy of the searched applications (decision 0051): each one by its numeric key,
 * with its searched fields already lower-cased, so a search reads from the database only the
 * search generation and the postings of its rarest trigram, and decides, ranks and excerpts in
 * memory.
 *
 * <p>Kept consistent with the database across replicas by the search generation: every
 * application write bumps it and stamps its row in the same transaction, and the row lock orders
 * those writes. Each search reads the generation first; when it is ahead of the copy, the
 * applications stamped after the copy's generation are read again (all of them on the first search
 * after a start). Whatever a search sees was committed no later than the moment it read the
 * generation, so a write acknowledged before a search started, on any replica, is in its answer.
 */
public final class SearchCopy {

    /** Search order: best rank first, then id. */
    private static final Comparator<Hit> BY_RANK = (a, b) -> {
        int byRank = Double.compare(b.rank(), a.rank());
        return byRank != 0 ? byRank : a.id().compareTo(b.id());
    };

    private static final byte[] MATCHED_RANK = ",\"matched_rank\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MATCHED_DESCRIPTION = ",\"matched_description\":".getBytes(StandardCharsets.US_ASCII);

    /** A search hit: the application's document, its rank and its excerpt. */
    public record Hit(Search.Document document, double rank, String headline) {

        public String id() {
            return document.application().id();
        }

        /** The hit as an application with its {@code matched_*} fields. */
        public Application application() {
            return document.application().withMatch(rank, headline);
        }
    }

    /**
     * How long searches must see a generation below the copy's, with none seeing it caught up,
     * before the copy is taken to be of a database that went back (restored from a backup) and is
     * loaded again. A single view behind the copy is normal: a search whose connection has not
     * yet seen the latest commit.
     */
    static final Duration WENT_BACK_AFTER = Duration.ofSeconds(5);

    /** Reads the applications stamped after a generation; {@link ApplicationStore#changedSince}. */
    @FunctionalInterface
    interface Loader {
        void changedSince(Connection c, long generation, ApplicationStore.KeyedConsumer consumer) throws SQLException;
    }

    /**
     * The documents of every application stamped at or below {@code generation}. A search works on
     * the one it was given from start to end. Catching up adds to the same map (a search on an
     * older one then also sees newer applications, which it may); loading again builds a new map
     * aside and replaces the whole copy at once, so no search ever sees a half-loaded one.
     */
    private record Copy(long generation, ConcurrentHashMap<Long, Search.Document> documents) {}

    private final ApplicationStore store;
    private final Loader loader;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    /** -1 before the first load. */
    private volatile Copy copy = new Copy(-1, new ConcurrentHashMap<>());
    /** When a search first saw the database behind the copy, since any saw it caught up; or null. */
    private volatile Instant behindSince;

    public SearchCopy(ApplicationStore store, Clock clock) {
        this(store, store::changedSince, clock);
    }

    SearchCopy(ApplicationStore store, Loader loader, Clock clock) {
        this.store = store;
        this.loader = loader;
        this.clock = clock;
    }

    /**
     * The hits for {@code terms} (lower-case words, not empty) among the applications matching
     * {@code filter}, ordered by rank (best first), then id.
     */
    public List<Hit> search(Connection c, ApplicationFilter filter, List<String> terms) throws SQLException {
        ConcurrentHashMap<Long, Search.Document> documents = refresh(c).documents();
        List<Hit> hits = new ArrayList<>();
        long[] keys = store.candidateKeys(c, terms);
        if (keys == null) {
            for (Search.Document d : documents.values()) {
                consider(d, filter, terms, hits);
            }
        } else {
            for (long key : keys) {
                // A key missing here belongs to an application written after the generation was read.
                Search.Document d = documents.get(key);
                if (d != null) {
                    consider(d, filter, terms, hits);
                }
            }
        }
        hits.sort(BY_RANK);
        return hits;
    }

    /**
     * The copy to search: one holding every application committed at the generation stored now, as
     * this connection sees it (it may hold more).
     */
    private Copy refresh(Connection c) throws SQLException {
        Copy current = copy;
        long stored = store.searchGeneration(c);
        if (stored == current.generation()) {
            if (behindSince != null) {
                behindSince = null;
            }
            return current;
        }
        refreshing.lock();
        try {
            current = copy;
            // Read again under the lock: a search that waited while another caught the copy up
            // holds an older value, which is not the database going back.
            stored = store.searchGeneration(c);
            if (stored >= current.generation()) {
                behindSince = null;
                if (stored > current.generation()) {
                    ConcurrentHashMap<Long, Search.Document> documents = current.documents();
                    loader.changedSince(
                            c, current.generation(), (key, app) -> documents.put(key, new Search.Document(app)));
                    current = new Copy(stored, documents);
                    copy = current;
                }
                return current;
            }
            // This connection sees the database behind the copy. Usually it has not yet seen a
            // commit that another search already loaded: the copy holds all it sees, and more.
            // Only when that lasts is the database taken to have gone back.
            Instant now = clock.instant();
            Instant since = behindSince;
            if (since == null) {
                behindSince = now;
                return current;
            }
            if (Duration.between(since, now).compareTo(WENT_BACK_AFTER) < 0) {
                return current;
            }
            ConcurrentHashMap<Long, Search.Document> documents = new ConcurrentHashMap<>();
            loader.changedSince(c, -1, (key, app) -> documents.put(key, new Search.Document(app)));
            current = new Copy(stored, documents);
            copy = current;
            behindSince = null;
            return current;
        } finally {
            refreshing.unlock();
        }
    }

    private static void consider(Search.Document d, ApplicationFilter filter, List<String> terms, List<Hit> hits) {
        if (matches(filter, d.application()) && d.containsAll(terms)) {
            hits.add(new Hit(d, d.rank(terms), d.headline(terms)));
        }
    }

    /**
     * The JSON array of {@code hits}, byte for byte what {@code Json.mapper()} writes for their
     * {@link Hit#application()}s: each application's JSON, written once per application, with the
     * two {@code matched_*} fields (its last properties) appended, their values written by the
     * mapper's own generator so that numbers and escapes are its own.
     */
    public static byte[] json(List<Hit> hits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(hits.size() * 1024 + 2);
        try (JsonGenerator values = Json.mapper().createGenerator(out)) {
            values.setRootValueSeparator(null);
            out.write('[');
            for (int i = 0; i < hits.size(); i++) {
                Hit hit = hits.get(i);
                if (i > 0) {
                    out.write(',');
                }
                byte[] app = hit.document().json();
                out.write(app, 0, app.length - 1);
                out.writeBytes(MATCHED_RANK);
                values.writeNumber(hit.rank());
                values.flush();
                out.writeBytes(MATCHED_DESCRIPTION);
                values.writeString(hit.headline());
                values.flush();
                out.write('}');
            }
            out.write(']');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The filter's conditions as {@link ApplicationStore#scan} puts them to the database. Stored
     * timestamps have whole milliseconds; a bound with a fraction of a microsecond is compared
     * exactly, as H2 compares it (PostgreSQL rounds the bound to microseconds first).
     */
    static boolean matches(ApplicationFilter filter, Application a) {
        return (filter.teamId() == null || filter.teamId().equals(a.teamId()))
                && (filter.incidentContact() == null || filter.incidentContact().equals(a.incidentContact()))
                && (filter.active() == null || filter.active() == a.active())
                && (filter.modifiedBefore() == null || !a.lastModified().isAfter(filter.modifiedBefore()))
                && (filter.modifiedAfter() == null || !a.lastModified().isBefore(filter.modifiedAfter()));
    }
}
