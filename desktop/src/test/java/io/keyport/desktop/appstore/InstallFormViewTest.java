package io.keyport.desktop.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.appstore.Release;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The install form against a real server: it starts with the chart's values.yaml defaults (nested
 * objects flattened, a list as JSON); values the form cannot check are refused by the server (422)
 * and each error shows at its field, or in the list above the Install button when it belongs to no
 * field; an untouched form installs the chart's defaults unchanged. Saves
 * {@code docs/images/appstore-install-errors.png}.
 */
class InstallFormViewTest extends LiveFeatureTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void charts() {
        ChartUploads.team(server);
        ChartUploads.uploadStrict(server, false);
        ChartUploads.targetWithoutCluster(server, dir, "web-prod");
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
    void serverRefusalsShowAtTheFieldsAndAnUntouchedFormInstallsTheDefaults(FxRobot robot) throws TimeoutException {
        TabPane tabs = robot.lookup("#feature-appstore").queryAs(TabPane.class);
        openInstallForm(robot, tabs, "strict");
        assertThat(field(robot, "image.tag").getText())
                .as("values.yaml's default")
                .isEqualTo("1.4.2");
        assertThat(field(robot, "hosts").getText()).isEqualTo("[\"shop.example.org\"]");
        assertThat(field(robot, "service.port").getText()).isEqualTo("8080");

        robot.interact(() -> field(robot, "image.tag").setText("latest"));
        robot.interact(() -> field(robot, "hosts").setText("[\"shop.example.org\", \"Bad Host\"]"));
        robot.clickOn("#installSubmit");
        FxWaits.until(() -> !robot.lookup("#installRefusals")
                .queryAs(VBox.class)
                .getChildren()
                .isEmpty());

        List<String> shown = robot.lookup((Node n) -> n instanceof Label).queryAllAs(Label.class).stream()
                .map(Label::getText)
                .filter(t -> t != null && !t.isEmpty())
                .toList();
        assertThat(shown)
                .as("the tag's and the list's errors beside their fields")
                .anyMatch(t -> t.contains("does not match") && t.contains("[0-9]+"))
                .anyMatch(t -> t.startsWith("/hosts/1: ") && t.contains("does not match") && t.contains("[a-z0-9.-]+"));
        assertThat(robot.lookup("#installRefusals").queryAs(VBox.class).getChildren())
                .extracting(n -> ((Label) n).getText())
                .contains("The server refused these values:")
                .anyMatch(t -> t.startsWith("• /service: ") && t.contains("legacy"));
        assertThat(robot.lookup("#installStatus").queryAs(Label.class).getText())
                .isEqualTo("The server refused the values (3 errors): see the marked fields and the list");
        assertThat(dialogs.errors).as("no dialog for a refusal the form shows").isEmpty();
        assertThat(robot.lookup("#installSubmit").queryAs(Button.class).isDisabled())
                .as("until the marked fields change")
                .isTrue();
        Screenshots.save(scene, "appstore-install-errors");

        openInstallForm(robot, tabs, "shop");
        robot.clickOn("#installSubmit");
        AppStoreClient client = new AppStoreClient(server.adminTransport());
        FxWaits.until(
                () -> client.releases().stream().anyMatch(r -> r.packageId().equals("shop")));
        Release shop = client.releases().stream()
                .filter(r -> r.packageId().equals("shop"))
                .findFirst()
                .orElseThrow();
        assertThat(shop.values() == null || shop.values().isEmpty())
                .as("an untouched form sends nothing over the chart's defaults: " + shop.values())
                .isTrue();
        assertThat(dialogs.errors).isEmpty();
    }

    private static void openInstallForm(FxRobot robot, TabPane tabs, String name) throws TimeoutException {
        robot.interact(() -> tabs.getSelectionModel().select(0));
        FxWaits.until(() -> ReleasesViewTest.packages(robot).getItems().size() == 2);
        robot.interact(() -> ReleasesViewTest.packages(robot)
                .getSelectionModel()
                .select(ReleasesViewTest.packages(robot).getItems().stream()
                        .filter(p -> p.id().equals(name))
                        .findFirst()
                        .orElseThrow()));
        FxWaits.until(() ->
                robot.lookup("#appstoreHeading").queryAs(Label.class).getText().startsWith(name + " ")
                        && !robot.lookup("#appstoreInstall")
                                .queryAs(Button.class)
                                .isDisabled());
        robot.clickOn("#appstoreInstall");
        FxWaits.until(() -> robot.lookup((Node n) -> ("field-image.tag").equals(n.getId()))
                        .tryQuery()
                        .isPresent()
                && tabs.getSelectionModel().getSelectedIndex() == 2
                && !robot.lookup("#installSubmit").queryAs(Button.class).isDisabled());
    }

    private static TextInputControl field(FxRobot robot, String label) {
        return robot.lookup((Node n) -> ("field-" + label).equals(n.getId())).queryAs(TextInputControl.class);
    }
}
