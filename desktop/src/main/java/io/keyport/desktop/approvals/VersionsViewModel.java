package io.keyport.desktop.approvals;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.shell.DialogService;
import io.keyport.desktop.shell.SignedInUser;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.Approval;
import io.keyport.model.kio.ApprovalPolicy;
import io.keyport.model.kio.Version;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The versions of one application and what can be done with them: create a version, see each
 * version's approval state at a glance, its approval history, and approve it for one type with
 * notes. Four-eyes is shown before anything is sent: the author of a version reads "You created
 * this version; someone else must approve it." and cannot press Approve.
 */
public final class VersionsViewModel {

    /** Kio's version id rule (the server's {@code VersionService.VERSION_ID}), at most 128 characters. */
    static final Pattern VERSION_ID = Pattern.compile("^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$");
    /** An artifact reference {@code scheme://rest}, as the server checks it. */
    static final Pattern ARTIFACT = Pattern.compile("^[a-z][a-z0-9+.-]*://\\S+$");

    static final String FOUR_EYES = "You created or last changed this version; someone else must approve it.";

    private final KioClient client;
    private final DialogService dialogs;
    private final TaskExecutor executor;
    private final SignedInUser user;

    private final ReadOnlyObjectWrapper<Application> application = new ReadOnlyObjectWrapper<>(this, "application");
    private final ReadOnlyObjectWrapper<ApprovalPolicy> policy = new ReadOnlyObjectWrapper<>(this, "policy");
    private final ObservableList<Version> versions = FXCollections.observableArrayList();
    private final ObjectProperty<Version> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<Approval> history = FXCollections.observableArrayList();
    private final ObservableList<String> approvalTypes = FXCollections.observableArrayList();

