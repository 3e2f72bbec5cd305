package io.keyport.desktop.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.shell.Theme;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javafx.scene.chart.BarChart;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Images view's real controls (headless Monocle) against a real server holding images a team
 * member pushed with Jib, a two-platform index, a signature and an SBOM: browse to a tag, read its
 * overview, layers and referrers, copy the pull command, see the storage chart, and take an image
 * down as an admin with the reason asked. Saves {@code docs/images/images-*.png}.
 */
class ImagesViewTest extends LiveFeatureTest {

    private static String shop11;

    @BeforeAll
    static void pushImages() throws IOException {
        Path folder = Files.createTempDirectory("keyport-images-view");
        try (ImagePushes push = new ImagePushes(server, folder)) {
            push.member("acme", "jdoe");
            push.member("ops", "kim");
            push.jib("jdoe", "jdoe-password-1", "acme/shop", "1.0", 180_000);
            shop11 = push.jib("jdoe", "jdoe-password-1", "acme/shop", "1.1", 240_000);
            push.jib("jdoe", "jdoe-password-1", "acme/shop", "1.2-SNAPSHOT", 250_000);
            push.putManifest(
                    "acme/shop",
                    "1.1-release",
                    push.manifest("acme/shop", shop11),
                    ImagePushes.OCI_MANIFEST,
                    Map.of(
                            "X-SCM-Source",
                            "{\"url\":\"https://github.com/acme/shop\",\"revision\":\"9f3c2a1b7d4e5f60718293a4\","
                                    + "\"author\":\"jdoe\",\"status\":\"\"}"));
            push.referrer("acme/shop", shop11, ImagePushes.COSIGN, "{\"critical\":{}}");
            push.referrer("acme/shop", shop11, ImagePushes.SPDX, "{\"spdxVersion\":\"SPDX-2.3\"}");
            push.index("acme/workers", "3.0");
            push.jib("kim", "kim-password-1", "ops/tools", "5.4", 600_000);
            push.jib("kim", "kim-password-1", "ops/leak", "0.9", 1_000);
        }
    }

    @Start
    void show(Stage stage) {
        mount(stage);
    }

    @Override
    protected Feature feature(FeatureContext context) {
        return ImagesFeature.create(context);
    }

    @Test
    void aTagsOverviewLayersReferrersAndItsPullCommand(FxRobot robot) throws Exception {
        ListView<String> artifacts = artifacts(robot);
        TableView<TagSummary> table = table(robot);
        FxWaits.until(() -> artifacts.getItems().contains("shop"));
        clickIn(robot, "#imagesArtifacts", "shop");
        FxWaits.until(() -> table.getItems().size() == 4);

        clickIn(robot, "#imagesTable", "1.1-release");
        Labeled digest = field(robot, "digest");
        FxWaits.until(() -> digest.getText().equals(shop11));
        assertThat(field(robot, "kind").getText()).startsWith("immutable");
        assertThat(field(robot, "scm-source").getText())
                .isEqualTo("https://github.com/acme/shop @ 9f3c2a1b7d4e by jdoe");
        assertThat(field(robot, "platform").getText()).isEqualTo("linux/amd64");
        assertThat(field(robot, "runs").getText()).isEqualTo("/app/server --port=8080");
        String host = server.baseUrl().substring("http://".length());
        assertThat(robot.lookup("#imagesPull").queryTextInputControl().getText())
                .isEqualTo("docker pull " + host + "/acme/shop:1.1-release");

        robot.clickOn("#imagesCopyPull");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(
                                () -> Clipboard.getSystemClipboard().getString())
                        .get())
                .isEqualTo("docker pull " + host + "/acme/shop:1.1-release");
        assertThat(robot.from(table).lookup("snapshot").tryQuery())
                .as("1.2-SNAPSHOT is listed as a snapshot")
                .isPresent();
        Screenshots.saveLightAndDark(scene, "images", Theme.LIGHT);

