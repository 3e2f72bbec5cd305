package io.keyport.backend.kio.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.db.Database;
import io.keyport.backend.db.Sql;
import io.keyport.backend.kio.store.ApplicationStore;
import io.keyport.backend.testing.SettableClock;
import io.keyport.backend.testing.StoreTest;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.ApplicationFilter;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Decision 0051: two copies over one database, as two replicas: a write through either store is
 * in the next search of both copies, and a copy made after the writes (a restarted replica) finds
 * the same. The filters are decided in memory as the database decided them.
 */
@StoreTest
class SearchCopyIT {

    private static final ApplicationFilter NONE = new ApplicationFilter(null, null, null, null, null);
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00.123Z");

    private static final Clock CLOCK = Clock.systemUTC();

    private final ApplicationStore store = new ApplicationStore();

    private static Application app(String id, String team, boolean active, String description, Instant modified) {
        return new Application(
                id,
                team,
                active,
                "App " + id,
                null,
                description,
                null,
                null,
                null,
                null,
                null,
                null,
                "oncall-" + team,
                null,
                false,
                null,
                T0,
                "test",
                modified,
                "test",
                null,
                null);
    }

    private static void team(Database db, String team) {
        db.inTransaction(c -> Sql.update(
                c,
                "INSERT INTO teams (id, name, created, created_by, last_modified, last_modified_by) "
                        + "VALUES (?, ?, ?, 'test', ?, 'test')",
                team,
                team,
                T0,
                T0));
    }

    private static List<String> search(Database db, SearchCopy copy, ApplicationFilter filter, String query) {
        return db.read(c -> copy.search(c, filter, Search.terms(query))).stream()
                .map(SearchCopy.Hit::id)
                .toList();
    }

    @Test
    void eachCopyFindsEveryCommittedWriteAndNothingElse(Database db) {
        team(db, "red");
        team(db, "blue");
        SearchCopy one = new SearchCopy(store, CLOCK);
        SearchCopy two = new SearchCopy(store, CLOCK);
        db.inTransaction(c -> {
            store.insert(c, app("alpha", "red", true, "carries a quokka", T0));
            return null;
        });
        assertThat(search(db, one, NONE, "quokka")).containsExactly("alpha");
        assertThat(search(db, two, NONE, "quokka")).containsExactly("alpha");

        db.inTransaction(c -> {
            store.insert(c, app("beta", "blue", true, "another quokka here", T0.plusSeconds(60)));
            store.update(c, app("alpha", "red", true, "now a numbat", T0.plusSeconds(60)));
            return null;
        });
        // A write that rolls back leaves both copies alone.
        try {
            db.inTransaction(c -> {
                store.insert(c, app("gamma", "red", true, "quokka that never was", T0));
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        for (SearchCopy copy : List.of(one, two, new SearchCopy(store, CLOCK))) {
            assertThat(search(db, copy, NONE, "quokka")).containsExactly("beta");
            assertThat(search(db, copy, NONE, "numbat")).containsExactly("alpha");
            // No word of three characters: every application is a candidate.
            assertThat(search(db, copy, NONE, "a")).containsExactlyInAnyOrder("alpha", "beta");
        }
    }

    /** Searches racing with writes on one copy: each finds every write committed before it began. */
    @Test
    void concurrentSearchesFindEveryWriteCommittedBeforeThey(Database db) throws Exception {
        team(db, "red");
        SearchCopy copy = new SearchCopy(store, CLOCK);
        int writes = 60;
        AtomicInteger committed = new AtomicInteger();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < writes; i++) {
                    String id = "w-" + i;
                    db.inTransaction(c -> {
                        store.insert(c, app(id, "red", true, "zebra number " + id, T0));
                        return null;
                    });
                    committed.incrementAndGet();
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    while (!writer.isDone()) {
                        int before = committed.get();
                        List<String> found = search(db, copy, NONE, "zebra");
                        if (found.size() < before) {
                            problems.add("found " + found.size() + " of " + before + " committed");
                        }
                    }
                    return null;
                }));
            }
            writer.get(120, TimeUnit.SECONDS);
            for (Future<?> reader : readers) {
                reader.get(120, TimeUnit.SECONDS);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(search(db, copy, NONE, "zebra")).hasSize(writes);
    }

