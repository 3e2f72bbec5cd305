package io.keyport.desktop.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.service.Transport;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.MovableClock;
import io.keyport.desktop.testing.RecordingDialogs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TUF view's logic on the test thread against one real server: first unbootstrapped, then
 * bootstrapped by a rehearsal ceremony with key files and holding three targets. Countdowns and
 * verification are read at a clock the test sets, so they do not depend on when the test runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TufViewModelTest {

    @TempDir
    static Path keys;

    private static LiveServer server;
    private static Transport admin;
    private static String addTask;
    private static List<RehearsalRepository.Holder> holders;

    private final RecordingDialogs dialogs = new RecordingDialogs();
    private final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private TufClient client;
    private TufViewModel vm;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        admin = server.adminTransport();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private TufViewModel viewModel(Transport transport) {
        client = new TufClient(transport);
        vm = new TufViewModel(client, new DirectTaskExecutor(), dialogs, clock);
        return vm;
    }

    private static RoleStatus role(TufViewModel vm, String name) {
        return vm.roles().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @Order(1)
    void beforeTheBootstrapItSaysSoAndShowsOnlyTheOnlineKey() {
        viewModel(admin).load();

        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(vm.bootstrappedProperty().get()).isFalse();
        assertThat(vm.bootstrapMessageProperty().get())
                .startsWith("This server's TUF repository is not bootstrapped")
                .contains("POST /api/v1/bootstrap");
        assertThat(vm.roles()).isEmpty();
        assertThat(vm.artifacts()).isEmpty();
        assertThat(vm.verificationProperty().get()).isEmpty();
        SigningStatus.OnlineKeyStatus key = vm.onlineKeyProperty().get();
        assertThat(key.keyId()).isEqualTo(client.onlineKey().keyId());
        assertThat(key.scheme()).isEqualTo("ed25519");
        assertThat(key.state()).isEqualTo(SigningStatus.OnlineKeyStatus.State.NO_ROOT);
        assertThat(key.detail()).startsWith("No root is published yet");
    }

    @Test
    @Order(2)
    void aBootstrappedRepositoryIsVerifiedWithEveryRoleItsSignersAndCountdowns() throws Exception {
        holders = RehearsalRepository.keyFiles(keys);
        RehearsalRepository.bootstrap(admin, holders, 16);
        addTask = RehearsalRepository.addArtifacts(
                admin,
                List.of(
                        "apps/billing/1.0/billing.tar.gz",
                        "apps/billing/1.1/billing.tar.gz",
                        "apps/shop/2.0/shop.tar.gz"));

        viewModel(admin).load();

        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.bootstrappedProperty().get()).isTrue();
        assertThat(vm.bootstrapMessageProperty().get()).isEmpty();
        assertThat(vm.verifiedProperty().get())
                .as(vm.verificationProperty().get())
                .isTrue();
        assertThat(vm.verificationProperty().get()).contains("root chain v1 to v1", "16 delegated roles");
        assertThat(vm.summaryProperty().get())
                .startsWith("Root v1, 2 of 2 root keys · 16 hash bins · consistent snapshots on")
                .contains("timestamp 1 d", "bins 7 d");
        assertThat(vm.roles()).hasSize(4 + 16);
        assertThat(vm.roles().subList(0, 4))
                .extracting(RoleStatus::name)
                .containsExactly("root", "targets", "snapshot", "timestamp");

        RoleStatus root = role(vm, "root");
        assertThat(root.threshold()).isEqualTo(2);
        assertThat(root.validSignatures()).isEqualTo(2);
        assertThat(root.online()).isFalse();
        assertThat(root.signers()).extracting(RoleStatus.Signer::name).containsExactlyInAnyOrder("alice", "bob");
        assertThat(root.signers()).allMatch(RoleStatus.Signer::signed);
        RoleStatus timestamp = role(vm, "timestamp");
        assertThat(timestamp.online()).isTrue();
        assertThat(timestamp.signers()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("online key");
            assertThat(s.signed()).isTrue();
        });
        assertThat(vm.roles())
                .filteredOn(r -> r.kind() == RoleStatus.Kind.DELEGATED)
                .allSatisfy(bin -> {
                    assertThat(bin.name()).matches("bins-[0-9a-f]");
                    assertThat(bin.signedEnough()).isTrue();
                    assertThat(bin.online()).isTrue();
                });

        assertThat(vm.level(root)).isEqualTo(Expiry.Level.OK);
        clock.advance(Duration.between(clock.instant(), timestamp.expires().minus(Duration.ofHours(23))));
        vm.tick();
        assertThat(vm.countdown(timestamp)).isEqualTo("in 23 h");
        assertThat(vm.level(timestamp)).isEqualTo(Expiry.Level.OK);
        List<String> timeline =
                vm.timeline().stream().map(TufViewModel.TimelinePoint::label).toList();
        assertThat(timeline).as("soonest first; all bins as one point").hasSize(5);
        assertThat(timeline.subList(0, 2)).containsExactly("timestamp", "snapshot");
        assertThat(timeline.get(2)).matches("16 delegated \\(first bins-[0-9a-f]\\)");
        assertThat(timeline.subList(3, 5)).as("both live a year").containsExactlyInAnyOrder("targets", "root");

        assertThat(vm.pending()).isEmpty();
        assertThat(vm.pendingMessageProperty().get()).isEqualTo("Nothing waits for signatures.");

        SigningStatus.OnlineKeyStatus key = vm.onlineKeyProperty().get();
        assertThat(key.state()).isEqualTo(SigningStatus.OnlineKeyStatus.State.IN_USE);
        assertThat(key.detail()).isEqualTo("In use: root v1 names it for targets, snapshot and timestamp.");
    }

    @Test
    @Order(3)
    void theCountdownWarnsBeforeExpiryAndAnExpiredTimestampFailsVerification() {
        viewModel(admin).load();
        RoleStatus timestamp = role(vm, "timestamp");

        clock.advance(Duration.between(clock.instant(), timestamp.expires().minus(Duration.ofMinutes(30))));
        vm.tick();
        assertThat(vm.countdown(timestamp)).isEqualTo("in 30 min");
        assertThat(vm.level(timestamp)).isEqualTo(Expiry.Level.WARNING);
        assertThat(vm.level(role(vm, "root"))).isEqualTo(Expiry.Level.OK);

        clock.advance(Duration.ofMinutes(20));
        vm.tick();
        assertThat(vm.level(timestamp)).isEqualTo(Expiry.Level.CRITICAL);

        clock.advance(Duration.ofMinutes(10).plusSeconds(5));
        vm.load(); // verified again at the console's clock, now past the timestamp's expiry
        assertThat(vm.level(role(vm, "timestamp"))).isEqualTo(Expiry.Level.EXPIRED);
        assertThat(vm.countdown(role(vm, "timestamp"))).isEqualTo("expired 5 s ago");
        assertThat(vm.verifiedProperty().get()).isFalse();
        assertThat(vm.verificationProperty().get())
                .startsWith("Verification failed: timestamp: ")
                .contains("expired");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    @Order(4)
    void tasksShowTheirStateAndTheArtifactsAreSearchedAsYouType() {
        viewModel(admin).load();

        assertThat(vm.tasks()).extracting(row -> row.state().name()).containsExactly("add_artifacts", "bootstrap");
        assertThat(vm.tasks()).allSatisfy(row -> assertThat(row.state().state()).isEqualTo("SUCCESS"));
        assertThat(vm.tasks().getFirst().state().taskId()).isEqualTo(addTask);
        assertThat(vm.tasks().getFirst().ref().actor()).isEqualTo("admin");
        assertThat(vm.tasksMessageProperty().get()).isEqualTo("The 2 newest TUF tasks, from the audit log.");

        assertThat(vm.artifacts()).hasSize(3);
        assertThat(vm.artifactsMessageProperty().get()).isEqualTo("3 targets");
        vm.queryProperty().set("billing 1.1");
        assertThat(vm.artifacts()).singleElement().satisfies(a -> {
            assertThat(a.path()).isEqualTo("apps/billing/1.1/billing.tar.gz");
            assertThat(a.length()).isEqualTo(a.path().length());
            assertThat(a.role()).matches("bins-[0-9a-f]");
            assertThat(a.custom()).isEqualTo("{\"app\":\"billing\"}");
        });
        assertThat(vm.artifactsMessageProperty().get()).isEqualTo("1 of 3 targets match");
        vm.queryProperty().set("shop");
        assertThat(vm.artifacts()).extracting(ArtifactRow::path).containsExactly("apps/shop/2.0/shop.tar.gz");
    }

    @Test
    @Order(5)
    void aTaskIsLookedUpByIdAndAnUnknownOneReadsPending() {
        viewModel(admin).load();
        vm.taskLookupProperty().set("0123456789abcdef0123456789abcdef");
        vm.lookUpTask();

        assertThat(vm.tasks().getFirst().ref()).isNull();
        assertThat(vm.tasks().getFirst().state().state()).isEqualTo("PENDING"); // as RSTUF (Celery) answers
        vm.load();
        assertThat(vm.tasks().getFirst().state().taskId())
                .as("kept across reloads")
                .isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    @Order(7)
    void aRootRotationShowsWhoStillHasToSignAndTheOnlineKeyRotationPending() throws Exception {
        RehearsalRepository.startRotation(admin, holders);

        viewModel(admin).load();

        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.pendingMessageProperty().get()).isEqualTo("1 role waits for signatures.");
        assertThat(vm.pending()).singleElement().satisfies(root -> {
            assertThat(root.role()).isEqualTo("root");
            assertThat(root.version()).isEqualTo(2);
            assertThat(root.requirements()).hasSize(2);
            SigningStatus.Requirement trusted = root.requirements().get(0);
            assertThat(trusted.against()).isEqualTo("trusted root v1");
            assertThat(trusted.signed()).isEqualTo(1);
            assertThat(trusted.stillToSign()).singleElement().asString().startsWith("bob (");
            SigningStatus.Requirement next = root.requirements().get(1);
            assertThat(next.against()).isEqualTo("root v2");
            assertThat(next.missing()).isEqualTo(1);
            assertThat(next.stillToSign())
                    .hasSize(2)
                    .anySatisfy(n -> assertThat(n).startsWith("carol ("));
        });
        SigningStatus.OnlineKeyStatus key = vm.onlineKeyProperty().get();
        assertThat(key.state()).isEqualTo(SigningStatus.OnlineKeyStatus.State.ROTATION_PENDING);
        assertThat(key.held()).hasSize(2).contains(key.keyId());
        assertThat(key.detail())
                .contains("root v2 names the new key", "1 more of trusted root v1 and 1 more of root v2");
        assertThat(vm.verifiedProperty().get())
                .as("root v1 stays published until v2 is signed")
                .isTrue();
        assertThat(vm.tasks().getFirst().state().name()).isEqualTo("metadata_update");
    }

    @Test
    @Order(6)
    void versionedMetadataIsFetchedOnceAndTheTimestampRevalidatedByETag() {
        TufClient tuf = new TufClient(admin);
        byte[] first = tuf.metadata("timestamp.json").orElseThrow();
        Transport.Fetched again = admin.fetch("/tuf/metadata/timestamp.json", null);
        assertThat(again.etag()).isNotBlank();
        assertThat(admin.fetch("/tuf/metadata/timestamp.json", again.etag()).notModified())
                .isTrue();
        assertThat(tuf.metadata("timestamp.json").orElseThrow()).isEqualTo(first);
        assertThat(tuf.metadata("1.root.json")).isPresent();
        assertThat(tuf.metadata("99.root.json")).isEmpty();
        assertThat(tuf.cachedFiles()).isEqualTo(2);
    }
}
