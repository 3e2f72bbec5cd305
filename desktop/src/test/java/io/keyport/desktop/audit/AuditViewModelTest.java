package io.keyport.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.concurrent.TaskHandle;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.testing.GatedExecutor;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.audit.AuditEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The audit view's logic on the test thread, against a real server whose log holds the first admin,
 * {@code TEAMS} teams and one user: more than a page.
 */
class AuditViewModelTest {

    private static final int TEAMS = AuditViewModel.PAGE_SIZE + 20;

    private final RecordingDialogs dialogs = new RecordingDialogs();
    private LiveServer server;
    private AuditViewModel vm;

    @BeforeEach
    void start() {
        server = LiveServer.start();
        IdentityClient identity = new IdentityClient(server.adminTransport());
        for (int i = 0; i < TEAMS; i++) {
            identity.putTeam(String.format("team-%03d", i), null);
        }
        identity.putUser("jdoe", "correct horse battery", List.of("team-007"), false);
        vm = new AuditViewModel(new AuditClient(server.adminTransport()), new DirectTaskExecutor(), dialogs);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pagesFromTheNewestEntryBackAndForth() {
        vm.search();
        long total = TEAMS + 2;

        assertThat(vm.entries()).hasSize(AuditViewModel.PAGE_SIZE);
        assertThat(vm.entries().getFirst().seq()).isEqualTo(total);
        assertThat(vm.hasPreviousProperty().get()).isFalse();
        assertThat(vm.hasNextProperty().get()).isTrue();
        assertThat(vm.shownProperty().get()).isEqualTo("Entries " + total + " to " + (total - 99));

        vm.nextPage();
        assertThat(vm.entries()).extracting(AuditEntry::seq).first().isEqualTo(total - 100);
        assertThat(vm.entries().getLast().seq()).isEqualTo(1);
        assertThat(vm.hasNextProperty().get()).isFalse();
        assertThat(vm.hasPreviousProperty().get()).isTrue();

        vm.previousPage();
        assertThat(vm.entries().getFirst().seq()).isEqualTo(total);
        assertThat(vm.hasPreviousProperty().get()).isFalse();
    }

    @Test
    void filtersNarrowOnTheServer() {
        vm.actionProperty().set(" user.create ");
        vm.search();
        assertThat(vm.entries()).extracting(AuditEntry::target).containsExactly("user:jdoe", "user:admin");

        vm.actorProperty().set("admin");
        vm.search();
        assertThat(vm.entries()).extracting(AuditEntry::target).containsExactly("user:jdoe");

        vm.clearFilters();
        assertThat(vm.entries()).hasSize(AuditViewModel.PAGE_SIZE);
    }

    @Test
    void aDayRangeCoversWholeUtcDays() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        vm.fromDayProperty().set(today);
        vm.toDayProperty().set(today);
        vm.search();
        assertThat(vm.entries()).isNotEmpty();

        vm.fromDayProperty().set(today.plusDays(1));
        vm.toDayProperty().set(today.plusDays(2));
        vm.search();
        assertThat(vm.shownProperty().get()).isEqualTo("No entries match");

        vm.toDayProperty().set(today);
        assertThat(vm.rangeProblemProperty().get()).isNotNull();
        assertThat(vm.canSearchProperty().get()).isFalse();
    }

    @Test
    void verifyingAnIntactChainSaysSoWithTheCount() {
        vm.verify();

        assertThat(vm.verificationProperty().get().intact()).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("Chain intact: " + (TEAMS + 2) + " entries verified");
    }

    @Test
    void aBrokenChainSelectsTheFirstBrokenEntry() throws SQLException {
        vm.actionProperty().set("user.create");
        try (Connection c = server.dataSource().getConnection();
                PreparedStatement forge =
                        c.prepareStatement("UPDATE audit_log SET target = 'team:elsewhere' WHERE seq = 5")) {
            assertThat(forge.executeUpdate()).isEqualTo(1);
        }

        vm.verify();

        assertThat(vm.verificationProperty().get().intact()).isFalse();
        assertThat(vm.verificationProperty().get().firstBrokenSeq()).isEqualTo(5);
        assertThat(vm.actionProperty().get())
                .as("filters cleared to show the entry")
                .isEmpty();
        assertThat(vm.entries().getFirst().seq()).isEqualTo(5);
        assertThat(vm.selectedProperty().get().seq()).isEqualTo(5);
        assertThat(vm.hasPreviousProperty().get())
                .as("the newest entries are one step back")
                .isTrue();

        vm.previousPage();
        assertThat(vm.entries().getFirst().seq()).isEqualTo(TEAMS + 2);
    }

    @Test
    void exportsTheFilteredEntriesToTheChosenFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("export.jsonl");
        dialogs.savingTo(file);
        vm.actionProperty().set("team.create");

        vm.export();

        assertThat(Files.readAllLines(file)).hasSize(TEAMS);
        assertThat(vm.statusProperty().get()).isEqualTo("Exported " + TEAMS + " entries to " + file);
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void anExportCancelledWhileItStreamsLeavesNoFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("export.jsonl");
        dialogs.savingTo(file);
        GatedExecutor executor = new GatedExecutor();
        AuditViewModel gated = new AuditViewModel(new AuditClient(server.adminTransport()), executor, dialogs);

        gated.export();
        TaskHandle handle = gated.taskProperty().get();
        assertThat(handle).isNotNull();
        assertThat(gated.busyProperty().get()).isTrue();
        // the first bytes received: cancel, as the Cancel button does
        handle.messageProperty().addListener((obs, old, now) -> gated.cancel());
        executor.go();

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> handle.state() != TaskHandle.State.RUNNING);
        assertThat(handle.state()).isEqualTo(TaskHandle.State.CANCELLED);
        assertThat(handle.messageProperty().get()).as("bytes had arrived").contains("KiB");
        assertThat(dir).isEmptyDirectory();
        assertThat(dialogs.errors).isEmpty();
        assertThat(dialogs.notifications).isEmpty();
        assertThat(gated.taskProperty().get()).isNull();
        assertThat(gated.busyProperty().get()).isFalse();
        assertThat(gated.statusProperty().get()).isEqualTo("Export cancelled; no file written");
    }

    @Test
    void aCancelledVerificationDropsItsOutcome() throws Exception {
        GatedExecutor executor = new GatedExecutor();
        AuditViewModel gated = new AuditViewModel(new AuditClient(server.adminTransport()), executor, dialogs);

        gated.verify();
        TaskHandle handle = gated.taskProperty().get();
        gated.cancel();
        executor.go();

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> handle.state() != TaskHandle.State.RUNNING);
        assertThat(handle.state()).isEqualTo(TaskHandle.State.CANCELLED);
        assertThat(gated.verificationProperty().get()).isNull();
        assertThat(gated.busyProperty().get()).isFalse();
        assertThat(gated.statusProperty().get()).isEqualTo("Verification cancelled");
    }

    @Test
    void aCancelledExportDoesNothing(@TempDir Path dir) {
        vm.export();

        assertThat(vm.statusProperty().get()).isEmpty();
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void failuresNameTheActionAndTheServersMessage() {
        AuditViewModel asJdoe = new AuditViewModel(
                new AuditClient(server.transportAs("jdoe", "correct horse battery")),
                new DirectTaskExecutor(),
                dialogs);

        asJdoe.verify();

        assertThat(dialogs.errors)
                .singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("Verify the audit chain"));
        assertThat(asJdoe.statusProperty().get()).startsWith("Verify the audit chain failed: ");
        assertThat(asJdoe.busyProperty().get()).isFalse();
    }
}