        robot.clickOn("Referrers (2)");
        TableView<?> referrers = robot.lookup("#imagesReferrers").queryAs(TableView.class);
        assertThat(referrers.getItems())
                .extracting(r -> ((Referrer) r).kind())
                .containsExactlyInAnyOrder("Signature", "SBOM");
        robot.clickOn("Layers");
        assertThat(robot.lookup("#imagesLayers").queryAs(TableView.class).getItems())
                .hasSize(1);
    }

    @Test
    void anIndexShowsItsPlatforms(FxRobot robot) throws TimeoutException {
        ListView<String> artifacts = artifacts(robot);
        TableView<TagSummary> table = table(robot);
        Labeled platform = field(robot, "platform");
        FxWaits.until(() -> artifacts.getItems().contains("workers"));
        clickIn(robot, "#imagesArtifacts", "workers");
        FxWaits.until(() -> table.getItems().size() == 1);
        clickIn(robot, "#imagesTable", "3.0");
        FxWaits.until(() -> platform.getText().equals("linux/amd64, linux/arm64/v8"));
        robot.clickOn("Platforms");
        assertThat(robot.lookup("#imagesLayers").queryAs(TableView.class).getItems())
                .hasSize(2);
        Screenshots.save(scene, "images-platforms-light");
    }

    @Test
    void storagePerTeamAsAChart(FxRobot robot) throws TimeoutException {
        ListView<String> teams = teams(robot);
        FxWaits.until(() -> !teams.getItems().isEmpty());
        robot.clickOn("Usage per team");
        @SuppressWarnings("unchecked")
        BarChart<String, Number> chart = robot.lookup("#imagesStorageChart").queryAs(BarChart.class);
        FxWaits.until(() ->
                !chart.getData().isEmpty() && chart.getData().get(0).getData().size() == 2);
        assertThat(chart.getData().get(0).getData())
                .extracting(d -> d.getXValue())
                .containsExactly("acme", "ops");
        assertThat(robot.lookup("#imagesStorageNote").queryLabeled().getText()).contains(" tags of 2 teams");
        Screenshots.save(scene, "images-storage-light");
    }

    @Test
    void anAdminTakesAnImageDownWithTheReasonAsked(FxRobot robot) throws TimeoutException {
        ListView<String> teams = teams(robot);
        ListView<String> artifacts = artifacts(robot);
        TableView<TagSummary> table = table(robot);
        javafx.scene.control.Button takeDown = robot.lookup("#imagesTakeDown").queryButton();
        FxWaits.until(() -> teams.getItems().contains("ops"));
        clickIn(robot, "#imagesTeams", "ops");
        FxWaits.until(() -> artifacts.getItems().contains("leak"));
        clickIn(robot, "#imagesArtifacts", "leak");
        FxWaits.until(() -> table.getItems().size() == 1);
        clickIn(robot, "#imagesTable", "0.9");
        FxWaits.until(() -> !takeDown.isDisabled());

        dialogs.givingReason("Court order 2026-114");
        robot.clickOn(takeDown);
        FxWaits.until(
                () -> dialogs.notifications.size() == 1 && !artifacts.getItems().contains("leak"));
        assertThat(dialogs.questions).singleElement().asString().startsWith("Take down ops/leak@sha256:");
        assertThat(dialogs.notifications).singleElement().asString().startsWith("Took down ops/leak@sha256:");
        assertThat(dialogs.errors).isEmpty();
        assertThat(table.getItems()).extracting(TagSummary::name).doesNotContain("0.9");
    }

    @SuppressWarnings("unchecked")
    private static TableView<TagSummary> table(FxRobot robot) {
        return robot.lookup("#imagesTable").queryAs(TableView.class);
    }

    private static ListView<String> teams(FxRobot robot) {
        return robot.lookup("#imagesTeams").queryListView();
    }

    private static ListView<String> artifacts(FxRobot robot) {
        return robot.lookup("#imagesArtifacts").queryListView();
    }

    /** The value label of the overview's field {@code name} ({@code digest}, {@code scm-source}, ...). */
    private static Labeled field(FxRobot robot, String name) {
        return robot.lookup("#imagesField-" + name).queryLabeled();
    }

    /** Clicks the cell showing {@code text} inside the control {@code id} (a list or the tags table). */
    private static void clickIn(FxRobot robot, String id, String text) {
        robot.clickOn(robot.from(robot.lookup(id).queryAll()).lookup(text).<javafx.scene.Node>query());
    }
}
