package io.keyport.desktop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.identity.User;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Users tab's logic on the test thread, against a real server. */
class UsersViewModelTest {

    private static LiveServer server;
    private static IdentityClient identity;

    private final RecordingDialogs dialogs = new RecordingDialogs();
    private UsersViewModel vm;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        identity = new IdentityClient(server.adminTransport());
        identity.putTeam("payments", "Payments");
        identity.putTeam("search", "Search");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void load() {
        vm = new UsersViewModel(identity, new DirectTaskExecutor(), dialogs);
        vm.reload();
    }

    @Test
    void loadsUsersAndTeams() {
        assertThat(vm.users()).extracting(User::uid).contains("admin");
        assertThat(vm.teams()).extracting(TeamChoice::teamId).contains("payments", "search");
        assertThat(vm.creatingProperty().get()).isTrue();
    }

    @Test
    void createsAUserWithATypedPasswordAndTeams() {
        vm.uidProperty().set("ada");
        vm.passwordProperty().set("analytical engine");
        choice("payments").memberProperty().set(true);

        vm.save();

        assertThat(dialogs.errors).isEmpty();
        assertThat(dialogs.notifications).containsExactly("Created user ada");
        assertThat(dialogs.secrets).isEmpty();
        assertThat(identity.user("ada").teams()).containsExactly("payments");
        assertThat(server.token("ada", "analytical engine")).isNotBlank();
        assertThat(vm.creatingProperty().get()).as("the form now edits ada").isFalse();
        assertThat(vm.users()).extracting(User::uid).contains("ada");
    }

    @Test
    void aGeneratedPasswordIsShownOnceAndWorks() {
        vm.uidProperty().set("grace");
        vm.generatePasswordProperty().set(true);

        vm.save();

        assertThat(dialogs.secrets).hasSize(1);
        String password = dialogs.secrets.getFirst().secret();
        assertThat(password).hasSize(20);
        assertThat(server.token("grace", password)).isNotBlank();
        assertThat(vm.passwordProperty().get()).as("the form does not keep it").isEmpty();
        assertThat(vm.generatePasswordProperty().get()).isFalse();
    }

    @Test
    void invalidInputCannotBeSaved() {
        vm.uidProperty().set("bad id");
        vm.passwordProperty().set("long enough");
        assertThat(vm.uidProblemProperty().get()).isNotNull();
        assertThat(vm.canSaveProperty().get()).isFalse();

        vm.uidProperty().set("fine");
        vm.passwordProperty().set("short");
        assertThat(vm.passwordProblemProperty().get()).isEqualTo("At least 8 characters");
        assertThat(vm.canSaveProperty().get()).isFalse();

        vm.generatePasswordProperty().set(true);
        assertThat(vm.canSaveProperty().get())
                .as("a generated password replaces the typed one")
                .isTrue();
    }

    @Test
    void editingChangesAdminAndTeamsAndKeepsThePassword() {
        identity.putUser("linus", "kernel hacker 1", List.of("search"), false);
        vm.reload();
        vm.edit(identity.user("linus"));
        assertThat(choice("search").memberProperty().get()).isTrue();
        assertThat(vm.canSaveProperty().get())
                .as("an empty password keeps the old one")
                .isTrue();

        vm.adminProperty().set(true);
        choice("search").memberProperty().set(false);
        choice("payments").memberProperty().set(true);
        vm.save();

        User saved = identity.user("linus");
        assertThat(saved.admin()).isTrue();
        assertThat(saved.teams()).containsExactly("payments");
        assertThat(server.token("linus", "kernel hacker 1")).isNotBlank();
        assertThat(dialogs.notifications).containsExactly("Saved user linus");
    }

    @Test
    void removingAsksFirst() {
        identity.putUser("temp", "temporary 1234", List.of(), false);
        vm.reload();
        vm.edit(identity.user("temp"));

        dialogs.answering(false);
        vm.remove();
        assertThat(identity.users()).extracting(User::uid).contains("temp");

        dialogs.answering(true);
        vm.remove();
        assertThat(identity.users()).extracting(User::uid).doesNotContain("temp");
        assertThat(vm.users()).extracting(User::uid).doesNotContain("temp");
        assertThat(vm.creatingProperty().get()).isTrue();
        assertThat(dialogs.questions).hasSize(2);
    }

    @Test
    void aRefusalShowsTheServersMessage() {
        identity.putTeam("doomed", null);
        vm.reload();
        identity.deleteTeam("doomed"); // by another admin, after this form loaded the teams
        vm.uidProperty().set("late");
        vm.passwordProperty().set("just in time");
        choice("doomed").memberProperty().set(true);

        vm.save();

        assertThat(dialogs.errors).singleElement().satisfies(error -> {
            assertThat(error.action()).isEqualTo("Create user late");
            assertThat(error.error()).hasMessage("Team doomed does not exist.");
        });
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.creatingProperty().get())
                .as("the form keeps the input for another try")
                .isTrue();
    }

    private TeamChoice choice(String team) {
        return vm.teams().stream()
                .filter(t -> t.teamId().equals(team))
                .findFirst()
                .orElseThrow();
    }
}