    /**
     * A search whose connection has not yet seen a commit that the copy already holds (here a
     * snapshot taken before it) searches the copy as it is: it neither loads the copy again nor
     * takes it back, so searches at the same time never see it half-loaded.
     */
    @Test
    void aSearchThatSeesLessThanTheCopyLeavesTheCopyWhole(Database db) throws Exception {
        team(db, "red");
        db.inTransaction(c -> {
            store.insert(c, app("alpha", "red", true, "a quokka", T0));
            return null;
        });
        List<Long> loadsFrom = java.util.Collections.synchronizedList(new ArrayList<>());
        SettableClock clock = new SettableClock(T0);
        SearchCopy copy = new SearchCopy(
                store,
                (c, generation, consumer) -> {
                    loadsFrom.add(generation);
                    store.changedSince(c, generation, consumer);
                },
                clock);
        long alphaWritten;
        try (Connection behind = db.dataSource().getConnection()) {
            behind.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            behind.setAutoCommit(false);
            // Its snapshot: alpha only.
            assertThat(copy.search(behind, NONE, Search.terms("quokka")))
                    .extracting(SearchCopy.Hit::id)
                    .containsExactly("alpha");
            alphaWritten = db.read(store::searchGeneration);
            db.inTransaction(c -> {
                store.insert(c, app("beta", "red", true, "another quokka", T0));
                return null;
            });
            assertThat(search(db, copy, NONE, "quokka")).containsExactly("alpha", "beta");
            for (int i = 0; i < 3; i++) {
                // Behind the copy, also after longer than a moment: a later search saw it caught up.
                clock.advance(SearchCopy.WENT_BACK_AFTER.multipliedBy(2));
                assertThat(copy.search(behind, NONE, Search.terms("quokka")))
                        .extracting(SearchCopy.Hit::id)
                        .containsExactly("alpha");
                assertThat(search(db, copy, NONE, "quokka")).containsExactly("alpha", "beta");
            }
            behind.rollback();
        }
        // One load of everything at the start, one of what came after: never everything again.
        assertThat(loadsFrom).containsExactly(-1L, alphaWritten);
    }

    /**
     * A database that went back (restored from a backup under a running replica) is loaded again
     * once searches have seen it behind the copy for {@link SearchCopy#WENT_BACK_AFTER}; until then
     * they search the old copy.
     */
    @Test
    void aDatabaseThatWentBackIsLoadedAgainAsideWhileSearchesGoOn(Database db) throws Exception {
        team(db, "red");
        db.inTransaction(c -> {
            store.insert(c, app("alpha", "red", true, "a quokka", T0));
            store.insert(c, app("beta", "red", true, "another quokka", T0));
            return null;
        });
        SettableClock clock = new SettableClock(T0);
        SearchCopy copy = new SearchCopy(store, clock);
        assertThat(search(db, copy, NONE, "quokka")).containsExactly("alpha", "beta");

        // The restore: beta was not in the backup, and the generation is back where alpha left it.
        db.inTransaction(c -> {
            long beta = Sql.one(c, "SELECT app_key FROM applications WHERE id = 'beta'", rs -> rs.getLong(1))
                    .orElseThrow();
            Sql.update(c, "DELETE FROM application_search_grams WHERE app_key = ?", beta);
            Sql.update(c, "DELETE FROM applications WHERE app_key = ?", beta);
            Sql.update(c, "UPDATE kio_search_state SET generation = generation - 1 WHERE id = 1");
            return null;
        });
        // Within the grace time the old copy answers.
        assertThat(search(db, copy, NONE, "quokka")).containsExactly("alpha");
        clock.advance(SearchCopy.WENT_BACK_AFTER.minusSeconds(1));
        assertThat(search(db, copy, NONE, "a")).containsExactlyInAnyOrder("alpha", "beta");
        clock.advance(Duration.ofSeconds(1));
        assertThat(search(db, copy, NONE, "a")).containsExactly("alpha");
        assertThat(search(db, copy, NONE, "quokka")).containsExactly("alpha");
    }

    @Test
    void filtersAreDecidedInMemoryAsTheDatabaseDecidesThem(Database db) {
        team(db, "red");
        team(db, "blue");
        db.inTransaction(c -> {
            store.insert(c, app("red-on", "red", true, "ledger", T0));
            store.insert(c, app("red-off", "red", false, "ledger", T0.plusSeconds(60)));
            store.insert(c, app("blue-on", "blue", true, "ledger", T0.plusSeconds(120)));
            return null;
        });
        SearchCopy copy = new SearchCopy(store, CLOCK);
        List<ApplicationFilter> filters = List.of(
                NONE,
                new ApplicationFilter("red", null, null, null, null),
                new ApplicationFilter(null, "oncall-blue", null, null, null),
                new ApplicationFilter(null, null, false, null, null),
                new ApplicationFilter(null, null, null, T0.plusSeconds(60), null),
                new ApplicationFilter(null, null, null, null, T0.plusSeconds(60)),
                new ApplicationFilter(null, null, null, T0.plusSeconds(60).minusNanos(1_000), null),
                new ApplicationFilter("red", null, true, null, T0));
        for (ApplicationFilter filter : filters) {
            List<String> scanned = db.read(c -> {
                List<String> ids = new ArrayList<>();
                store.scan(c, filter, row -> ids.add(row.app().id()));
                return ids;
            });
            assertThat(search(db, copy, filter, "ledger"))
                    .as("filter %s", filter)
                    .containsExactlyInAnyOrderElementsOf(scanned);
        }
    }
}
