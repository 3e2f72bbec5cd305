package io.keyport.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.shell.Theme;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.audit.AuditEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The audit log view's real controls (headless Monocle) against a real server whose log holds the
 * first admin, a few teams and users: verify the chain, narrow the table with a filter, inspect an
 * entry. Saves the screenshots of the view.
 */
class AuditViewTest extends LiveFeatureTest {

    private static final int NO_PAUSE = 0;

    @BeforeAll
    static void createData() {
        IdentityClient identity = new IdentityClient(server.adminTransport());
        for (String team : List.of("payments", "search", "platform")) {
            identity.putTeam(team, team.substring(0, 1).toUpperCase() + team.substring(1));
        }
        identity.putUser("jdoe", "correct horse battery", List.of("payments"), false);
        identity.putUser("ada", "analytical engine", List.of("search", "platform"), true);
        server.adminTransport()
                .put(
                        "/apps/billing",
                        Map.of(
                                "team_id",
                                "payments",
                                "name",
                                "Billing",
                                "active",
                                true,
                                "description",
                                "Invoices and\nreminders"),
                        new TypeReference<Object>() {});
        identity.putScopes("billing", List.of("application.write"));
    }

    @Start
    void show(Stage stage) {
        mount(stage);
    }

    @Override
    protected Feature feature(FeatureContext context) {
        return AuditFeature.create(context);
    }

    @Test
    void verifyingShowsAnIntactChainWithItsCount(FxRobot robot) throws TimeoutException {
        FxWaits.until(() -> !table(robot).getItems().isEmpty());
        int entries = table(robot).getItems().size();

        robot.clickOn("#auditVerify");
        FxWaits.until(
                () -> robot.lookup("#auditVerification").queryAs(Message.class).isVisible());

        Message message = robot.lookup("#auditVerification").queryAs(Message.class);
        assertThat(message.getTitle()).isEqualTo("Audit chain intact");
        assertThat(message.getDescription()).startsWith(entries + " entries verified");
        assertThat(robot.lookup("#auditStatus").queryLabeled().getText())
                .isEqualTo("Chain intact: " + entries + " entries verified");

        robot.clickOn(robot.lookup("#auditTable .table-cell")
                .match(LabeledMatchers.hasText("application.create"))
                .<Node>query());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table(robot).getSelectionModel().getSelectedItem().action()).isEqualTo("application.create");
        assertThat(robot.lookup("#inspect-action").queryTextInputControl().getText())
                .isEqualTo("application.create");
        assertThat(robot.lookup("#inspect-hash").queryTextInputControl().getText())
                .hasSize(64);
        assertThat(robot.lookup("#inspect-details").queryTextInputControl().getText())
                .contains("\n  \"");
        Screenshots.saveLightAndDark(scene, "audit", Theme.LIGHT);
    }

    @Test
    void aFilterNarrowsTheTable(FxRobot robot) throws TimeoutException {
        FxWaits.until(() -> !table(robot).getItems().isEmpty());
        int everything = table(robot).getItems().size();

        robot.clickOn("#auditAction").write("team.create", NO_PAUSE);
        robot.clickOn("#auditSearch");
        FxWaits.until(() -> table(robot).getItems().size() < everything);

        assertThat(table(robot).getItems()).hasSize(3).allMatch(e -> e.action().equals("team.create"));
        assertThat(robot.lookup("#auditShown").queryLabeled().getText()).startsWith("Entries ");

        robot.clickOn("#auditClear");
        FxWaits.until(() -> table(robot).getItems().size() == everything);
        assertThat(robot.lookup("#auditAction").queryTextInputControl().getText())
                .isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static TableView<AuditEntry> table(FxRobot robot) {
        return robot.lookup("#auditTable").queryAs(TableView.class);
    }
}
