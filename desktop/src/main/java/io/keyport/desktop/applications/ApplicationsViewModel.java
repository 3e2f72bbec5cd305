package io.keyport.desktop.applications;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.kio.ApplicationRow;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.shell.DialogService;
import io.keyport.desktop.shell.SignedInUser;
import io.keyport.model.identity.CredentialInfo;
import io.keyport.model.identity.Team;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.ApprovalPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Applications view's state and commands: the filters (search text, team, active), the rows
 * the server answered for them, the selected application with its service credentials and scopes.
 * The rows are {@link ApplicationRow}s (the table's columns only); the selected application's full
 * record is loaded when it is selected ({@link #select}).
 * Filtering happens on the server ({@code GET /apps?search=&team_id=&active=}); an answer that
 * arrives after a newer request was sent is dropped, so fast typing never shows stale rows. Every
 * call runs through the {@link TaskExecutor}; every failure goes to {@link DialogService#showError}.
 */
public final class ApplicationsViewModel {

    /** The team filter's entry for "every team". */
    public static final String ALL_TEAMS = "All teams";

    /** The activity filter's choices. */
    public enum Activity {
        ALL("Active and inactive", null),
        ACTIVE("Active only", Boolean.TRUE),
        INACTIVE("Inactive only", Boolean.FALSE);

        private final String label;
        private final Boolean value;

        Activity(String label, Boolean value) {
            this.label = label;
            this.value = value;
        }

        public Boolean value() {
            return value;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final KioClient client;
    private final DialogService dialogs;
    private final TaskExecutor executor;
    private final SignedInUser user;

    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final StringProperty team = new SimpleStringProperty(this, "team", ALL_TEAMS);
    private final ObjectProperty<Activity> activity = new SimpleObjectProperty<>(this, "activity", Activity.ALL);
    private final ObservableList<ApplicationRow> applications = FXCollections.observableArrayList();
    private final ObservableList<String> teams = FXCollections.observableArrayList(ALL_TEAMS);
    private final ObjectProperty<Application> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<CredentialInfo> credentials = FXCollections.observableArrayList();
    private final ObservableList<String> scopes = FXCollections.observableArrayList();
    private final ObjectProperty<ApprovalPolicy> policy = new SimpleObjectProperty<>(this, "policy");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");

    private long generation;
    /** The id of the row the user selected last; a full record that arrives for another is dropped. */
    private String wanted;

    public ApplicationsViewModel(KioClient client, DialogService dialogs, TaskExecutor executor, SignedInUser user) {
        this.client = Objects.requireNonNull(client);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.executor = Objects.requireNonNull(executor);
        this.user = Objects.requireNonNull(user);
        selected.addListener((obs, old, now) -> loadDetails(now));
    }

    public StringProperty searchProperty() {
        return search;
    }

    public StringProperty teamProperty() {
        return team;
    }

    public ObjectProperty<Activity> activityProperty() {
        return activity;
    }

    public ObservableList<ApplicationRow> applications() {
        return applications;
    }

    public ObservableList<String> teams() {
        return teams;
    }

    /** The selected application's full record ({@code GET /apps/{id}}); null while none is selected. */
    public ObjectProperty<Application> selectedProperty() {
        return selected;
    }

    /**
     * Selects the application of a table row: loads its full record and makes it the selected
     * application (its details, credentials and scopes follow). Null clears the selection.
     */
    public void select(ApplicationRow row) {
        if (row == null) {
            wanted = null;
            selected.set(null);
            return;
        }
        String id = row.id();
        wanted = id;
        if (isSelected(id)) {
            return;
        }
        executor.execute(
                () -> client.application(id),
                app -> {
                    if (id.equals(wanted)) {
                        selected.set(app);
                    }
                },
                e -> dialogs.showError("Load " + id, e));
    }

    public ObservableList<CredentialInfo> credentials() {
        return credentials;
    }

    public ObservableList<String> scopes() {
        return scopes;
    }

    /** The selected application's approval policy; null until loaded. */
    public ObjectProperty<ApprovalPolicy> policyProperty() {
        return policy;
    }

    /** "TEST, DEPLOY from 2 distinct people; four-eyes" */
    public static String describe(ApprovalPolicy p) {
        if (p == null) {
            return "";
        }
        int people = p.effectiveRequiredApprovers() == null ? 0 : p.effectiveRequiredApprovers();
        return (p.approvalTypes().isEmpty() ? "any type" : String.join(", ", p.approvalTypes())) + " from " + people
                + (people == 1 ? " person" : " distinct people")
                + (Boolean.FALSE.equals(p.fourEyes()) ? "" : "; four-eyes");
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    /** "12,345 applications" or what is happening now. */
    public StringProperty statusProperty() {
        return status;
    }

    public SignedInUser user() {
        return user;
    }

    /** True if the signed-in user may change the selected application (admin or member of its team). */
    public boolean canWrite(Application app) {
        return app != null && (user.admin() || user.teams().contains(app.teamId()));
    }

    /** Loads the team list for the filters. */
    public void loadTeams() {
        executor.execute(
                client::teams,
                list -> {
                    List<String> ids = new ArrayList<>();
                    ids.add(ALL_TEAMS);
                    list.stream().map(Team::id).sorted().forEach(ids::add);
                    String chosen = team.get();
                    teams.setAll(ids);
                    // replacing the list may clear a combo box's value; keep the filter as chosen
                    team.set(ids.contains(chosen) ? chosen : ALL_TEAMS);
                },
                e -> dialogs.showError("Load teams", e));
    }

    /** Asks the server for the applications matching the current filters. */
    public void reload() {
        long mine = ++generation;
        String query = search.get();
        String teamId = ALL_TEAMS.equals(team.get()) ? null : team.get();
        Boolean active = activity.get() == null ? null : activity.get().value();
        loading.set(true);
        status.set("Loading ...");
        executor.execute(
                () -> client.applicationRows(query, teamId, active),
                list -> {
                    if (mine != generation) {
                        return;
                    }
                    loading.set(false);
                    String keep = selected.get() == null ? null : selected.get().id();
                    applications.setAll(list);
                    status.set(String.format("%,d application%s", list.size(), list.size() == 1 ? "" : "s"));
                    if (keep != null && list.stream().noneMatch(a -> a.id().equals(keep))) {
                        wanted = null;
                        selected.set(null);
                    }
                },
                e -> {
                    if (mine != generation) {
                        return;
                    }
                    loading.set(false);
                    status.set("Could not load applications");
                    dialogs.showError("Load applications", e);
                });
    }

    private void loadDetails(Application app) {
        credentials.clear();
        scopes.clear();
        policy.set(null);
        if (app == null) {
            return;
        }
        String id = app.id();
        executor.execute(
                () -> client.policy(id),
                p -> {
                    if (isSelected(id)) {
                        policy.set(p);
                    }
                },
                e -> dialogs.showError("Load the approval policy of " + id, e));
        if (canWrite(app)) {
            executor.execute(
                    () -> client.credentials(id),
                    list -> {
                        if (isSelected(id)) {
                            credentials.setAll(list);
                        }
                    },
                    e -> dialogs.showError("Load the credentials of " + id, e));
        }
        executor.execute(
                () -> client.scopes(id),
                list -> {
                    if (isSelected(id)) {
                        scopes.setAll(list);
                    }
                },
                e -> dialogs.showError("Load the scopes of " + id, e));
    }

    private boolean isSelected(String id) {
        return selected.get() != null && selected.get().id().equals(id);
    }

    /** Creates a service credential for the selected application and shows its secret once. */
    public void createCredential() {
        Application app = selected.get();
        if (app == null) {
            return;
        }
        executor.execute(
                () -> client.createCredential(app.id()),
                created -> {
                    dialogs.showSecretOnce(
                            "New credential for " + app.id(),
                            "Client id: " + created.clientId() + "\nCopy the secret now: it is not shown again.",
                            created.clientSecret());
                    loadDetails(selected.get());
                },
                e -> dialogs.showError("Create a credential for " + app.id(), e));
    }

    /** Revokes a credential of the selected application after the user confirms. */
    public void revokeCredential(CredentialInfo credential) {
        Application app = selected.get();
        if (app == null || credential == null) {
            return;
        }
        if (!dialogs.confirm(
                "Revoke credential",
                "Revoke " + credential.clientId() + "? Tokens issued from it stop working at once.")) {
            return;
        }
        executor.execute(
                () -> {
                    client.revokeCredential(app.id(), credential.clientId());
                    return credential;
                },
                done -> {
                    dialogs.notify("Revoked " + done.clientId());
                    loadDetails(selected.get());
                },
                e -> dialogs.showError("Revoke " + credential.clientId(), e));
    }

    /** Replaces the selected application's scopes (admins); {@code text} is comma- or space-separated. */
    public void saveScopes(String text) {
        Application app = selected.get();
        if (app == null) {
            return;
        }
        List<String> list = text == null
                ? List.of()
                : java.util.Arrays.stream(text.split("[,\\s]+"))
                        .filter(s -> !s.isBlank())
                        .distinct()
                        .toList();
        executor.execute(
                () -> client.saveScopes(app.id(), list),
                saved -> {
                    if (isSelected(app.id())) {
                        scopes.setAll(saved);
                    }
                    dialogs.notify("Scopes of " + app.id() + " saved");
                },
                e -> dialogs.showError("Save the scopes of " + app.id(), e));
    }

    /** After a create or an edit: reload, and select the saved application. */
    void saved(String id) {
        executor.execute(
                () -> client.application(id),
                app -> {
                    wanted = app.id();
                    selected.set(app);
                    reload();
                },
                e -> dialogs.showError("Load " + id, e));
    }
}
