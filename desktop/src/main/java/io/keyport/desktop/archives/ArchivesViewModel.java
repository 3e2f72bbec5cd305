package io.keyport.desktop.archives;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.concurrent.TaskHandle;
import io.keyport.desktop.shell.DialogService;
import io.keyport.model.archives.ArchiveEntry;
import io.keyport.model.archives.ArchiveUploaded;
import io.keyport.model.archives.ArchivesStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Archives view: the workspaces that hold archives, the archives of the
 * chosen one, the selected archive with its Kployfile metadata, and upload (streamed, with
 * progress and cancel through the {@link TaskHandle}), download and delete (after a confirmation).
 * All server work runs through the {@link TaskExecutor}; while a short call runs,
 * {@link #busyProperty()} is true; an upload shows in {@link #uploadProperty()} until it ends.
 */
public final class ArchivesViewModel {

    private final ArchivesClient client;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final ObservableList<String> workspaces = FXCollections.observableArrayList();
    private final StringProperty workspace = new SimpleStringProperty(this, "workspace", ArchivesClient.GLOBAL);
    private final ObservableList<ArchiveEntry> archives = FXCollections.observableArrayList();
    private final ObjectProperty<ArchiveEntry> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty uploadWorkspace = new SimpleStringProperty(this, "uploadWorkspace", "");
    private final ReadOnlyObjectWrapper<TaskHandle> upload = new ReadOnlyObjectWrapper<>(this, "upload");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<ArchivesStatus> registry = new ReadOnlyObjectWrapper<>(this, "registry");

    public ArchivesViewModel(ArchivesClient client, TaskExecutor executor, DialogService dialogs) {
        this.client = Objects.requireNonNull(client);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        // a new upload goes to the workspace on screen unless the user names another
        workspace.addListener((obs, old, now) -> {
            String shown = ArchivesClient.workspaceUrl(now);
            uploadWorkspace.set(shown == null ? "" : shown);
        });
    }

    // ---- properties

    /** Every workspace holding an archive, sorted; the global one is always there. */
    public ObservableList<String> workspaces() {
        return workspaces;
    }

    /** The workspace on screen ({@code global/}, {@code github.com/team/app/}). */
    public StringProperty workspaceProperty() {
        return workspace;
    }

    /** The archives of the workspace on screen, by id. */
    public ObservableList<ArchiveEntry> archives() {
        return archives;
    }

    public ObjectProperty<ArchiveEntry> selectedProperty() {
        return selected;
    }

    /** Where the next upload goes: a URL with host and path, or blank for the global workspace. */
    public StringProperty uploadWorkspaceProperty() {
        return uploadWorkspace;
    }

    /** The running upload (progress, message, cancel), or null when none runs. */
    public ReadOnlyObjectProperty<TaskHandle> uploadProperty() {
        return upload.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The registry's status from the last load (storage, counts, size limit). */
    public ReadOnlyObjectProperty<ArchivesStatus> registryProperty() {
        return registry.getReadOnlyProperty();
    }

    // ---- commands

    /** Reloads the workspaces, then the archives of the one on screen. */
    public void load() {
        String shown = workspace.get();
        run("Loading archives", () -> new Loaded(client.status(), client.list(shown)), loaded -> {
            List<String> names = new ArrayList<>(loaded.status().workspaces());
            if (!names.contains(ArchivesClient.GLOBAL)) {
                names.addFirst(ArchivesClient.GLOBAL);
            }
            if (!names.contains(shown)) {
                names.add(shown);
            }
            workspaces.setAll(names.stream().sorted().toList());
            registry.set(loaded.status());
            showArchives(loaded.archives());
        });
    }

    /** Shows the archives of {@code name}. */
    public void showWorkspace(String name) {
        if (name == null || name.equals(workspace.get()) && !archives.isEmpty()) {
            return;
        }
        workspace.set(name);
        run("Loading " + name, () -> client.list(name), this::showArchives);
    }

    /** Asks for a file and uploads it ({@link #upload(Path)}). */
    public void chooseAndUpload() {
        dialogs.chooseOpenFile("Upload an app archive").ifPresent(this::upload);
    }

    /**
     * Uploads {@code file} to {@link #uploadWorkspaceProperty()} in the background; its progress
     * and cancel are in {@link #uploadProperty()}. On success the target workspace is shown with the
     * new archive selected.
     */
    public void upload(Path file) {
        if (upload.get() != null) {
            return;
        }
        String target = uploadWorkspace.get();
        long size = sizeOf(file);
        TaskHandle handle = executor.submit(
                progress -> {
                    progress.update(0, size, "Uploading " + file.getFileName());
                    return client.upload(
                            target,
                            null,
                            file,
                            sent -> progress.update(sent, size, "Uploading " + file.getFileName()),
                            progress::cancelled);
                },
                (ArchiveUploaded uploaded) -> {
                    upload.set(null);
                    dialogs.notify("Uploaded " + file.getFileName() + " as " + shortId(uploaded.appArchiveId()));
                    afterUpload(target, uploaded.appArchiveId());
                },
                error -> {
                    upload.set(null);
                    dialogs.showError("Upload " + file.getFileName(), error);
                });
        if (handle.state() == TaskHandle.State.RUNNING) {
            upload.set(handle);
            handle.stateProperty().addListener((obs, old, now) -> {
                if (now == TaskHandle.State.CANCELLED) {
                    upload.set(null);
                    status.set("Upload cancelled");
                }
            });
        } else if (handle.state() == TaskHandle.State.CANCELLED) {
            status.set("Upload cancelled");
        }
    }

    /** Stops the running upload; nothing is stored. */
    public void cancelUpload() {
        TaskHandle running = upload.get();
        if (running != null) {
            running.cancel();
        }
    }

    /** Asks where to save the selected archive and downloads it there. */
    public void download() {
        ArchiveEntry entry = selected.get();
        if (entry == null) {
            return;
        }
        String suggested = (entry.metadata().name() == null
                        ? shortId(entry.id())
                        : entry.metadata().name()) + ".kploy";
        dialogs.chooseSaveFile("Save app archive", suggested)
                .ifPresent(target -> run(
                        "Downloading " + suggested,
                        () -> {
                            client.download(entry.workspace(), entry.id(), target);
                            return target;
                        },
                        saved -> dialogs.notify("Saved " + saved.getFileName())));
    }

    /** Deletes the selected archive from its workspace after the user confirmed. */
    public void delete() {
        ArchiveEntry entry = selected.get();
        if (entry == null) {
            return;
        }
        String what = (entry.metadata().name() == null ? "" : entry.metadata().name() + " ") + shortId(entry.id());
        if (!dialogs.confirm(
                "Delete app archive", "Delete " + what + " from " + entry.workspace() + "? This cannot be undone.")) {
            return;
        }
        run(
                "Deleting " + what,
                () -> {
                    client.delete(entry.workspace(), entry.id());
                    return client.list(entry.workspace());
                },
                list -> {
                    dialogs.notify("Deleted " + what);
                    showArchives(list);
                });
    }

    // ---- helpers

    private record Loaded(ArchivesStatus status, List<ArchiveEntry> archives) {}

    private void afterUpload(String target, String id) {
        String name = target == null || target.isBlank() ? ArchivesClient.GLOBAL : null;
        run("Loading archives", () -> new Loaded(client.status(), List.of()), loaded -> {
            registry.set(loaded.status());
            List<String> names = new ArrayList<>(loaded.status().workspaces());
            if (!names.contains(ArchivesClient.GLOBAL)) {
                names.addFirst(ArchivesClient.GLOBAL);
            }
            workspaces.setAll(names.stream().sorted().toList());
            String shown = name != null ? name : workspaceOf(names, target);
            workspace.set(shown);
            run("Loading " + shown, () -> client.list(shown), list -> {
                showArchives(list);
                list.stream().filter(e -> e.id().equals(id)).findFirst().ifPresent(selected::set);
            });
        });
    }

    /** The listed workspace a URL maps to: the longest one whose host and path it names. */
    private static String workspaceOf(List<String> names, String url) {
        String bare = url.trim().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceFirst("[?#].*$", "");
        String wanted = (bare.endsWith("/") ? bare : bare + "/").toLowerCase(java.util.Locale.ROOT);
        return names.stream()
                .filter(n -> wanted.equals(n.toLowerCase(java.util.Locale.ROOT)))
                .findFirst()
                .orElse(ArchivesClient.GLOBAL);
    }

    private void showArchives(List<ArchiveEntry> list) {
        ArchiveEntry was = selected.get();
        archives.setAll(list);
        selected.set(
                was == null
                        ? null
                        : list.stream()
                                .filter(e -> e.id().equals(was.id()))
                                .findFirst()
                                .orElse(null));
        status.set(list.size() + (list.size() == 1 ? " archive" : " archives") + " in " + workspace.get());
    }

    private <T> void run(String what, java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> done) {
        busy.set(true);
        status.set(what + "…");
        executor.execute(
                work,
                result -> {
                    busy.set(false);
                    done.accept(result);
                },
                error -> {
                    busy.set(false);
                    status.set(what + " failed");
                    dialogs.showError(what, error);
                });
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
