package io.keyport.desktop.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.backend.appstore.AppStoreTables;
import io.keyport.backend.appstore.MockCluster;
import io.keyport.backend.appstore.ReleaseCharts;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.appstore.DeploymentTarget;
import io.keyport.model.appstore.DeploymentTargetRequest;
import io.keyport.model.appstore.Release;
import io.keyport.model.appstore.ReleaseRequest;
import io.keyport.model.appstore.ReleaseResource;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A release deployed by real Helm into the server tests' Kubernetes mock (fabric8's API server in
 * CRUD mode, {@link MockCluster}), shown in the releases tab with its resources from Helm's status.
 * Saves {@code docs/images/appstore-release-resources.png}.
 */
class ReleaseResourcesViewTest extends LiveFeatureTest {

    @TempDir
    static Path dir;

    private static MockCluster cluster;
    private static String releaseId;

    @BeforeAll
    static void deployed() throws TimeoutException {
        cluster = new MockCluster();
        ChartUploads.team(server);
        assertThat(AppStoreTables.upload(
                                server.baseUrl(),
                                server.token("admin", LiveServer.ADMIN_PASSWORD),
                                ReleaseCharts.web("web", "1.0.0"),
                                "charts")
                        .statusCode())
                .isEqualTo(201);
        server.adminTransport()
                .put(
                        "/namespaces/apps-dev",
                        new DeploymentTargetRequest(
                                "mock", "file:" + cluster.kubeconfig(dir), "apps", "Mock cluster", List.of("charts")),
                        new TypeReference<DeploymentTarget>() {});
        AppStoreClient client = new AppStoreClient(server.adminTransport());
        Release r = client.install(new ReleaseRequest(null, "web", "1.0.0", "apps-dev", List.of("charts"), null));
        releaseId = r.id();
        WaitForAsyncUtils.waitFor(
                60, TimeUnit.SECONDS, () -> client.release(releaseId).status().equals("deployed"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Start
    void show(Stage stage) {
        mount(stage);
    }

    @Override
    protected Feature feature(FeatureContext context) {
        return AppStoreFeature.create(context);
    }

    @Test
    void theReleasesResourcesAreListedWithTheirReadiness(FxRobot robot) throws TimeoutException {
        TabPane tabs = robot.lookup("#feature-appstore").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        FxWaits.until(() -> ReleasesViewTest.releases(robot).getItems().size() == 1);
        robot.interact(
                () -> ReleasesViewTest.releases(robot).getSelectionModel().select(0));
        FxWaits.until(() -> resources(robot).getItems().size() == 3
                && !robot.lookup("#releaseHistory")
                        .queryAs(ListView.class)
                        .getItems()
                        .isEmpty());
        assertThat(ReleasesViewTest.releases(robot).getItems().getFirst().id()).isEqualTo(releaseId);
        assertThat(ReleasesViewModel.summary(
                        ReleasesViewTest.releases(robot).getItems().getFirst()))
                .contains("deployed (revision 1)");
        assertThat(resources(robot).getItems().stream().map(ReleasesViewModel::summary))
                .anyMatch(s -> s.startsWith("Deployment/" + releaseId + " "))
                .anyMatch(s -> s.startsWith("Service/" + releaseId + " "))
                .anyMatch(s -> s.startsWith("ConfigMap/" + releaseId + "-settings "));
        assertThat(dialogs.errors).isEmpty();
        Screenshots.save(scene, "appstore-release-resources");
    }

    @SuppressWarnings("unchecked")
    private static ListView<ReleaseResource> resources(FxRobot robot) {
        return robot.lookup("#releaseResources").queryAs(ListView.class);
    }
}
