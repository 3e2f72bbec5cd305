package io.keyport.desktop.appstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.shell.DialogService;
import io.keyport.desktop.shell.ServerWork;
import io.keyport.model.appstore.DeploymentTarget;
import io.keyport.model.appstore.PackageDetail;
import io.keyport.model.appstore.Release;
import io.keyport.model.appstore.ReleaseDryRun;
import io.keyport.model.appstore.ReleaseRequest;
import io.keyport.model.appstore.ReleaseResource;
import io.keyport.model.appstore.ReleaseRevision;
import io.keyport.model.appstore.ReleaseUpgrade;
import io.keyport.model.common.Json;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * State and commands of the App Store's releases: the caller's releases with status, the chosen
 * release's resources and history (rollback, uninstall), an upgrade previewed with a dry run before
 * it is confirmed, and the install form of a chart generated from its values schema
 * ({@link ValuesForm}). Every change is enqueued by the server; the list shows the pending state
 * until {@link #refresh()} finds Helm's outcome.
 */
public final class ReleasesViewModel {

    private final AppStoreClient client;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final ObservableList<Release> releases = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Release> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ObservableList<ReleaseResource> resources = FXCollections.observableArrayList();
    private final ObservableList<ReleaseRevision> history = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure", "");

    private final StringProperty upgradeVersion = new SimpleStringProperty(this, "upgradeVersion", "");
    private final StringProperty upgradeValues = new SimpleStringProperty(this, "upgradeValues", "");
    private final ReadOnlyStringWrapper diff = new ReadOnlyStringWrapper(this, "diff", "");
    private final ReadOnlyObjectWrapper<ReleaseUpgrade> previewed = new ReadOnlyObjectWrapper<>(this, "previewed");

    private final ReadOnlyObjectWrapper<PackageDetail> installing = new ReadOnlyObjectWrapper<>(this, "installing");
    private final ObservableList<ValuesForm.Field> fields = FXCollections.observableArrayList();
    private final ObservableMap<String, String> texts = FXCollections.observableHashMap();
    private final ObservableMap<String, String> problems = FXCollections.observableHashMap();
    private final ObservableList<String> refusals = FXCollections.observableArrayList();
    private final ObservableList<String> namespaces = FXCollections.observableArrayList();
    private final StringProperty namespace = new SimpleStringProperty(this, "namespace");
    private final StringProperty adminGroups = new SimpleStringProperty(this, "adminGroups", "");

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    public ReleasesViewModel(AppStoreClient client, TaskExecutor executor, DialogService dialogs) {
        this.client = Objects.requireNonNull(client);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        // a changed request is no longer the one previewed
        upgradeVersion.addListener((obs, old, v) -> previewed.set(null));
        upgradeValues.addListener((obs, old, v) -> previewed.set(null));
    }

    public ObservableList<Release> releases() {
        return releases;
    }

    public ReadOnlyObjectProperty<Release> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The resources of the chosen release with their readiness. */
    public ObservableList<ReleaseResource> resources() {
        return resources;
    }

    /** The revisions of the chosen release, newest first. */
    public ObservableList<ReleaseRevision> history() {
        return history;
    }

    /**
     * Why the chosen release's last operation failed and what it takes now; empty unless its
     * status is {@code failed}. Kept from the release status the server last reported.
     */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** The chart version to upgrade to; blank keeps the current one. */
    public StringProperty upgradeVersionProperty() {
        return upgradeVersion;
    }

    /** The values to upgrade with, a JSON object; blank keeps the current ones. */
    public StringProperty upgradeValuesProperty() {
        return upgradeValues;
    }

    /** The values difference of the last dry run ({@link ValuesForm#renderChanges}). */
    public ReadOnlyStringProperty diffProperty() {
        return diff.getReadOnlyProperty();
    }

    /** The upgrade the last dry run showed; null when none (or the request changed since). */
    public ReadOnlyObjectProperty<ReleaseUpgrade> previewedProperty() {
        return previewed.getReadOnlyProperty();
    }

    /** The chart being installed; null when no install form is open. */
    public ReadOnlyObjectProperty<PackageDetail> installingProperty() {
        return installing.getReadOnlyProperty();
    }

    /** The fields of the install form, from the chart's values schema. */
    public ObservableList<ValuesForm.Field> fields() {
        return fields;
    }

    /** What the user typed per field pointer. */
    public ObservableMap<String, String> texts() {
        return texts;
    }

    /** Why a field does not fit its schema, per pointer; kept current as texts change. */
    public ObservableMap<String, String> problems() {
        return problems;
    }

    /**
     * What the server refused in the last install and no field shows ({@code path: message}); the
     * errors of fields are in {@link #problems()} until the field changes.
     */
    public ObservableList<String> refusals() {
        return refusals;
    }

    /** The deployment target ids the caller may install into. */
    public ObservableList<String> namespaces() {
        return namespaces;
    }

    public StringProperty namespaceProperty() {
        return namespace;
    }

    /** Comma-separated team names. */
    public StringProperty adminGroupsProperty() {
        return adminGroups;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Loads the releases again, and the chosen one's status and history. */
    public void refresh() {
        run("Loading releases…", "Load releases", client::releases, found -> {
            releases.setAll(found);
            status.set(found.size() == 1 ? "1 release" : found.size() + " releases");
            Release shown = selected.get();
            if (shown != null) {
                select(found.stream()
                        .filter(r -> r.id().equals(shown.id()))
                        .findFirst()
                        .orElse(null));
            }
        });
    }

    /** Shows {@code release}: its resources (from Helm's status) and history. */
    public void select(Release release) {
        selected.set(release);
        resources.clear();
        history.clear();
        diff.set("");
        previewed.set(null);
        if (release == null) {
            failure.set("");
            return;
        }
        failure.set(failure(release.status(), release.error(), release.revision()));
        upgradeVersion.set(release.version());
        upgradeValues.set(release.values() == null ? "{}" : pretty(release.values()));
        String id = release.id();
        run("Loading " + id + "…", "Load " + id, () -> new Details(client.status(id), client.history(id)), d -> {
            resources.setAll(
                    d.status().resources() == null ? List.of() : d.status().resources());
            history.setAll(d.history());
            failure.set(
                    failure(d.status().status(), d.status().error(), d.status().revision()));
        });
    }

    private record Details(io.keyport.model.appstore.ReleaseStatus status, List<ReleaseRevision> history) {}

    /** Asks the server what the upgrade would change and shows the values difference. */
    public void previewUpgrade() {
        Release r = selected.get();
        if (r == null) {
            return;
        }
        ReleaseUpgrade upgrade;
        try {
            upgrade = upgradeRequest();
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return;
        }
        run("Dry run of " + r.id() + "…", "Dry run", () -> client.dryRun(r.id(), upgrade), (ReleaseDryRun d) -> {
            diff.set(ValuesForm.renderChanges(d.changes()));
            previewed.set(upgrade);
        });
    }

    /** Upgrades as previewed; does nothing before a preview of the current request. */
    public void confirmUpgrade() {
        Release r = selected.get();
        ReleaseUpgrade upgrade = previewed.get();
        if (r == null || upgrade == null) {
            status.set("Preview the upgrade first.");
            return;
        }
        run("Upgrading " + r.id() + "…", "Upgrade " + r.id(), () -> client.upgrade(r.id(), upgrade), this::changed);
    }

    private ReleaseUpgrade upgradeRequest() {
        String version =
                upgradeVersion.get() == null ? "" : upgradeVersion.get().trim();
        String text = upgradeValues.get() == null ? "" : upgradeValues.get().trim();
        JsonNode values = null;
        if (!text.isEmpty()) {
            try {
                values = Json.mapper().readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("The values are not JSON: " + e.getOriginalMessage());
            }
            if (!values.isObject()) {
                throw new IllegalArgumentException("The values must be a JSON object.");
            }
        }
        return new ReleaseUpgrade(version.isEmpty() ? null : version, values);
    }

    /** Deploys the chart version and values of {@code revision} again, after confirmation. */
    public void rollback(ReleaseRevision revision) {
        Release r = selected.get();
        if (r == null
                || revision == null
                || !dialogs.confirm(
                        "Roll back " + r.id(),
                        "Deploy " + r.packageId() + " " + revision.version() + " with the values of revision "
                                + revision.revision() + " as a new revision?")) {
            return;
        }
        run(
                "Rolling back " + r.id() + "…",
                "Roll back " + r.id(),
                () -> client.rollback(r.id(), revision.revision()),
                this::changed);
    }

    /** Uninstalls the chosen release, after confirmation. */
    public void uninstall() {
        Release r = selected.get();
        if (r == null
                || !dialogs.confirm(
                        "Uninstall " + r.id(),
                        "Uninstall " + r.id() + " (" + r.packageId() + ") from " + r.namespace()
                                + "? Its resources are deleted from the cluster.")) {
            return;
        }
        run(
                "Uninstalling " + r.id() + "…",
                "Uninstall " + r.id(),
                () -> {
                    client.uninstall(r.id());
                    return r.id();
                },
                id -> {
                    dialogs.notify("Uninstalling " + id);
                    refresh();
                });
    }

    private void changed(Release r) {
        dialogs.notify(r.id() + ": " + r.status());
        refresh();
    }

    /** Opens the install form of {@code chart} at its shown version and loads the targets. */
    public void prepareInstall(PackageDetail chart) {
        if (chart == null) {
            return;
        }
        installing.set(chart);
        List<ValuesForm.Field> generated = ValuesForm.fields(chart.valuesSchema(), ValuesForm.defaults(chart.values()));
        refusals.clear();
        texts.clear();
        generated.forEach(f -> texts.put(f.pointer(), f.initial()));
        fields.setAll(generated);
        revalidate();
        run("Loading targets…", "Load deployment targets", client::namespaces, (List<DeploymentTarget> found) -> {
            namespaces.setAll(found.stream().map(DeploymentTarget::id).toList());
            if (namespace.get() == null || !namespaces.contains(namespace.get())) {
                namespace.set(namespaces.isEmpty() ? null : namespaces.getFirst());
            }
        });
    }

    /** Sets a field's text and checks it. */
    public void setText(String pointer, String text) {
        texts.put(pointer, text);
        fields.stream().filter(f -> f.pointer().equals(pointer)).findFirst().ifPresent(f -> {
            String p = ValuesForm.problem(f, text);
            if (p == null) {
                problems.remove(pointer);
            } else {
                problems.put(pointer, p);
            }
        });
    }

    private void revalidate() {
        problems.clear();
        problems.putAll(ValuesForm.problems(fields, new HashMap<>(texts)));
    }

    /** Installs the chart with the form's values; refused here while a field has a problem. */
    public void install() {
        PackageDetail chart = installing.get();
        if (chart == null) {
            return;
        }
        revalidate();
        if (!problems.isEmpty()) {
            status.set(problems.size() == 1 ? "1 field needs attention" : problems.size() + " fields need attention");
            return;
        }
        if (namespace.get() == null || namespace.get().isBlank()) {
            status.set("Choose a deployment target.");
            return;
        }
        List<String> groups = Arrays.stream(adminGroups.get().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        ReleaseRequest request = new ReleaseRequest(
                null,
                chart.id(),
                chart.version(),
                namespace.get(),
                groups,
                ValuesForm.values(fields, Map.copyOf(texts)));
        refusals.clear();
        new ServerWork(executor, dialogs, busy, status)
                .run(
                        "Installing " + chart.id() + "…",
                        "Install " + chart.id(),
                        () -> client.install(request),
                        r -> {
                            installing.set(null);
                            fields.clear();
                            texts.clear();
                            problems.clear();
                            changed(r);
                        },
                        this::showRefusal);
    }

    /**
     * A 422 whose details list the values' errors: each shown at its field (or in
     * {@link #refusals()}), no dialog. Anything else is left to the usual failure dialog.
     */
    private boolean showRefusal(Throwable error) {
        if (!(error instanceof BackendException e)
                || e.status() != 422
                || e.details() == null
                || !e.details().isArray()
                || e.details().isEmpty()) {
            return false;
        }
        ValuesForm.Refusals placed = ValuesForm.placeRefusals(fields, e.details());
        problems.putAll(placed.atFields());
        refusals.setAll(placed.others());
        int n = e.details().size();
        status.set("The server refused the values (" + n + (n == 1 ? " error" : " errors") + "): "
                + (placed.atFields().isEmpty()
                        ? "see the list above Install"
                        : placed.others().isEmpty() ? "see the marked fields" : "see the marked fields and the list"));
        return true;
    }

    /** A release's entry in the list: id, chart and version, target, status, and why it failed. */
    static String summary(Release r) {
        return line(r) + (r.error() == null ? "" : ": " + r.error());
    }

    /** A release's line in the list: id, chart and version, target, status, and why it failed. */
    private static String line(Release r) {
        return r.id() + "  ·  " + r.packageId() + " " + r.version() + "  ·  " + r.namespace() + "\n" + r.status()
                + (r.revision() > 0 ? " (revision " + r.revision() + ")" : "");
    }

    /**
     * The heading of the details: the list's line without the error; for a failed release only its
     * first line, as {@link #failure} shows the rest.
     */
    static String headline(Release r) {
        String line = line(r);
        return "failed".equals(r.status()) ? line.substring(0, line.indexOf('\n')) : line;
    }

    /**
     * The failure line of the details: the server's message (Helm's refusal, or "install interrupted
     * 3 times: ..." when the server was stopped during every attempt) and what the release takes
     * now that nothing is pending. Empty unless {@code status} is {@code failed}.
     */
    static String failure(String status, String error, int revision) {
        if (!"failed".equals(status)) {
            return "";
        }
        String why = error == null || error.isBlank() ? "the server gave no reason" : error;
        String next = revision > 0
                ? "Nothing is pending: it takes an upgrade, a rollback or an uninstall again."
                : "Nothing is pending and no revision was deployed: uninstall it, then install again.";
        return "Failed" + (revision > 0 ? " (revision " + revision + ")" : "") + ": " + why + "\n" + next;
    }

    /** A resource's line: kind/name and readiness. */
    static String summary(ReleaseResource r) {
        String readiness = r.ready() == null ? "unknown" : r.ready() ? "ready" : "not ready";
        return r.kind() + "/" + r.name() + "  " + readiness + (r.detail() == null ? "" : " (" + r.detail() + ")");
    }

    /** A revision's line: number, status, chart version, description, who. */
    static String summary(ReleaseRevision r) {
        return r.revision() + "  " + r.status() + "  " + r.version() + "  " + Objects.toString(r.description(), "")
                + (r.by() == null ? "" : "  by " + r.by());
    }

    private static String pretty(JsonNode json) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return json.toString();
        }
    }

    private <T> void run(String doing, String action, Callable<T> work, Consumer<T> onSuccess) {
        new ServerWork(executor, dialogs, busy, status).run(doing, action, work, onSuccess);
    }
}