    private final StringProperty approvalType = new SimpleStringProperty(this, "approvalType");
    private final StringProperty approvalNotes = new SimpleStringProperty(this, "approvalNotes", "");
    private final StringProperty newVersionId = new SimpleStringProperty(this, "newVersionId", "");
    private final StringProperty newArtifact = new SimpleStringProperty(this, "newArtifact", "");
    private final StringProperty newNotes = new SimpleStringProperty(this, "newNotes", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    private Runnable onChange = () -> {};

    private final StringBinding statusText;
    private final StringBinding fourEyesText;
    private final BooleanBinding canApprove;
    private final StringBinding newVersionError;
    private final BooleanBinding canCreate;

    public VersionsViewModel(KioClient client, DialogService dialogs, TaskExecutor executor, SignedInUser user) {
        this.client = Objects.requireNonNull(client);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.executor = Objects.requireNonNull(executor);
        this.user = Objects.requireNonNull(user);
        statusText = Bindings.createStringBinding(() -> statusOf(selected.get()), selected);
        fourEyesText = Bindings.createStringBinding(() -> fourEyesBlocks() ? FOUR_EYES : null, selected, policy);
        canApprove = Bindings.createBooleanBinding(
                () -> approveProblem() == null, selected, policy, application, approvalType, busy);
        newVersionError = Bindings.createStringBinding(this::newVersionProblem, newVersionId, newArtifact);
        canCreate = newVersionError.isNull().and(application.isNotNull()).and(busy.not());
        selected.addListener((obs, old, now) -> loadHistory(now));
    }

    /** Called after this view model created a version or gave an approval (the inbox reloads). */
    public void setOnChange(Runnable onChange) {
        this.onChange = java.util.Objects.requireNonNull(onChange);
    }

    /** One line: "Approved 2026-11-29 10:15 UTC" or "Pending: needs TEST, DEPLOY and 2 more approvers". */
    public static String statusOf(Version v) {
        if (v == null) {
            return "";
        }
        if (Version.APPROVED.equals(v.approvalStatus())) {
            return "Approved" + (v.approvedAt() == null ? "" : " " + Formats.time(v.approvedAt()));
        }
        StringBuilder s = new StringBuilder("Pending: needs ");
        if (!v.missingApprovalTypes().isEmpty()) {
            s.append(String.join(", ", v.missingApprovalTypes()));
        }
        if (v.missingApprovers() > 0) {
            if (!v.missingApprovalTypes().isEmpty()) {
                s.append(" and ");
            }
            s.append(v.missingApprovers()).append(" more approver").append(v.missingApprovers() == 1 ? "" : "s");
        }
        return s.toString();
    }

    private boolean fourEyesBlocks() {
        Version v = selected.get();
        ApprovalPolicy p = policy.get();
        boolean fourEyes = p == null || p.fourEyes() == null || p.fourEyes();
        return v != null
                && fourEyes
                && Version.PENDING.equals(v.approvalStatus())
                && (user.uid().equals(v.createdBy()) || user.uid().equals(v.lastModifiedBy()));
    }

    /** Why Approve is not possible now, or null. */
    public String approveProblem() {
        Version v = selected.get();
        Application app = application.get();
        if (busy.get()) {
            return "Busy";
        }
        if (v == null || app == null) {
            return "Select a version";
        }
        if (!Version.PENDING.equals(v.approvalStatus())) {
            return "Already approved";
        }
        if (!user.teams().contains(app.teamId())) {
            return "Only people of team " + app.teamId() + " approve its versions";
        }
        if (fourEyesBlocks()) {
            return FOUR_EYES;
        }
        if (approvalType.get() == null || approvalType.get().isBlank()) {
            return "Choose an approval type";
        }
        return null;
    }

    private String newVersionProblem() {
        String id = newVersionId.get();
        if (id == null || id.isBlank()) {
            return "A version id is required";
        }
        if (id.length() > 128 || !VERSION_ID.matcher(id).matches()) {
            return "Letters and digits, separated by single '.', '_' or '-'";
        }
        String artifact = newArtifact.get();
        if (artifact == null || artifact.isBlank()) {
            return "An artifact is required, e.g. docker://registry/team/app:1.0";
        }
        if (artifact.length() > 2048 || !ARTIFACT.matcher(artifact).matches()) {
            return "The artifact is a reference like docker://registry/team/app:1.0";
        }
        return null;
    }

    public ReadOnlyObjectProperty<Application> applicationProperty() {
        return application.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ApprovalPolicy> policyProperty() {
        return policy.getReadOnlyProperty();
    }

    public ObservableList<Version> versions() {
        return versions;
    }

    public ObjectProperty<Version> selectedProperty() {
        return selected;
    }

    public ObservableList<Approval> history() {
        return history;
    }

    public ObservableList<String> approvalTypes() {
        return approvalTypes;
    }

    public StringProperty approvalTypeProperty() {
        return approvalType;
    }

    public StringProperty approvalNotesProperty() {
        return approvalNotes;
    }

    public StringProperty newVersionIdProperty() {
        return newVersionId;
    }

    public StringProperty newArtifactProperty() {
        return newArtifact;
    }

    public StringProperty newNotesProperty() {
        return newNotes;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringBinding statusTextProperty() {
        return statusText;
    }

    /** The four-eyes hint for the selected version, or null. */
    public StringBinding fourEyesTextProperty() {
        return fourEyesText;
    }

    public BooleanBinding canApproveProperty() {
        return canApprove;
    }

    public StringBinding newVersionErrorProperty() {
        return newVersionError;
    }

    public BooleanBinding canCreateProperty() {
        return canCreate;
    }

    /** Shows the versions of {@code app} (null clears), then selects {@code versionId} if given. */
    public void show(Application app, String versionId) {
        application.set(app);
        policy.set(null);
        versions.clear();
        selected.set(null);
        approvalTypes.clear();
        if (app == null) {
            return;
        }
        String appId = app.id();
        executor.execute(
                () -> new Loaded(client.policy(appId), client.versions(appId)),
                loaded -> {
                    if (application.get() == null || !application.get().id().equals(appId)) {
                        return;
                    }
                    policy.set(loaded.policy());
                    List<String> types = loaded.policy().approvalTypes();
                    approvalTypes.setAll(types);
                    if (approvalType.get() == null || !types.contains(approvalType.get())) {
                        approvalType.set(types.isEmpty() ? null : types.get(0));
                    }
                    versions.setAll(loaded.versions().reversed());
                    selectVersion(versionId);
                },
                e -> dialogs.showError("Load the versions of " + appId, e));
    }

    private record Loaded(ApprovalPolicy policy, List<Version> versions) {}

    /** Reloads the current application's versions, keeping the selection. */
    public void refresh() {
        Version keep = selected.get();
        show(application.get(), keep == null ? null : keep.id());
    }

    private void selectVersion(String versionId) {
        if (versionId == null) {
            return;
        }
        versions.stream().filter(v -> v.id().equals(versionId)).findFirst().ifPresent(selected::set);
    }

    private void loadHistory(Version v) {
        history.clear();
        if (v == null) {
            return;
        }
        executor.execute(
                () -> client.approvals(v.applicationId(), v.id()),
                list -> {
                    Version now = selected.get();
                    if (now != null
                            && now.id().equals(v.id())
                            && now.applicationId().equals(v.applicationId())) {
                        history.setAll(list);
                    }
                },
                e -> dialogs.showError("Load the approvals of " + v.id(), e));
    }

    /** Creates (or changes) the version typed into the form; a change resets its approvals. */
    public void createVersion() {
        Application app = application.get();
        if (!canCreate.get()) {
            return;
        }
        String id = newVersionId.get().trim();
        String artifact = newArtifact.get().trim();
        String notes = newNotes.get();
        busy.set(true);
        executor.execute(
                () -> {
                    client.saveVersion(app.id(), id, artifact, notes);
                    return id;
                },
                created -> {
                    busy.set(false);
                    newVersionId.set("");
                    newArtifact.set("");
                    newNotes.set("");
                    dialogs.notify("Version " + created + " of " + app.id() + " saved");
                    show(app, created);
                    onChange.run();
                },
                e -> {
                    busy.set(false);
                    dialogs.showError("Create version " + id + " of " + app.id(), e);
                });
    }

    /** Approves the selected version for the chosen type with the notes typed. */
    public void approve() {
        Version v = selected.get();
        if (v == null) {
            return;
        }
        String problem = approveProblem();
        if (problem != null) {
            dialogs.showError("Approve " + v.id(), new IllegalStateException(problem));
            return;
        }
        String type = approvalType.get();
        String notes = approvalNotes.get();
        busy.set(true);
        executor.execute(
                () -> {
                    client.approve(v.applicationId(), v.id(), type, notes);
                    return client.version(v.applicationId(), v.id());
                },
                updated -> {
                    busy.set(false);
                    approvalNotes.set("");
                    dialogs.notify("Approved " + v.id() + " for " + type
                            + (Version.APPROVED.equals(updated.approvalStatus())
                                    ? "; the version is now approved"
                                    : ""));
                    int i = versions.indexOf(v);
                    if (i >= 0) {
                        versions.set(i, updated);
                    }
                    selected.set(updated);
                    loadHistory(updated);
                    onChange.run();
                },
                e -> {
                    busy.set(false);
                    dialogs.showError("Approve " + v.id() + " for " + type, e);
                });
    }
}
