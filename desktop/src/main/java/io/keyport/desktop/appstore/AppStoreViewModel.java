package io.keyport.desktop.appstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.shell.DialogService;
import io.keyport.desktop.shell.ServerWork;
import io.keyport.model.appstore.Package;
import io.keyport.model.appstore.PackageDetail;
import io.keyport.model.appstore.PackageVersion;
import io.keyport.model.common.Json;
import java.util.List;
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

/**
 * State and commands of the App Store view: a search over the catalogue, the packages found, and the
 * details of the chosen package at the chosen version (readme, values, values schema, Chart.yaml).
 * The server searches and sorts (versions newest first by SemVer); the console shows what it got.
 * Server work runs through the {@link TaskExecutor}; while it runs {@link #busyProperty()} is true.
 */
public final class AppStoreViewModel {

    private final AppStoreClient client;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObservableList<Package> packages = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<PackageDetail> detail = new ReadOnlyObjectWrapper<>(this, "detail");
    private final ObservableList<PackageVersion> versions = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper readme = new ReadOnlyStringWrapper(this, "readme", "");
    private final ReadOnlyStringWrapper values = new ReadOnlyStringWrapper(this, "values", "");
    private final ReadOnlyStringWrapper schema = new ReadOnlyStringWrapper(this, "schema", "");
    private final ReadOnlyStringWrapper chartYaml = new ReadOnlyStringWrapper(this, "chartYaml", "");
    private final ReadOnlyStringWrapper heading = new ReadOnlyStringWrapper(this, "heading", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    public AppStoreViewModel(AppStoreClient client, TaskExecutor executor, DialogService dialogs) {
        this.client = Objects.requireNonNull(client);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
    }

    public StringProperty queryProperty() {
        return query;
    }

    /** The packages of the last search, by name. */
    public ObservableList<Package> packages() {
        return packages;
    }

    /** The package and version shown in detail; null before one is chosen. */
    public ReadOnlyObjectProperty<PackageDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** The versions of the package shown, newest first. */
    public ObservableList<PackageVersion> versions() {
        return versions;
    }

    public ReadOnlyStringProperty readmeProperty() {
        return readme.getReadOnlyProperty();
    }

    /** values.yaml as the chart has it, comments included. */
    public ReadOnlyStringProperty valuesProperty() {
        return values.getReadOnlyProperty();
    }

    /** values.schema.json, indented; empty when the chart has none. */
    public ReadOnlyStringProperty schemaProperty() {
        return schema.getReadOnlyProperty();
    }

    /** Chart.yaml's fields as indented JSON. */
    public ReadOnlyStringProperty chartYamlProperty() {
        return chartYaml.getReadOnlyProperty();
    }

    /** "nginx 1.2.3 · app 1.27 · team payments". */
    public ReadOnlyStringProperty headingProperty() {
        return heading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What runs now, or how many packages the last search found. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Searches the catalogue with the query (all packages when blank). */
    public void search() {
        String q = query.get();
        run("Searching…", "Search the App Store", () -> client.packages(q), found -> {
            packages.setAll(found);
            status.set(found.size() == 1 ? "1 package" : found.size() + " packages");
        });
    }

    /** Shows {@code p} at its newest stable version. */
    public void open(Package p) {
        if (p != null) {
            load(p.id(), null);
        }
    }

    /** Shows the package on screen at {@code version}. */
    public void openVersion(PackageVersion version) {
        PackageDetail shown = detail.get();
        if (shown != null && version != null && !version.version().equals(shown.version())) {
            load(shown.id(), version.version());
        }
    }

    private void load(String id, String version) {
        run("Loading " + id + "…", "Open " + id, () -> client.detail(id, version), d -> {
            versions.setAll(d.versions());
            detail.set(d); // after the versions, so a view can mark the one shown
            readme.set(d.readme() == null ? "This chart has no README." : d.readme());
            values.set(d.values() == null ? "# This chart has no values.yaml." : d.values());
            schema.set(d.valuesSchema() == null ? "" : pretty(d.valuesSchema()));
            chartYaml.set(pretty(d.chart()));
            String app = d.chart().path("appVersion").asText("");
            heading.set(d.id() + " " + d.version() + (app.isEmpty() ? "" : " · app " + app)
                    + (d.team() == null ? "" : " · team " + d.team()));
        });
    }

    private static String pretty(Object json) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return String.valueOf(json);
        }
    }

    private <T> void run(String doing, String action, Callable<T> work, Consumer<T> onSuccess) {
        new ServerWork(executor, dialogs, busy, status).run(doing, action, work, onSuccess);
    }

    /** A package's line in the list: name, newest version and description. */
    static String summary(Package p) {
        String version = p.chart().path("version").asText("");
        String description = p.chart().path("description").asText("");
        return p.id() + "  " + version + (description.isEmpty() ? "" : "\n" + description);
    }

    static List<String> versionLabels(List<PackageVersion> versions) {
        return versions.stream()
                .map(v -> v.version() + (v.prerelease() ? "  (prerelease)" : ""))
                .toList();
    }
}
