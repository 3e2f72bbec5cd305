package io.keyport.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.shell.Theme;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.audit.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * A chain changed behind the server's back, in the real view: verifying names the first broken
 * entry, and the table jumps to it, selected and highlighted. A class of its own because the
 * tampering would break the other view tests' chain.
 */
class AuditBrokenChainViewTest extends LiveFeatureTest {

    @BeforeAll
    static void createData() {
        IdentityClient identity = new IdentityClient(server.adminTransport());
        for (String team : List.of("payments", "search", "platform", "security")) {
            identity.putTeam(team, null);
        }
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
    void verifyingSelectsTheFirstBrokenEntry(FxRobot robot) throws TimeoutException, SQLException {
        try (Connection c = server.dataSource().getConnection();
                PreparedStatement forge = c.prepareStatement("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")) {
            assertThat(forge.executeUpdate()).isEqualTo(1);
        }

        robot.clickOn("#auditVerify");
        FxWaits.until(
                () -> robot.lookup("#auditVerification").queryAs(Message.class).isVisible()
                        && table(robot).getSelectionModel().getSelectedItem() != null);

        assertThat(robot.lookup("#auditVerification").queryAs(Message.class).getTitle())
                .isEqualTo("Audit chain broken at entry 3");
        assertThat(table(robot).getSelectionModel().getSelectedItem().seq()).isEqualTo(3);
        assertThat(table(robot).getItems().getFirst().seq()).isEqualTo(3);
        assertThat(robot.lookup("#inspect-actor").queryTextInputControl().getText())
                .startsWith("mallory");
        assertThat(robot.lookup("#auditPrevious").queryButton().isDisabled())
                .as("the newer entries are a page back")
                .isFalse();
        Screenshots.saveLightAndDark(scene, "audit-broken", Theme.LIGHT);
    }

    @SuppressWarnings("unchecked")
    private static TableView<AuditEntry> table(FxRobot robot) {
        return robot.lookup("#auditTable").queryAs(TableView.class);
    }
}
