package io.keyport.desktop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.identity.Team;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Teams tab's logic on the test thread, against a real server. */
class TeamsViewModelTest {

    private static LiveServer server;
    private static IdentityClient identity;

    private final RecordingDialogs dialogs = new RecordingDialogs();
    private TeamsViewModel vm;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        identity = new IdentityClient(server.adminTransport());
        identity.putUser("jdoe", "correct horse battery", List.of(), false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void load() {
        vm = new TeamsViewModel(identity, new DirectTaskExecutor(), dialogs);
        vm.reload();
    }

    @Test
    void createsATeamAndEditsIt() {
        vm.teamIdProperty().set("payments");
        vm.nameProperty().set("Payments");

        vm.save();

        assertThat(dialogs.errors).isEmpty();
        assertThat(identity.team("payments").name()).isEqualTo("Payments");
        assertThat(vm.teams()).extracting(Team::id).contains("payments");
        assertThat(vm.creatingProperty().get()).isFalse();
        assertThat(vm.userIds()).contains("admin", "jdoe");
    }

    @Test
    void addsAndRemovesMembers() {
        identity.putTeam("infra", "Infrastructure");
        vm.reload();
        vm.edit(identity.team("infra"));

        vm.newMemberProperty().set("jdoe");
        vm.addMember();

        assertThat(vm.members()).containsExactly("jdoe");
        assertThat(identity.user("jdoe").teams()).contains("infra");
        assertThat(vm.newMemberProperty().get()).isEmpty();

        vm.removeMember("jdoe");

        assertThat(vm.members()).isEmpty();
        assertThat(identity.user("jdoe").teams()).doesNotContain("infra");
    }

    @Test
    void anUnknownMemberShowsTheServersMessage() {
        identity.putTeam("lonely", null);
        vm.edit(identity.team("lonely"));

        vm.newMemberProperty().set("nobody");
        vm.addMember();

        assertThat(dialogs.errors)
                .singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("Add nobody to team lonely"));
        assertThat(vm.members()).isEmpty();
    }

    @Test
    void invalidTeamIdsCannotBeSaved() {
        vm.teamIdProperty().set("Payments");

        assertThat(vm.teamIdProblemProperty().get()).isNotNull();
        assertThat(vm.canSaveProperty().get()).isFalse();
    }

    @Test
    void deletingATeamThatOwnsApplicationsIsRefusedWithTheReason() {
        identity.putTeam("owners", null);
        server.adminTransport()
                .put(
                        "/apps/owned",
                        Map.of("team_id", "owners", "name", "Owned", "active", true),
                        new TypeReference<Object>() {});
        vm.reload();
        vm.edit(identity.team("owners"));

        vm.remove();

        assertThat(dialogs.errors)
                .singleElement()
                .satisfies(e -> assertThat(e.error())
                        .hasMessage("Team owners owns applications; move them to another team first"));
        assertThat(identity.teams()).extracting(Team::id).contains("owners");
    }

    @Test
    void deletesATeamAfterConfirmation() {
        identity.putTeam("gone", null);
        vm.reload();
        vm.edit(identity.team("gone"));

        vm.remove();

        assertThat(identity.teams()).extracting(Team::id).doesNotContain("gone");
        assertThat(vm.teams()).extracting(Team::id).doesNotContain("gone");
        assertThat(dialogs.notifications).containsExactly("Deleted team gone");
    }
}
