package io.keyport.desktop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.shell.Theme;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.identity.Team;
import io.keyport.model.identity.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Administration feature's real controls (headless Monocle) against a real server, with the
 * production executor: an admin creates a team and a user in it, adds a member, edits a policy,
 * and sees inline validation. Saves the screenshots of each tab.
 */
class AdministrationViewTest extends LiveFeatureTest {

    private static final int NO_PAUSE = 0;

    private static IdentityClient identity;

    @BeforeAll
    static void createData() {
        identity = new IdentityClient(server.adminTransport());
    }

    @Start
    void show(Stage stage) {
        mount(stage);
    }

    @Override
    protected Feature feature(FeatureContext context) {
        return AdministrationFeature.create(context);
    }

    @Test
    void adminCreatesATeamAndAUserInItAndAddsAMember(FxRobot robot) throws TimeoutException {
        identity.putUser("bob", "bobs password 1", List.of(), false);

        robot.clickOn("#tab-teams");
        type(robot, "#teamId", "payments");
        type(robot, "#teamName", "Payments");
        robot.clickOn("#saveTeam");
        FxWaits.until(() -> identity.teams().stream().anyMatch(t -> t.id().equals("payments")));

        robot.clickOn("#tab-users");
        FxWaits.until(() -> teamCheckBox(robot, "payments") != null);
        robot.clickOn("#newUser");
        type(robot, "#uid", "ada");
        robot.clickOn("#generatePassword");
        robot.clickOn(teamCheckBox(robot, "payments"));
        robot.clickOn("#saveUser");
        FxWaits.until(() -> dialogs.secrets.size() == 1);

        User ada = identity.user("ada");
        assertThat(ada.teams()).containsExactly("payments");
        assertThat(server.token("ada", dialogs.secrets.getFirst().secret())).isNotBlank();
        assertThat(AdministrationViewTest.<User>table(robot, "#userTable").getItems())
                .extracting(User::uid)
                .contains("ada", "bob");
        Screenshots.saveLightAndDark(scene, "admin-users", Theme.LIGHT);

        robot.clickOn("#tab-teams");
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            TableView<Team> teams = table(robot, "#teamTable");
            teams.getSelectionModel()
                    .select(teams.getItems().stream()
                            .filter(t -> t.id().equals("payments"))
                            .findFirst()
                            .orElseThrow());
        });
        FxWaits.until(() -> robot.lookup("#members").queryListView().getItems().contains("ada"));
        // the member picker is searchable: typing part of a user id narrows the list, Enter picks it
        assertThat(robot.lookup("#addMember").queryButton().isDisabled()).isTrue();
        robot.clickOn("#newMember");
        FxWaits.until(() -> robot.lookup("#newMember #search")
                .tryQuery()
                .map(Node::isFocused)
                .orElse(false));
        robot.write("bo", NO_PAUSE);
        FxWaits.until(() -> robot.lookup("#newMember #filtered")
                .tryQuery()
                .map(n -> List.copyOf(((ComboBox<?>) n).getItems()).equals(List.of("bob")))
                .orElse(false));
        robot.type(KeyCode.ENTER);
        FxWaits.until(
                () -> "bob".equals(robot.lookup("#newMember").queryComboBox().getValue()));
        assertThat(robot.lookup("#addMember").queryButton().isDisabled()).isFalse();
        robot.clickOn("#addMember");
        FxWaits.until(() -> robot.lookup("#members").queryListView().getItems().contains("bob"));

        assertThat(identity.team("payments").members()).containsExactly("ada", "bob");
        FxWaits.until(() -> robot.lookup("#newMember").queryComboBox().getValue() == null);
        FxWaits.until(() -> "user id"
                .equals(robot.lookup("#newMember .list-cell").queryLabeled().getText()));
        assertThat(dialogs.errors).isEmpty();
        Screenshots.saveLightAndDark(scene, "admin-teams", Theme.LIGHT);
    }

    @Test
    void invalidInputIsMarkedWhileTyping(FxRobot robot) {
        robot.clickOn("#tab-teams");
        type(robot, "#teamId", "Payments");

        assertThat(robot.lookup("#teamIdProblem").queryLabeled().isVisible()).isTrue();
        assertThat(robot.lookup("#teamIdProblem").queryLabeled().getText()).startsWith("2 to 64 characters");
        assertThat(robot.lookup("#saveTeam").queryButton().isDisabled()).isTrue();

        robot.eraseText("Payments".length()).write("payments", NO_PAUSE);

        assertThat(robot.lookup("#teamIdProblem").queryLabeled().isVisible()).isFalse();
        assertThat(robot.lookup("#saveTeam").queryButton().isDisabled()).isFalse();
    }

    @Test
    void adminSetsAnApplicationsPolicy(FxRobot robot) throws TimeoutException {
        identity.putTeam("search", "Search");
        server.adminTransport()
                .put(
                        "/apps/indexer",
                        Map.of("team_id", "search", "name", "Indexer", "active", true),
                        new TypeReference<Object>() {});

        robot.clickOn("#tab-policies");
        FxWaits.until(() -> !table(robot, "#appTable").getItems().isEmpty());
        robot.interact(() -> table(robot, "#appTable").getSelectionModel().select(0));
        FxWaits.until(() -> !robot.lookup("#approvalTypes")
                .queryTextInputControl()
                .getText()
                .isEmpty());
        robot.doubleClickOn("#requiredApprovers").write("3", NO_PAUSE);
        robot.clickOn("#savePolicy");
        FxWaits.until(() -> dialogs.notifications.contains("Saved the approval policy of indexer"));

        assertThat(robot.lookup("#effectiveApprovers").queryLabeled().getText())
                .isEqualTo("3 distinct approvers, set by an admin");
        Screenshots.saveLightAndDark(scene, "admin-policies", Theme.LIGHT);
    }

    @SuppressWarnings("unchecked")
    private static <T> TableView<T> table(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(TableView.class);
    }

    /** The check box of {@code team} in the user form's team list, or null while it is not shown. */
    private static Node teamCheckBox(FxRobot robot, String team) {
        return robot.lookup("#userTeams .list-cell").queryAll().stream()
                .filter(cell -> team.equals(((ListCell<?>) cell).getText()))
                .map(cell -> cell.lookup(".check-box"))
                .filter(CheckBox.class::isInstance)
                .findFirst()
                .orElse(null);
    }

    private static void type(FxRobot robot, String query, String text) {
        robot.clickOn(query).write(text, NO_PAUSE);
    }
}
