package io.keyport.desktop.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.kio.ApplicationDraft;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.kio.KioFixture;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's figures from a real server, without the JavaFX thread. */
class DashboardViewModelTest {

    static LiveServer server;
    static KioFixture fixture;
    static KioClient ana;
    static KioClient ben;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        fixture = new KioFixture(server).team("pay");
        ana = new KioClient(fixture.person("ana", "pay"));
        ben = new KioClient(fixture.person("ben", "pay"));
        ana.saveApplication("billing", new ApplicationDraft("pay", true, "Billing", null, null, null, null, null, 1));
        fixture.policy("billing", List.of("TEST"), 1);
        ana.saveVersion("billing", "1.0", "docker://registry/pay/billing:1.0", null);
        ana.saveVersion("billing", "1.1", "docker://registry/pay/billing:1.1", null);
        ben.approve("billing", "1.0", "TEST", null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void whatWaitsMyActivityAndTheChartsFigures() {
        RecordingDialogs dialogs = new RecordingDialogs();
        DashboardViewModel vm = new DashboardViewModel(ben, dialogs, new DirectTaskExecutor());
        assertThat(vm.waitingProperty().get()).isEqualTo(-1);
        vm.reload();
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.waitingProperty().get()).isEqualTo(1);
        assertThat(vm.inbox()).extracting(i -> i.versionId()).containsExactly("1.1");
        assertThat(vm.activity())
                .extracting(DashboardViewModel::describe)
                .containsExactly("Approved billing 1.0 for TEST");
        var stats = vm.statisticsProperty().get();
        assertThat(stats.versionsPerDay()).hasSize(DashboardViewModel.DAYS);
        assertThat(stats.versionsPerDay().getLast().count()).isEqualTo(2);
        assertThat(DashboardViewModel.leadTimes(stats)).singleElement().satisfies(t -> {
            assertThat(t.teamId()).isEqualTo("pay");
            assertThat(t.approved()).isEqualTo(1);
        });
        assertThat(stats.pendingByAge().getFirst().count()).isEqualTo(1);

        DashboardViewModel anas = new DashboardViewModel(ana, dialogs, new DirectTaskExecutor());
        anas.reload();
        assertThat(anas.waitingProperty().get()).as("four eyes: ana wrote 1.1").isZero();
        assertThat(anas.activity())
                .extracting(DashboardViewModel::describe)
                .containsExactlyInAnyOrder("Created version billing 1.1", "Created version billing 1.0");
    }

    @Test
    void aFailureIsShownWithTheServersMessage() {
        Transport refused = new Transport() {
            @Override
            public <T> T get(
                    String path,
                    java.util.Map<String, String> query,
                    com.fasterxml.jackson.core.type.TypeReference<T> type) {
                throw new BackendException(0, "Cannot reach " + server.baseUrl() + ": Connection refused", null);
            }

            @Override
            public <T> T post(String path, Object body, com.fasterxml.jackson.core.type.TypeReference<T> type) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> T put(String path, Object body, com.fasterxml.jackson.core.type.TypeReference<T> type) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(String path) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void download(String path, java.util.Map<String, String> query, java.nio.file.Path target) {
                throw new UnsupportedOperationException();
            }
        };
        RecordingDialogs dialogs = new RecordingDialogs();
        new DashboardViewModel(new KioClient(refused), dialogs, new DirectTaskExecutor()).reload();
        assertThat(dialogs.errors)
                .extracting(RecordingDialogs.Error::action)
                .containsExactly("Load what waits for you", "Load the dashboard's figures");
        assertThat(dialogs.errors)
                .allSatisfy(e -> assertThat(e.error().getMessage()).contains("Connection refused"));
    }
}
