package io.keyport.desktop.applications;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.kio.ApplicationDraft;
import io.keyport.desktop.kio.ApplicationRow;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.kio.KioFixture;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.kio.Application;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Applications view model on the test thread (no JavaFX thread), against a real server. */
class ApplicationsViewModelTest {

    static LiveServer server;
    static KioFixture fixture;
    static KioClient ana;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        fixture = new KioFixture(server).team("pay").team("ops");
        ana = new KioClient(fixture.person("ana", "pay"));
        ana.saveApplication(
                "billing", new ApplicationDraft("pay", true, "Billing", "Invoices", null, null, null, null, 2));
        ana.saveApplication("ledger", new ApplicationDraft("pay", false, "Ledger", null, null, null, null, null, 1));
        new KioClient(fixture.admin())
                .saveApplication("pager", new ApplicationDraft("ops", true, "Pager", null, null, null, null, null, 3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ApplicationsViewModel vm(RecordingDialogs dialogs, TaskExecutor executor) {
        return new ApplicationsViewModel(ana, dialogs, executor, fixture.signedIn("ana", false, "pay"));
    }

    @Test
    void filtersGoToTheServerAndTheStatusCountsTheRows() {
        RecordingDialogs dialogs = new RecordingDialogs();
        ApplicationsViewModel vm = vm(dialogs, new DirectTaskExecutor());
        vm.loadTeams();
        assertThat(vm.teams()).containsExactly(ApplicationsViewModel.ALL_TEAMS, "ops", "pay");

        vm.reload();
        assertThat(vm.applications())
                .extracting(ApplicationRow::id)
                .containsExactlyInAnyOrder("billing", "ledger", "pager");
        assertThat(vm.statusProperty().get()).isEqualTo("3 applications");

        vm.teamProperty().set("pay");
        vm.activityProperty().set(ApplicationsViewModel.Activity.ACTIVE);
        vm.reload();
        assertThat(vm.applications()).extracting(ApplicationRow::id).containsExactly("billing");
        assertThat(vm.statusProperty().get()).isEqualTo("1 application");

        vm.teamProperty().set(ApplicationsViewModel.ALL_TEAMS);
        vm.activityProperty().set(ApplicationsViewModel.Activity.ALL);
        vm.searchProperty().set("ledg");
        vm.reload();
        assertThat(vm.applications()).extracting(ApplicationRow::id).containsExactly("ledger");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void rowsHoldTheColumnsAndSelectingOneLoadsItsFullRecord() {
        RecordingDialogs dialogs = new RecordingDialogs();
        ApplicationsViewModel vm = vm(dialogs, new DirectTaskExecutor());
        vm.reload();
        ApplicationRow billing = row(vm, "billing");
        assertThat(billing.name()).isEqualTo("Billing");
        assertThat(billing.teamId()).isEqualTo("pay");
        assertThat(billing.active()).isTrue();
        assertThat(billing.criticalityLevel()).isEqualTo(2);
        assertThat(billing.lastModified()).isNotNull();
        assertThat(row(vm, "ledger").active()).isFalse();
        assertThat(vm.selectedProperty().get()).isNull();

        vm.select(billing);
        Application full = vm.selectedProperty().get();
        assertThat(full.id()).isEqualTo("billing");
        assertThat(full.subtitle()).as("a field the rows leave out").isEqualTo("Invoices");
        assertThat(full.requiredApprovers()).as("the single-item view").isEqualTo(2);

        vm.reload();
        assertThat(vm.selectedProperty().get()).as("still listed: kept").isSameAs(full);
        vm.searchProperty().set("ledg");
        vm.reload();
        assertThat(vm.selectedProperty().get()).as("filtered out: cleared").isNull();
        vm.select(row(vm, "ledger"));
        assertThat(vm.selectedProperty().get().id()).isEqualTo("ledger");
        vm.select(null);
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void aFullRecordThatArrivesAfterAnotherRowWasSelectedIsDropped() {
        QueuedExecutor queued = new QueuedExecutor();
        ApplicationsViewModel vm = vm(new RecordingDialogs(), queued);
        vm.reload();
        queued.runLast();
        ApplicationRow billing = row(vm, "billing");
        ApplicationRow ledger = row(vm, "ledger");
        vm.select(billing);
        vm.select(ledger);
        queued.runLast(); // ledger's record arrives first
        while (!queued.isEmpty()) {
            queued.runLast(); // then billing's, and ledger's details
        }
        assertThat(vm.selectedProperty().get().id()).isEqualTo("ledger");
    }

    private static ApplicationRow row(ApplicationsViewModel vm, String id) {
        return vm.applications().stream()
                .filter(a -> a.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anAnswerOvertakenByANewerSearchIsDropped() {
        QueuedExecutor queued = new QueuedExecutor();
        ApplicationsViewModel vm = vm(new RecordingDialogs(), queued);
        vm.searchProperty().set("pager");
        vm.reload();
        vm.searchProperty().set("billing");
        vm.reload();
        queued.runLast(); // the newer search answers first
        queued.runLast(); // then the older one
        assertThat(vm.applications()).extracting(ApplicationRow::id).containsExactly("billing");
        assertThat(vm.loadingProperty().get()).isFalse();
    }

    @Test
    void selectingLoadsCredentialsAndScopesAndANewCredentialsSecretIsShownOnce() {
        RecordingDialogs dialogs = new RecordingDialogs();
        ApplicationsViewModel vm = vm(dialogs, new DirectTaskExecutor());
        vm.reload();
        vm.select(row(vm, "billing"));
        assertThat(vm.credentials()).isEmpty();

        vm.createCredential();
        assertThat(dialogs.secrets).hasSize(1);
        assertThat(dialogs.secrets.getFirst().secret()).isNotBlank();
        assertThat(vm.credentials()).hasSize(1);
        assertThat(vm.credentials().getFirst().revokedAt()).isNull();

        dialogs.answering(false);
        vm.revokeCredential(vm.credentials().getFirst());
        assertThat(vm.credentials().getFirst().revokedAt()).as("not confirmed").isNull();
        dialogs.answering(true);
        vm.revokeCredential(vm.credentials().getFirst());
        assertThat(vm.credentials().getFirst().revokedAt()).isNotNull();
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void aRefusedActionShowsTheServersMessage() {
        RecordingDialogs dialogs = new RecordingDialogs();
        ApplicationsViewModel vm = vm(dialogs, new DirectTaskExecutor());
        vm.reload();
        vm.select(row(vm, "pager"));
        assertThat(vm.canWrite(vm.selectedProperty().get()))
                .as("ana is not in team ops")
                .isFalse();

        vm.saveScopes("application.write");
        assertThat(dialogs.errors).hasSize(1);
        assertThat(dialogs.errors.getFirst().action()).isEqualTo("Save the scopes of pager");
        assertThat(dialogs.errors.getFirst().error().getMessage()).startsWith("Forbidden:");
    }

    /** Holds work until the test runs it, in any order, on the test thread. */
    static final class QueuedExecutor implements TaskExecutor {
        private final Deque<Runnable> queue = new ArrayDeque<>();

        @Override
        public <T> void execute(
                Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            queue.add(() -> new DirectTaskExecutor().execute(work, onSuccess, onFailure));
        }

        void runLast() {
            queue.removeLast().run();
        }

        boolean isEmpty() {
            return queue.isEmpty();
        }
    }
}
