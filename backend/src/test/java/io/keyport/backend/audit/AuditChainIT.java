package io.keyport.backend.audit;

import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.audit.store.AuditStore;
import io.keyport.backend.db.Database;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hash chain itself: rows changed or removed behind the server's back are found, and
 * concurrent writers still produce one gap-free, verifiable chain. Appending and chaining are two
 * steps (decision 0015): entries a crash left pending are chained and verified later, by the next
 * start or the first reader; a rolled-back write leaves none; two chainers on one database (two
 * replicas) still make one chain. Each test gets its own server
 * and database, since tampering breaks the log for good.
 */
class AuditChainIT {

    TestServer server;
    ApiClient api;
    String admin;

    @BeforeEach
    void start() {
        server = TestServer.start();
        api = server.client();
        admin = api.adminToken();
        api.team(admin, "chain");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A few writes; returns the number of entries, all verified intact. */
    private long someHistory() {
        for (int i = 0; i < 4; i++) {
            api.app(admin, "chain-" + i, "chain");
        }
        expect(api.putJson("/apps/chain-0", admin, "{\"subtitle\":\"changed\"}"), 200);
        long entries = AuditTesting.count(api, admin);
        assertThat(entries).isGreaterThanOrEqualTo(7);
        AuditTesting.assertChain(AuditTesting.export(api, admin));
        return entries;
    }

    private int sql(String statement, Object... args) {
        try (Connection c = server.server().database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private void assertBrokenAt(long seq) {
        JsonNode v = AuditTesting.verify(api, admin);
        assertThat(v.get("intact").asBoolean()).as("%s", v).isFalse();
        assertThat(v.get("first_broken_seq").asLong()).as("%s", v).isEqualTo(seq);
        assertThat(v.get("entries").asLong())
                .as("entries verified before the break: %s", v)
                .isEqualTo(seq - 1);
        assertThat(v.get("reason").asText()).isNotBlank();
    }

    @Test
    void changedDetailsBreakTheChainAtThatRow() {
        long entries = someHistory();
        long victim = entries - 2;

        assertThat(sql("UPDATE audit_log SET details = ? WHERE seq = ?", "{\"name\":\"forged\"}", victim))
                .isEqualTo(1);

        assertBrokenAt(victim);
    }

    @Test
    void changedActorBreaksTheChainAtThatRow() {
        someHistory();

        assertThat(sql("UPDATE audit_log SET actor = ? WHERE seq = ?", "mallory", 3L))
                .isEqualTo(1);

        assertBrokenAt(3);
    }

    @Test
    void aRecomputedHashStillBreaksTheLinkToTheNextRow() {
        long entries = someHistory();
        long victim = entries - 3;
        JsonNode original = AuditTesting.export(api, admin).get((int) victim - 1);
        var forged = original.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) forged).put("target", "app:elsewhere");
        String forgedHash = AuditTesting.hash(forged);

        sql("UPDATE audit_log SET target = ?, hash = ? WHERE seq = ?", "app:elsewhere", forgedHash, victim);

        // The forged row is self-consistent; its successor's prev_hash no longer matches.
        assertBrokenAt(victim + 1);
    }

    @Test
    void aDeletedRowBreaksTheChainAtItsSequenceNumber() {
        long entries = someHistory();
        long victim = entries - 3;

        assertThat(sql("DELETE FROM audit_log WHERE seq = ?", victim)).isEqualTo(1);

        assertBrokenAt(victim);
    }

    @Test
    void deletingTheFirstRowIsFound() {
        someHistory();

        sql("DELETE FROM audit_log WHERE seq = ?", 1L);

        assertBrokenAt(1);
    }

    @Test
    void deletingTheNewestRowIsFound() {
        long entries = someHistory();

        sql("DELETE FROM audit_log WHERE seq = ?", entries);

        assertBrokenAt(entries);
    }

    @Test
    void writesAfterTamperingDoNotHideIt() {
        long entries = someHistory();
        sql("UPDATE audit_log SET details = ? WHERE seq = ?", "{}", 2L);

        api.app(admin, "chain-after", "chain");

        assertBrokenAt(2);
        assertThat(AuditTesting.export(api, admin)).hasSize((int) entries + 1);
    }

    @Test
    void concurrentWritersProduceOneGapFreeVerifiableChain() throws Exception {
        long before = AuditTesting.count(api, admin);
        api.app(admin, "shared-app", "chain");
        int writers = 20;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers * 2 + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<JsonNode> verifications = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String id = "parallel-" + i;
                String subtitle = "writer " + i;
                // 20 creates of different applications and 20 updates of the same one, all at once.
                results.add(pool.submit((Callable<Integer>) () -> {
                    go.await();
                    return api.putJson("/apps/" + id, admin, "{\"team_id\":\"chain\",\"name\":\"P\",\"active\":true}")
                            .status();
                }));
                results.add(pool.submit((Callable<Integer>) () -> {
                    go.await();
                    return api.putJson("/apps/shared-app", admin, "{\"subtitle\":\"" + subtitle + "\"}")
                            .status();
                }));
            }
            // Verification while the writers run must never see a broken chain.
            Future<?> verifier = pool.submit(() -> {
                go.await();
                while (writing.get()) {
                    verifications.add(AuditTesting.verify(api, admin));
                }
                return null;
            });
            go.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(200);
            }
            writing.set(false);
            verifier.get(120, TimeUnit.SECONDS);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        List<JsonNode> all = AuditTesting.export(api, admin);
        AuditTesting.assertChain(all);
        JsonNode verify = AuditTesting.verify(api, admin);
        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("entries").asLong()).isEqualTo(all.size()).isEqualTo(before + 1 + 2L * writers);
        assertThat(all.stream()
                        .filter(e -> e.get("action").asText().equals("application.create")
                                && e.get("target").asText().startsWith("app:parallel-"))
                        .count())
                .isEqualTo(writers);
        assertThat(all.stream()
                        .filter(e -> e.get("action").asText().equals("application.update")
                                && e.get("target").asText().equals("app:shared-app"))
                        .count())
                .isEqualTo(writers);
        assertThat(verifications)
                .allSatisfy(
                        v -> assertThat(v.get("intact").asBoolean()).as("%s", v).isTrue());
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).get("time").asText())
                    .as("time never goes backwards along the chain")
                    .isGreaterThanOrEqualTo(all.get(i - 1).get("time").asText());
        }
    }

    // ---- pending entries and the chainer (decision 0015) ------------------------------------------

    private Database database() {
        return server.server().database();
    }

    private long pendingRows() {
        return database().read(c -> new AuditStore().countPending(c));
    }

    /** Another process's audit log on the same database: appends and chains, but has no chainer job. */
    private AuditService replica(Instant now) {
        return new AuditService(database(), new AuditStore(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void entriesCommittedButNotChainedAreChainedAndVerifiedByTheNextReader() {
        long before = AuditTesting.count(api, admin);
        // what a replica killed right after its commits leaves behind: committed, pending entries
        AuditService dead = replica(Instant.parse("2026-11-29T03:00:00.123Z"));
        for (int i = 0; i < 3; i++) {
            int n = i;
            database().inTransaction(c -> {
                dead.append(
                        c,
                        new Actor("ghost", "employees"),
                        "application.update",
                        "app:ghost-" + n,
                        Map.of("name", "written before the kill " + n, "control", "\u0007\t"));
                return null;
            });
        }

        // this server's chainer may link them at any moment; either way a reader sees all of them, linked
        JsonNode verify = AuditTesting.verify(api, admin);
        assertThat(verify.get("intact").asBoolean()).as("%s", verify).isTrue();
        assertThat(verify.get("entries").asLong()).isEqualTo(before + 3);
        assertThat(pendingRows()).isZero();
        List<JsonNode> all = AuditTesting.export(api, admin);
        AuditTesting.assertChain(all);
        List<JsonNode> ghosts = all.stream()
                .filter(e -> e.get("actor").asText().equals("ghost"))
                .toList();
        assertThat(ghosts)
                .extracting(e -> e.get("target").asText())
                .containsExactly("app:ghost-0", "app:ghost-1", "app:ghost-2");
        assertThat(ghosts.getFirst().get("details").get("name").asText()).isEqualTo("written before the kill 0");
        assertThat(ghosts.getFirst().get("details").get("control").asText()).isEqualTo("\u0007\t");
        assertThat(ghosts.getFirst().get("hash_rule").asInt()).isEqualTo(2);
    }

    @Test
    void entriesLeftPendingAtShutdownAreChainedAfterTheRestartWithoutAnyReader() throws Exception {
        long before = AuditTesting.count(api, admin);
        AuditService other = replica(Instant.now());
        database().inTransaction(c -> {
            other.append(c, Actor.SYSTEM, "team.update", "team:chain", Map.of("name", "left pending"));
            return null;
        });
        server.restart();
        api = server.client();

        // the restarted server's chainer links it on its own, before anyone reads the log
        Eventually.until(
                Duration.ofSeconds(30), "the pending entry is chained after the restart", () -> pendingRows() == 0);
        long chained = database().read(c -> new AuditStore().count(c));
        String token = api.adminToken();
        assertThat(chained).isGreaterThanOrEqualTo(before + 1);
        JsonNode verify = AuditTesting.verify(api, token);
        assertThat(verify.get("intact").asBoolean()).as("%s", verify).isTrue();
        assertThat(AuditTesting.export(api, token))
                .anySatisfy(
                        e -> assertThat(e.get("details").path("name").asText()).isEqualTo("left pending"));
    }

    @Test
    void aRolledBackWriteLeavesNoPendingEntry() {
        long before = AuditTesting.count(api, admin);
        AuditService other = replica(Instant.now());
        assertThatThrownBy(() -> database().inTransaction(c -> {
                    other.append(c, Actor.SYSTEM, "team.update", "team:chain", Map.of("name", "never"));
                    throw new IllegalStateException("the change fails after its entry was appended");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(pendingRows()).isZero();
        assertThat(AuditTesting.count(api, admin)).isEqualTo(before);
    }

    @Test
    void detailsThatNoEntryCanHoldAreRefusedAtAppendNotAtChaining() {
        long before = AuditTesting.count(api, admin); // chains the set-up's entries, so none is pending
        AuditService other = replica(Instant.now());
        assertThatThrownBy(() -> database().inTransaction(c -> {
                    other.append(c, Actor.SYSTEM, "team.update", "team:chain", Map.of("ratio", 0.5));
                    return null;
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pendingRows()).isZero();
        assertThat(AuditTesting.count(api, admin)).isEqualTo(before);
    }

    @Test
    void twoChainersOnOneDatabaseMakeOneGapFreeChain() throws Exception {
        long before = AuditTesting.count(api, admin);
        // a second process: its own appends and its own chaining passes, racing this server's chainer
        AuditService replica = replica(Instant.now());
        int writers = 8;
        int writesEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < writesEach; i++) {
                        if (writer % 2 == 0) {
                            api.app(admin, "replica-" + writer + "-" + i, "chain");
                        } else {
                            String target = "app:other-" + writer + "-" + i;
                            database().inTransaction(c -> {
                                replica.append(
                                        c, new Actor("replica", "services"), "application.create", target, Map.of());
                                return null;
                            });
                        }
                    }
                    return null;
                }));
            }
            Future<?> chainer = pool.submit(() -> {
                go.await();
                while (writing.get()) {
                    replica.chainPending();
                }
                return null;
            });
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            chainer.get(120, TimeUnit.SECONDS);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        List<JsonNode> all = AuditTesting.export(api, admin);
        AuditTesting.assertChain(all);
        assertThat(all).hasSize((int) (before + (long) writers * writesEach));
        assertThat(AuditTesting.count(api, admin)).isEqualTo(all.size());
        assertThat(all.stream()
                        .filter(e -> e.get("target").asText().startsWith("app:other-"))
                        .count())
                .isEqualTo((long) writers / 2 * writesEach);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).get("time").asText())
                    .as("time never goes backwards along the chain")
                    .isGreaterThanOrEqualTo(all.get(i - 1).get("time").asText());
        }
    }
}
