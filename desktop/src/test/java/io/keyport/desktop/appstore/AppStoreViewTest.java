package io.keyport.desktop.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.shell.Theme;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.appstore.Package;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The App Store view's real controls (headless Monocle) against a real server holding a few charts:
 * search, open a chart, switch versions. Saves the screenshot {@code docs/images/appstore.png}.
 */
class AppStoreViewTest extends LiveFeatureTest {

    @BeforeAll
    static void charts() {
        ChartUploads.team(server);
        ChartUploads.upload(server, "grafana", "8.5.1", "Dashboards for metrics and logs", "monitoring, dashboards");
        ChartUploads.upload(server, "nginx", "9.0.0", "Web server and reverse proxy", "web, proxy");
        ChartUploads.upload(server, "nginx", "10.0.0", "Web server and reverse proxy", "web, proxy");
        ChartUploads.upload(server, "nginx", "10.1.0-rc.1", "Web server and reverse proxy", "web, proxy");
        ChartUploads.upload(server, "postgresql", "15.2.0", "Relational database with replication", "database, sql");
        ChartUploads.upload(server, "redis", "7.4.2", "In-memory key-value store and cache", "cache, database");
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
    void searchOpenAndSwitchVersions(FxRobot robot) throws TimeoutException {
        FxWaits.until(() -> packages(robot).getItems().size() == 4);

        robot.clickOn("#appstoreQuery").write("database", 0);
        robot.clickOn("#appstoreSearch");
        FxWaits.until(() -> packages(robot).getItems().size() == 2);
        assertThat(packages(robot).getItems()).extracting(Package::id).containsExactly("postgresql", "redis");

        robot.doubleClickOn("#appstoreQuery").eraseText(8);
        robot.clickOn("#appstoreSearch");
        FxWaits.until(() -> packages(robot).getItems().size() == 4);
        robot.interact(() -> packages(robot).getSelectionModel().select(1));
        FxWaits.until(
                () -> robot.lookup("#appstoreHeading").queryLabeled().getText().startsWith("nginx 10.0.0"));
        assertThat(robot.lookup("#appstoreReadme").queryTextInputControl().getText())
                .contains("helm install my-nginx");
        assertThat(robot.lookup("#appstoreValues").queryTextInputControl().getText())
                .contains("replicaCount: 2");

        @SuppressWarnings("unchecked")
        ListView<Object> versions = robot.lookup("#appstoreVersions").queryAs(ListView.class);
        assertThat(versions.getItems()).hasSize(3);
        robot.interact(() -> versions.getSelectionModel().select(2));
        FxWaits.until(
                () -> robot.lookup("#appstoreHeading").queryLabeled().getText().startsWith("nginx 9.0.0"));
        robot.interact(() -> versions.getSelectionModel().select(1));
        FxWaits.until(
                () -> robot.lookup("#appstoreHeading").queryLabeled().getText().startsWith("nginx 10.0.0"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(versions.getSelectionModel().getSelectedIndex()).isEqualTo(1);
        Screenshots.saveLightAndDark(scene, "appstore", Theme.LIGHT);
        Screenshots.save(scene, "appstore");
    }

    @SuppressWarnings("unchecked")
    private static ListView<Package> packages(FxRobot robot) {
        return robot.lookup("#appstorePackages").queryAs(ListView.class);
    }
}
