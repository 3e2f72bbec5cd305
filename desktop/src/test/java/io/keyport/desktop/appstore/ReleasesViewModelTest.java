package io.keyport.desktop.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.appstore.Release;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The releases' logic on the test thread against a real server: the install form from the chart's
 * schema, refused locally while a field is wrong, then installed; the release's status and
 * history; the upgrade's dry run before the upgrade; uninstall. The target's kubeconfig points at a
 * port where no cluster listens, so Helm's install fails, as it would against a cluster that is down.
 */
class ReleasesViewModelTest {

    @TempDir
    static Path dir;

    private static LiveServer server;
    private final RecordingDialogs dialogs = new RecordingDialogs().answering(true);

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        ChartUploads.team(server);
        ChartUploads.upload(server, "nginx", "1.0.0", "Web server", "web");
        ChartUploads.upload(server, "nginx", "1.1.0", "Web server", "web");
        ChartUploads.uploadStrict(server, true);
        ChartUploads.targetWithoutCluster(server, dir, "web-test");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private ReleasesViewModel viewModel() {
        return new ReleasesViewModel(new AppStoreClient(server.adminTransport()), new DirectTaskExecutor(), dialogs);
    }

    @Test
    void installFromTheSchemaFormThenPreviewUpgradeAndUninstall() throws Exception {
        ReleasesViewModel vm = viewModel();
        AppStoreClient client = new AppStoreClient(server.adminTransport());
        vm.prepareInstall(client.detail("nginx", "1.0.0"));
        assertThat(vm.fields()).extracting(ValuesForm.Field::label).containsExactly("replicaCount");
        assertThat(vm.namespaces()).containsExactly("web-test");
        assertThat(vm.namespaceProperty().get()).isEqualTo("web-test");
        assertThat(vm.texts()).as("values.yaml's default").containsEntry("/replicaCount", "2");
        assertThat(vm.problems()).isEmpty();
        vm.setText("/replicaCount", "");
        assertThat(vm.problems()).containsEntry("/replicaCount", "required");

        vm.setText("/replicaCount", "0");
        assertThat(vm.problems()).containsEntry("/replicaCount", "must be at least 1");
        vm.install();
        assertThat(vm.statusProperty().get()).isEqualTo("1 field needs attention");
        assertThat(client.releases()).isEmpty();

        vm.setText("/replicaCount", "3");
        assertThat(vm.problems()).isEmpty();
        vm.adminGroupsProperty().set(" charts ");
        vm.install();
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.installingProperty().get()).isNull();
        assertThat(vm.releases()).hasSize(1);
        Release installed = vm.releases().getFirst();
        assertThat(installed.packageId()).isEqualTo("nginx");
        assertThat(installed.version()).isEqualTo("1.0.0");
        assertThat(installed.adminGroups()).containsExactly("charts");
        assertThat(installed.values().toString()).isEqualTo("{\"replicaCount\":3}");

        // the task runs Helm against a cluster that is not there: the release ends failed
        until(() -> client.release(installed.id()).status().equals("failed"));
        vm.refresh();
        assertThat(ReleasesViewModel.summary(vm.releases().getFirst())).contains("failed");

        vm.select(vm.releases().getFirst());
        String error = client.release(installed.id()).error();
        assertThat(ReleasesViewModel.summary(vm.releases().getFirst())).endsWith("failed: " + error);
        assertThat(vm.failureProperty().get())
                .as("the details show the server's message and what the release takes now")
                .isEqualTo("Failed: " + error + "\nNothing is pending and no revision was deployed:"
                        + " uninstall it, then install again.");
        assertThat(vm.upgradeVersionProperty().get()).isEqualTo("1.0.0");
        assertThat(vm.upgradeValuesProperty().get()).contains("\"replicaCount\" : 3");
        vm.confirmUpgrade();
        assertThat(vm.statusProperty().get()).isEqualTo("Preview the upgrade first.");

