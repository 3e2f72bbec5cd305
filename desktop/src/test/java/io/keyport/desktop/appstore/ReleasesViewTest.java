package io.keyport.desktop.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.appstore.Package;
import io.keyport.model.appstore.Release;
import io.keyport.model.appstore.ReleaseRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The releases tab and the install form with their real controls (headless Monocle) against a real
 * server. The target has no reachable cluster, so the release shown ended {@code failed} with
 * Helm's message. Saves {@code docs/images/appstore-releases.png} and {@code appstore-install.png}.
 */
class ReleasesViewTest extends LiveFeatureTest {

    @TempDir
    static Path dir;

    private static String releaseId;

    @BeforeAll
    static void charts() throws TimeoutException {
        ChartUploads.team(server);
        ChartUploads.upload(server, "grafana", "8.5.1", "Dashboards for metrics and logs", "monitoring");
        ChartUploads.upload(server, "nginx", "10.0.0", "Web server and reverse proxy", "web, proxy");
        ChartUploads.targetWithoutCluster(server, dir, "web-prod");
        AppStoreClient client = new AppStoreClient(server.adminTransport());
        Release r = client.install(new ReleaseRequest(null, "grafana", null, "web-prod", List.of("charts"), null));
        releaseId = r.id();
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> client.release(releaseId).status().equals("failed"));
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
    void releasesListAndInstallFormWithInlineValidation(FxRobot robot) throws TimeoutException {
        TabPane tabs = robot.lookup("#feature-appstore").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        FxWaits.until(() -> releases(robot).getItems().size() == 1);
        robot.interact(() -> releases(robot).getSelectionModel().select(0));
        FxWaits.until(() -> !robot.lookup("#releaseUpgradeVersion")
                .queryTextInputControl()
                .getText()
                .isEmpty());
        assertThat(releases(robot).getItems().getFirst().id()).isEqualTo(releaseId);
        FxWaits.until(() -> robot.lookup("#releaseFailure").queryAs(Label.class).isVisible());
        assertThat(robot.lookup("#releaseFailure").queryAs(Label.class).getText())
                .as("the failed release's message in the details")
                .startsWith("Failed: ")
                .contains("\nNothing is pending");
        assertThat(robot.lookup("#releaseUpgrade").queryAs(Button.class).isDisabled())
                .as("no upgrade before its dry run")
                .isTrue();
        robot.interact(() ->
                robot.lookup("#releaseUpgradeVersion").queryTextInputControl().setText("8.5.1"));
        robot.interact(() ->
                robot.lookup("#releaseUpgradeValues").queryTextInputControl().setText("{\"replicaCount\": 3}"));
        robot.clickOn("#releasePreview");
        FxWaits.until(() ->
                !robot.lookup("#releaseDiff").queryTextInputControl().getText().isEmpty());
        assertThat(robot.lookup("#releaseDiff").queryTextInputControl().getText())
                .isEqualTo("+ /replicaCount: 3\n");
        assertThat(robot.lookup("#releaseUpgrade").queryAs(Button.class).isDisabled())
                .isFalse();
        // the focused difference scrolled the details down; the picture shows them from the heading
        robot.interact(
                () -> robot.lookup("#releaseDetails").queryAs(ScrollPane.class).setVvalue(0));
        Screenshots.save(scene, "appstore-releases");

        robot.interact(() -> tabs.getSelectionModel().select(0));
        FxWaits.until(() -> packages(robot).getItems().size() == 2);
        robot.interact(() -> packages(robot).getSelectionModel().select(1));
        FxWaits.until(
                () -> !robot.lookup("#appstoreInstall").queryAs(Button.class).isDisabled());
        robot.clickOn("#appstoreInstall");
        FxWaits.until(() -> robot.lookup("#field-replicaCount").tryQuery().isPresent());
        assertThat(tabs.getSelectionModel().getSelectedIndex()).isEqualTo(2);
        assertThat(robot.lookup("#field-replicaCount").queryTextInputControl().getText())
                .as("values.yaml's default")
                .isEqualTo("2");
        robot.interact(() ->
                robot.lookup("#field-replicaCount").queryTextInputControl().clear());
        FxWaits.until(() -> robot.lookup("#installSubmit").queryAs(Button.class).isDisabled());
        robot.clickOn("#field-replicaCount").write("0");
        FxWaits.until(() -> robot.lookup((Node n) -> n instanceof Label l && "must be at least 1".equals(l.getText()))
                .tryQuery()
                .isPresent());
        assertThat(robot.lookup("#installSubmit").queryAs(Button.class).isDisabled())
                .isTrue();
        Screenshots.save(scene, "appstore-install");
        robot.clickOn("#field-replicaCount").eraseText(1).write("2");
        FxWaits.until(
                () -> !robot.lookup("#installSubmit").queryAs(Button.class).isDisabled());
    }

    @SuppressWarnings("unchecked")
    static ListView<Release> releases(FxRobot robot) {
        return robot.lookup("#releasesList").queryAs(ListView.class);
    }

    @SuppressWarnings("unchecked")
    static ListView<Package> packages(FxRobot robot) {
        return robot.lookup("#appstorePackages").queryAs(ListView.class);
    }
}
