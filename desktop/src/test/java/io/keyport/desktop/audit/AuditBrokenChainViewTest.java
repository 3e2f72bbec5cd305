package io.keyport.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import io.keyport.desktop.concurrent.FxTaskExecutor;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.desktop.testing.ViewScreenshots;
import io.keyport.model.audit.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A chain changed behind the server's back, in the real view: verifying names the first broken
 * entry, and the table jumps to it, selected and highlighted. A class of its own because the
 * tampering would break the other view tests' chain.
 */
@ExtendWith(ApplicationExtension.class)
class AuditBrokenChainViewTest {

    private static LiveServer server;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private Scene scene;

    @BeforeAll
    static void startServer() {
        server = LiveServer.start();
        IdentityClient identity = new IdentityClient(server.adminTransport());
        for (String team : List.of("payments", "search", "platform", "security")) {
            identity.putTeam(team, null);
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void show(Stage stage) {
        ViewScreenshots.useLightTheme();
        scene = new Scene((Parent) AuditFeature.create(server.adminContext(dialogs, executor)).view(), 1200, 720);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.close();
    }

    @Test
    void verifyingSelectsTheFirstBrokenEntry(FxRobot robot) throws TimeoutException, SQLException {
        try (Connection c = server.dataSource().getConnection();
             PreparedStatement forge = c.prepareStatement("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")) {
            assertThat(forge.executeUpdate()).isEqualTo(1);
        }

        robot.clickOn("#auditVerify");
        FxWaits.until(() -> robot.lookup("#auditVerification").queryAs(Message.class).isVisible()
                && table(robot).getSelectionModel().getSelectedItem() != null);

        assertThat(robot.lookup("#auditVerification").queryAs(Message.class).getTitle())
                .isEqualTo("Audit chain broken at entry 3");
        assertThat(table(robot).getSelectionModel().getSelectedItem().seq()).isEqualTo(3);
        assertThat(table(robot).getItems().getFirst().seq()).isEqualTo(3);
        assertThat(robot.lookup("#inspect-actor").queryTextInputControl().getText()).startsWith("mallory");
        assertThat(robot.lookup("#auditPrevious").queryButton().isDisabled()).as("the newer entries are a page back").isFalse();
        ViewScreenshots.saveLightAndDark(scene, "audit-broken");
    }

    @SuppressWarnings("unchecked")
    private static TableView<AuditEntry> table(FxRobot robot) {
        return robot.lookup("#auditTable").queryAs(TableView.class);
    }
}
