package io.keyport.desktop.admin;

import io.keyport.desktop.concurrent.Background;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.identity.IdentityRules;
import io.keyport.desktop.shell.DialogService;
import io.keyport.model.identity.Team;
import io.keyport.model.identity.User;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Teams tab: every team, a form that creates one or renames the selected one, and the selected
 * team's members. Memberships belong to users on the server ({@code teams} of
 * {@code PUT /api/users/{uid}}), so adding or removing a member rewrites that user's team list.
 */
public final class TeamsViewModel {

    private final IdentityClient identity;
    private final Background background;

    // --- lists
    private final ObservableList<Team> teams = FXCollections.observableArrayList();
    private final ObservableList<String> members = FXCollections.observableArrayList();
    private final ObservableList<String> userIds = FXCollections.observableArrayList();

    // --- the form
    private final ReadOnlyBooleanWrapper creating = new ReadOnlyBooleanWrapper(this, "creating", true);
    private final StringProperty teamId = new SimpleStringProperty(this, "teamId", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty newMember = new SimpleStringProperty(this, "newMember", "");

    private final StringBinding teamIdProblem = Bindings.createStringBinding(
            () -> creating.get() ? IdentityRules.teamIdProblem(teamId.get()) : null, teamId, creating);
    private final BooleanBinding canSave;
    private final BooleanBinding canAddMember;

    public TeamsViewModel(IdentityClient identity, TaskExecutor executor, DialogService dialogs) {
        this.identity = Objects.requireNonNull(identity);
        this.background = new Background(executor, dialogs);
        this.canSave = teamIdProblem.isNull().and(background.busyProperty().not());
        this.canAddMember = creating.not()
                .and(Bindings.createBooleanBinding(
                        () -> IdentityRules.uidProblem(trimmed(newMember.get())) == null, newMember))
                .and(background.busyProperty().not());
    }

    public ObservableList<Team> teams() {
        return teams;
    }

    /** The members of the team in the form (empty while creating). */
    public ObservableList<String> members() {
        return members;
    }

    /** Every user id, to pick new members from. */
    public ObservableList<String> userIds() {
        return userIds;
    }

    public ReadOnlyBooleanProperty creatingProperty() {
        return creating.getReadOnlyProperty();
    }

    public StringProperty teamIdProperty() {
        return teamId;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty newMemberProperty() {
        return newMember;
    }

    public StringBinding teamIdProblemProperty() {
        return teamIdProblem;
    }

    public BooleanBinding canSaveProperty() {
        return canSave;
    }

    public BooleanBinding canAddMemberProperty() {
        return canAddMember;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return background.busyProperty();
    }

    /** Loads teams and user ids; keeps the form. */
    public void reload() {
        background.run("Load teams", () -> new Lists(identity.teams(), identity.users()), lists -> {
            teams.setAll(lists.teams().stream()
                    .sorted(Comparator.comparing(Team::id))
                    .toList());
            userIds.setAll(lists.users().stream().map(User::uid).sorted().toList());
        });
    }

    /** Empties the form for a new team. */
    public void newTeam() {
        creating.set(true);
        teamId.set("");
        name.set("");
        members.clear();
        newMember.set("");
    }

    /** Puts {@code team} into the form and loads its members; null empties the form. */
    public void edit(Team team) {
        if (team == null) {
            newTeam();
            return;
        }
        creating.set(false);
        teamId.set(team.id());
        name.set(team.name() == null ? "" : team.name());
        members.clear();
        newMember.set("");
        background.run("Load team " + team.id(), () -> identity.team(team.id()), loaded -> {
            if (loaded.id().equals(teamId.get())) {
                members.setAll(loaded.members() == null ? List.of() : loaded.members());
            }
        });
    }

    /** Creates the team in the form, or renames it. */
    public void save() {
        if (!canSave.get()) {
            return;
        }
        boolean isNew = creating.get();
        String id = teamId.get().trim();
        String label =
                name.get() == null || name.get().isBlank() ? null : name.get().trim();
        background.run((isNew ? "Create team " : "Rename team ") + id, () -> identity.putTeam(id, label), saved -> {
            teams.removeIf(t -> t.id().equals(saved.id()));
            teams.add(saved);
            teams.sort(Comparator.comparing(Team::id));
            if (isNew) {
                edit(saved);
            }
            background.dialogs().notify((isNew ? "Created team " : "Saved team ") + saved.id());
        });
    }

    /** Deletes the team in the form after the admin confirms; the server refuses while it owns applications. */
    public void remove() {
        if (creating.get()) {
            return;
        }
        String id = teamId.get();
        if (!background
                .dialogs()
                .confirm("Delete team " + id, "Delete team " + id + "? Its members lose this membership.")) {
            return;
        }
        background.run(
                "Delete team " + id,
                () -> {
                    identity.deleteTeam(id);
                    return id;
                },
                deleted -> {
                    teams.removeIf(t -> t.id().equals(deleted));
                    newTeam();
                    background.dialogs().notify("Deleted team " + deleted);
                });
    }

    /** Adds the user named in {@code newMember} to the team in the form. */
    public void addMember() {
        if (!canAddMember.get()) {
            return;
        }
        String team = teamId.get();
        String uid = trimmed(newMember.get());
        background.run(
                "Add " + uid + " to team " + team,
                () -> {
                    List<String> memberOf = new ArrayList<>(identity.user(uid).teams());
                    if (!memberOf.contains(team)) {
                        memberOf.add(team);
                        identity.putUser(uid, null, memberOf, null);
                    }
                    return identity.team(team);
                },
                this::showMembers);
    }

    /** Removes {@code uid} from the team in the form. */
    public void removeMember(String uid) {
        if (creating.get() || uid == null) {
            return;
        }
        String team = teamId.get();
        background.run(
                "Remove " + uid + " from team " + team,
                () -> {
                    List<String> memberOf = new ArrayList<>(identity.user(uid).teams());
                    if (memberOf.remove(team)) {
                        identity.putUser(uid, null, memberOf, null);
                    }
                    return identity.team(team);
                },
                this::showMembers);
    }

    private void showMembers(Team loaded) {
        if (loaded.id().equals(teamId.get())) {
            members.setAll(loaded.members() == null ? List.of() : loaded.members());
            newMember.set("");
        }
    }

    private static String trimmed(String text) {
        return text == null ? "" : text.trim();
    }

    private record Lists(List<Team> teams, List<User> users) {}
}