        vm.upgradeVersionProperty().set("1.1.0");
        vm.upgradeValuesProperty().set("{\"replicaCount\": 4}");
        vm.previewUpgrade();
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.diffProperty().get()).isEqualTo("~ /replicaCount: 3 → 4\n");
        assertThat(vm.previewedProperty().get()).isNotNull();
        vm.upgradeValuesProperty().set("{\"replicaCount\": 5}");
        assertThat(vm.previewedProperty().get())
                .as("a changed request needs a new preview")
                .isNull();

        vm.upgradeValuesProperty().set("[1]");
        vm.previewUpgrade();
        assertThat(vm.statusProperty().get()).isEqualTo("The values must be a JSON object.");

        vm.upgradeValuesProperty().set("{\"replicaCount\": 0}");
        vm.previewUpgrade();
        assertThat(dialogs.errors).hasSize(1);
        assertThat(vm.statusProperty().get())
                .startsWith("Dry run failed: values do not match the values schema of nginx 1.1.0");
        assertThat(vm.previewedProperty().get()).isNull();

        vm.upgradeValuesProperty().set("{\"replicaCount\": 4}");
        vm.previewUpgrade();
        vm.confirmUpgrade();
        assertThat(dialogs.notifications).contains(installed.id() + ": pending-upgrade");
        until(() -> !client.release(installed.id()).status().startsWith("pending"));
        assertThat(client.history(installed.id())).isNotNull();

        vm.uninstall();
        assertThat(dialogs.questions).anyMatch(q -> q.contains("Uninstall " + installed.id()));
        until(() -> client.releases().isEmpty()
                || !client.releases().getFirst().status().equals("uninstalling"));
    }

    @Test
    void aReleaseTheServerGaveUpOnShowsWhyInTheListAndTheDetailsAndNothingElseDoes() {
        Release interrupted = release(
                "failed",
                2,
                "upgrade interrupted 3 times: the lease of 4242@host/ab12 expired during attempt 3 of 3;"
                        + " no attempts left");

        assertThat(ReleasesViewModel.summary(interrupted))
                .isEqualTo("crisp-white-emu  ·  nginx 1.1.0  ·  web-test\nfailed (revision 2): upgrade interrupted 3"
                        + " times: the lease of 4242@host/ab12 expired during attempt 3 of 3; no attempts left");
        assertThat(ReleasesViewModel.headline(interrupted))
                .as("the heading leaves the state and the message to the failure line")
                .isEqualTo("crisp-white-emu  ·  nginx 1.1.0  ·  web-test");
        assertThat(ReleasesViewModel.failure("failed", interrupted.error(), 2))
                .isEqualTo("Failed (revision 2): " + interrupted.error()
                        + "\nNothing is pending: it takes an upgrade, a rollback or an uninstall again.");
        assertThat(ReleasesViewModel.failure("failed", null, 0)).startsWith("Failed: the server gave no reason\n");
        assertThat(ReleasesViewModel.failure("deployed", "an earlier error", 3)).isEmpty();
        Release deployed = release("deployed", 3, null);
        assertThat(ReleasesViewModel.headline(deployed))
                .isEqualTo(ReleasesViewModel.summary(deployed))
                .endsWith("\ndeployed (revision 3)");
        assertThat(ReleasesViewModel.failure("pending-upgrade", null, 3)).isEmpty();
    }

    /** Release crisp-white-emu of nginx 1.1.0 in web-test, as the server would list it. */
    private static Release release(String status, int revision, String error) {
        return new Release(
                "crisp-white-emu",
                "admin",
                "keyport",
                "nginx",
                "1.1.0",
                null,
                "web-test",
                List.of(),
                null,
                status,
                revision,
                null,
                error);
    }

    @Test
    void theServersRefusalOfTheValuesIsShownAtTheFieldsNotAsADialog() throws Exception {
        ReleasesViewModel vm = viewModel();
        AppStoreClient client = new AppStoreClient(server.adminTransport());
        vm.prepareInstall(client.detail("strict", "1.0.0"));
        vm.setText("/image/tag", "latest");
        vm.setText("/hosts", "[\"shop.example.org\", \"Bad Host\"]");
        assertThat(vm.problems()).as("the form cannot check patterns").isEmpty();
        vm.install();

        assertThat(dialogs.errors).as("no dialog").isEmpty();
        assertThat(vm.installingProperty().get()).as("the form stays open").isNotNull();
        assertThat(vm.problems()).containsOnlyKeys("/image/tag", "/hosts");
        assertThat(vm.problems().get("/image/tag")).contains("pattern");
        assertThat(vm.problems().get("/hosts")).contains("pattern");
        assertThat(vm.refusals())
                .singleElement()
                .asString()
                .startsWith("/service: ")
                .contains("legacy");
        assertThat(vm.statusProperty().get()).startsWith("The server refused the values (3 errors)");
        assertThat(client.releases()).noneMatch(r -> r.packageId().equals("strict"));

        vm.setText("/image/tag", "1.4.3");
        assertThat(vm.problems())
                .as("a changed field loses the server's message")
                .containsOnlyKeys("/hosts");
    }

    /** Polls the server until {@code condition} holds, for at most 30 seconds (TestFX's wait, no FX). */
    private static void until(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition::getAsBoolean);
    }
}
