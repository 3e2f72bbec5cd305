package io.keyport.desktop.admin;

import io.keyport.desktop.concurrent.Background;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.identity.IdentityRules;
import io.keyport.desktop.shell.DialogService;
import io.keyport.model.identity.Team;
import io.keyport.model.identity.User;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Users tab: every user, and one form that either creates a user (with a typed password or a
 * generated one shown once) or edits the selected one (admin flag, team memberships, optionally a
 * new password). Removing a user deletes the account: the server has no inactive state for people,
 * and deleting ends their tokens at once while the audit log keeps their uid.
 */
public final class UsersViewModel {

    private final IdentityClient identity;
    private final Background background;

    // --- lists
    private final ObservableList<User> users = FXCollections.observableArrayList();
    private final ObservableList<TeamChoice> teams = FXCollections.observableArrayList();

    // --- the form
    private final ReadOnlyBooleanWrapper creating = new ReadOnlyBooleanWrapper(this, "creating", true);
    private final StringProperty uid = new SimpleStringProperty(this, "uid", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final BooleanProperty generatePassword = new SimpleBooleanProperty(this, "generatePassword");
    private final BooleanProperty admin = new SimpleBooleanProperty(this, "admin");

    // --- validation: null when the field is fine, otherwise the sentence shown under it
    private final StringBinding uidProblem = Bindings.createStringBinding(
            () -> creating.get() ? IdentityRules.uidProblem(uid.get()) : null, uid, creating);
    private final StringBinding passwordProblem = Bindings.createStringBinding(
            () -> {
                if (generatePassword.get()) {
                    return null;
                }
                String typed = password.get();
                if (!creating.get() && (typed == null || typed.isEmpty())) {
                    return null; // editing: an empty password keeps the old one
                }
                return IdentityRules.passwordProblem(typed);
            },
            password,
            generatePassword,
            creating);
    private final BooleanBinding canSave;

    public UsersViewModel(IdentityClient identity, TaskExecutor executor, DialogService dialogs) {
        this.identity = Objects.requireNonNull(identity);
        this.background = new Background(executor, dialogs);
        this.canSave = uidProblem
                .isNull()
                .and(passwordProblem.isNull())
                .and(background.busyProperty().not());
    }

    public ObservableList<User> users() {
        return users;
    }

    /** Every team, each with whether the user in the form is a member. */
    public ObservableList<TeamChoice> teams() {
        return teams;
    }

    /** True while the form creates a new user, false while it edits an existing one. */
    public ReadOnlyBooleanProperty creatingProperty() {
        return creating.getReadOnlyProperty();
    }

    public StringProperty uidProperty() {
        return uid;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public BooleanProperty generatePasswordProperty() {
        return generatePassword;
    }

    public BooleanProperty adminProperty() {
        return admin;
    }

    public StringBinding uidProblemProperty() {
        return uidProblem;
    }

    public StringBinding passwordProblemProperty() {
        return passwordProblem;
    }

    public BooleanBinding canSaveProperty() {
        return canSave;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return background.busyProperty();
    }

    /** Loads users and teams; keeps the form as it is. */
    public void reload() {
        background.run("Load users and teams", () -> new Lists(identity.users(), identity.teams()), lists -> {
            users.setAll(lists.users().stream()
                    .sorted(Comparator.comparing(User::uid))
                    .toList());
            Set<String> checked = checkedTeams();
            teams.setAll(lists.teams().stream()
                    .map(Team::id)
                    .sorted()
                    .map(id -> new TeamChoice(id, checked.contains(id)))
                    .toList());
        });
    }

    /** Empties the form for a new user. */
    public void newUser() {
        creating.set(true);
        uid.set("");
        fillForm(false, Set.of());
    }

    /** Puts {@code user} into the form for editing; null empties it. */
    public void edit(User user) {
        if (user == null) {
            newUser();
            return;
        }
        creating.set(false);
        uid.set(user.uid());
        fillForm(user.admin(), Set.copyOf(user.teams()));
    }

    /** Creates or updates the user in the form; a generated password is shown once afterwards. */
    public void save() {
        if (!canSave.get()) {
            return;
        }
        boolean isNew = creating.get();
        String id = uid.get().trim();
        String typed = password.get();
        boolean generated = generatePassword.get();
        String secret = generated ? IdentityRules.generatePassword() : typed == null || typed.isEmpty() ? null : typed;
        List<String> memberOf = List.copyOf(checkedTeams());
        boolean isAdmin = admin.get();
        background.run(
                (isNew ? "Create user " : "Update user ") + id,
                () -> identity.putUser(id, secret, memberOf, isAdmin),
                saved -> {
                    replace(saved);
                    edit(saved);
                    if (generated) {
                        background
                                .dialogs()
                                .showSecretOnce(
                                        "Password of " + saved.uid(),
                                        "Give this password to " + saved.uid()
                                                + " over a safe channel. It is shown only now.",
                                        secret);
                    } else {
                        background.dialogs().notify((isNew ? "Created user " : "Saved user ") + saved.uid());
                    }
                });
    }

    /** Deletes the user in the form after the admin confirms. */
    public void remove() {
        if (creating.get()) {
            return;
        }
        String id = uid.get();
        if (!background
                .dialogs()
                .confirm(
                        "Remove user " + id,
                        "Remove " + id
                                + "? Their sign-in and tokens stop working at once; the audit log keeps their name.")) {
            return;
        }
        background.run(
                "Remove user " + id,
                () -> {
                    identity.deleteUser(id);
                    return id;
                },
                removed -> {
                    users.removeIf(u -> u.uid().equals(removed));
                    newUser();
                    background.dialogs().notify("Removed user " + removed);
                });
    }

    private void fillForm(boolean isAdmin, Set<String> memberOf) {
        password.set("");
        generatePassword.set(false);
        admin.set(isAdmin);
        teams.forEach(choice -> choice.memberProperty().set(memberOf.contains(choice.teamId())));
    }

    private Set<String> checkedTeams() {
        return teams.stream()
                .filter(t -> t.memberProperty().get())
                .map(TeamChoice::teamId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private void replace(User saved) {
        users.removeIf(u -> u.uid().equals(saved.uid()));
        users.add(saved);
        users.sort(Comparator.comparing(User::uid));
    }

    private record Lists(List<User> users, List<Team> teams) {}
}
