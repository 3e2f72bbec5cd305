package io.keyport.desktop.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.appstore.Package;
import io.keyport.model.appstore.PackageVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The App Store view's logic on the test thread, against a real server with a few charts. */
class AppStoreViewModelTest {

    private static LiveServer server;
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private AppStoreViewModel vm;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        ChartUploads.team(server);
        for (String v : new String[] {"9.0.0", "10.0.0", "10.1.0-rc.1"}) {
            ChartUploads.upload(server, "nginx", v, "Web server and reverse proxy", "web, proxy");
        }
        ChartUploads.upload(server, "postgresql", "15.2.0", "Relational database", "database, sql");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void viewModel() {
        vm = new AppStoreViewModel(new AppStoreClient(server.adminTransport()), new DirectTaskExecutor(), dialogs);
    }

    @Test
    void searchListsMatchingPackages() {
        vm.search();
        assertThat(vm.packages()).extracting(Package::id).containsExactly("nginx", "postgresql");
        assertThat(vm.statusProperty().get()).isEqualTo("2 packages");

        vm.queryProperty().set("DATABASE");
        vm.search();
        assertThat(vm.packages()).extracting(Package::id).containsExactly("postgresql");

        vm.queryProperty().set("nothing like it");
        vm.search();
        assertThat(vm.packages()).isEmpty();
        assertThat(vm.statusProperty().get()).isEqualTo("0 packages");
    }

    @Test
    void openingAPackageShowsItsNewestStableVersionAndEveryVersion() {
        vm.search();
        vm.open(vm.packages().getFirst());
        assertThat(vm.detailProperty().get().version()).isEqualTo("10.0.0");
        assertThat(vm.headingProperty().get()).isEqualTo("nginx 10.0.0 · app 10.0.0 · team charts");
        assertThat(vm.versions()).extracting(PackageVersion::version).containsExactly("10.1.0-rc.1", "10.0.0", "9.0.0");
        assertThat(vm.readmeProperty().get()).contains("helm install my-nginx keyport/nginx");
        assertThat(vm.valuesProperty().get()).startsWith("# Number of pods");
        assertThat(vm.schemaProperty().get()).contains("\"minimum\" : 1");
        assertThat(vm.chartYamlProperty().get()).contains("\"description\" : \"Web server and reverse proxy\"");

        vm.openVersion(vm.versions().getFirst());
        assertThat(vm.detailProperty().get().version()).isEqualTo("10.1.0-rc.1");
        assertThat(vm.valuesProperty().get()).contains("tag: \"10.1.0-rc.1\"");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void aFailureIsReportedAndLeavesTheViewUsable() {
        vm.open(new Package(
                "gone", "keyport", io.keyport.model.common.Json.mapper().createObjectNode(), java.util.List.of()));
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).startsWith("Open gone failed: ").contains("not found");
        assertThat(dialogs.errors).hasSize(1);
        assertThat(vm.detailProperty().get()).isNull();
    }

    @Test
    void listLinesAndVersionLabels() {
        vm.search();
        assertThat(AppStoreViewModel.summary(vm.packages().getFirst()))
                .isEqualTo("nginx  10.0.0\nWeb server and reverse proxy");
        assertThat(AppStoreViewModel.versionLabels(vm.packages().getFirst().versions()))
                .containsExactly("10.1.0-rc.1  (prerelease)", "10.0.0", "9.0.0");
    }
}
