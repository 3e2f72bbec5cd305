package io.keyport.desktop.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.shell.Theme;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The TUF view's real controls (headless Monocle) against a real server bootstrapped by a rehearsal
 * ceremony with key files (root 2 of 2, 16 hash bins) and holding four targets: the verified roles
 * with their signers and the expiry timeline, the artifact search, the tasks and the online key.
 * Saves {@code docs/images/tuf-*.png}.
 */
class TufViewTest extends LiveFeatureTest {

    @BeforeAll
    static void bootstrap() throws IOException, TimeoutException {
        Path keys = Files.createTempDirectory("keyport-tuf-view-keys");
        List<RehearsalRepository.Holder> holders = RehearsalRepository.keyFiles(keys);
        RehearsalRepository.bootstrap(server.adminTransport(), holders, 16);
        RehearsalRepository.addArtifacts(
                server.adminTransport(),
                List.of(
                        "apps/billing/1.4.0/billing.tar.gz",
                        "apps/billing/1.5.0/billing.tar.gz",
                        "apps/storefront/2.0.1/storefront.tar.gz",
                        "apps/inventory/0.9.3/inventory.tar.gz"));
        RehearsalRepository.startRotation(server.adminTransport(), holders);
    }

    @Start
    void show(Stage stage) {
        mount(stage);
    }

    @Override
    protected Feature feature(FeatureContext context) {
        return TufFeature.create(context);
    }

    @Test
    void rolesAreVerifiedWithTheirSignersAndExpiries(FxRobot robot) throws TimeoutException {
        FxWaits.until(() -> roles(robot).getItems().size() == 4 + 16);
        Message verification = robot.lookup("#tufVerification").queryAs(Message.class);
        assertThat(verification.getTitle()).isEqualTo("Repository verified");
        assertThat(verification.getDescription()).contains("root chain v1 to v1", "16 delegated roles");
        assertThat(robot.lookup("#tufSummary").queryLabeled().getText()).startsWith("Root v1, 2 of 2 root keys");

        TableView<RoleStatus> table = roles(robot);
        robot.interact(() -> table.getSelectionModel().select(0)); // the root row
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#tufRoleHeading").queryLabeled().getText()).isEqualTo("root v1");
        List<String> lines = robot.lookup("#tufRoleSigners").queryAs(VBox.class).getChildren().stream()
                .filter(n -> n instanceof Label)
                .map(n -> ((Label) n).getText())
                .toList();
        assertThat(lines).contains("✔ alice", "✔ bob");
        Predicate<Node> bar = n -> n.getId() != null && n.getId().startsWith("tufTimelineBar-");
        assertThat(robot.lookup(bar).queryAll()).hasSize(5);
        assertThat(dialogs.errors).isEmpty();
        Screenshots.saveLightAndDark(scene, "tuf-roles", Theme.LIGHT);
    }

    @Test
    void artifactsAreSearchedAsYouType(FxRobot robot) throws TimeoutException {
        FxWaits.until(() -> !roles(robot).getItems().isEmpty());
        select(robot, "tufTabArtifacts");
        FxWaits.until(() -> artifacts(robot).getItems().size() == 4);
        robot.clickOn("#tufArtifactSearch").write("billing");
        FxWaits.until(() -> artifacts(robot).getItems().size() == 2);
        assertThat(robot.lookup("#tufArtifactCount").queryLabeled().getText()).isEqualTo("2 of 4 targets match");
        assertThat(artifacts(robot).getItems())
                .extracting(ArtifactRow::path)
                .containsExactly("apps/billing/1.4.0/billing.tar.gz", "apps/billing/1.5.0/billing.tar.gz");
        Screenshots.save(scene, "tuf-artifacts");
    }

    @Test
    void tasksShowTheirStateAndTheOnlineKeyRotationIsPending(FxRobot robot) throws TimeoutException {
        FxWaits.until(() -> !roles(robot).getItems().isEmpty());
        select(robot, "tufTabTasks");
        TableView<TufViewModel.TaskRow> tasks = robot.lookup("#tufTasks").queryAs(TableView.class);
        assertThat(tasks.getItems())
                .extracting(r -> r.state().name())
                .containsExactly("metadata_update", "add_artifacts", "bootstrap");
        assertThat(tasks.getItems())
                .allSatisfy(r -> assertThat(r.state().state()).isEqualTo("SUCCESS"));
        Screenshots.save(scene, "tuf-tasks");

        select(robot, "tufTabOnlineKey");
        Message key = robot.lookup("#tufOnlineKeyState").queryAs(Message.class);
        assertThat(key.getTitle()).isEqualTo("Online key rotation pending");
        assertThat(robot.lookup("#tufOnlineKeyId").queryLabeled().getText())
                .isEqualTo(new TufClient(server.adminTransport()).onlineKey().keyId());
        List<String> held = List.of(
                robot.lookup("#tufOnlineKeysHeld").queryLabeled().getText().split(", "));
        assertThat(held)
                .as("the signing key and the one generated for the rotation")
                .hasSize(2);
        assertThat(held).filteredOn(k -> k.endsWith(" (signing)")).hasSize(1);
        Screenshots.save(scene, "tuf-online-key");
    }

    @Test
    void aPendingRootRotationShowsWhoStillHasToSign(FxRobot robot) throws TimeoutException {
        FxWaits.until(() -> !roles(robot).getItems().isEmpty());
        select(robot, "tufTabPending");
        TableView<?> pending = robot.lookup("#tufPending").queryAs(TableView.class);
        FxWaits.until(() -> pending.getItems().size() == 2);
        assertThat(pending.getItems().get(0).toString()).contains("trusted root v1", "bob (");
        assertThat(pending.getItems().get(1).toString()).contains("root v2", "carol (");
        Screenshots.save(scene, "tuf-pending");
    }

    private static void select(FxRobot robot, String tabId) {
        TabPane tabs = robot.lookup("#tufTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel()
                .select(tabs.getTabs().stream()
                        .filter(t -> tabId.equals(t.getId()))
                        .findFirst()
                        .orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static TableView<RoleStatus> roles(FxRobot robot) {
        return robot.lookup("#tufRoles").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    private static TableView<ArtifactRow> artifacts(FxRobot robot) {
        return robot.lookup("#tufArtifacts").queryAs(TableView.class);
    }
}
