package io.keyport.desktop.audit;

import io.keyport.desktop.concurrent.ProgressWork;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.concurrent.TaskHandle;
import io.keyport.desktop.shell.DialogService;
import io.keyport.desktop.shell.ServerWork;
import io.keyport.model.audit.AuditEntry;
import io.keyport.model.audit.AuditFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
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
 * State and commands of the audit log view: filters (actor, action, target exact; a range of UTC
 * days), one page of entries newest first with next and previous pages, the selected entry, chain
 * verification and export. The server filters and pages, so the console holds one page however
 * large the log is. All server work runs through the {@link TaskExecutor}; while it runs,
 * {@link #busyProperty()} is true and {@link #statusProperty()} says what is happening. The long
 * commands, verification and export, run as a {@link TaskHandle} ({@link #taskProperty()}) with
 * progress that {@link #cancel()} stops.
 */
public final class AuditViewModel {

    /** Entries per page. */
    public static final int PAGE_SIZE = 100;
    /** The cursor of the newest page: every sequence number is below it. */
    private static final long NEWEST = Long.MAX_VALUE;

    private final AuditClient client;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    // --- filters, bound both ways by the view
    private final StringProperty actor = new SimpleStringProperty(this, "actor", "");
    private final StringProperty action = new SimpleStringProperty(this, "action", "");
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final ObjectProperty<LocalDate> fromDay = new SimpleObjectProperty<>(this, "fromDay");
    private final ObjectProperty<LocalDate> toDay = new SimpleObjectProperty<>(this, "toDay");
    private final StringBinding rangeProblem = Bindings.createStringBinding(
            () -> fromDay.get() != null && toDay.get() != null && fromDay.get().isAfter(toDay.get())
                    ? "The first day is after the last day"
                    : null,
            fromDay,
            toDay);

    // --- the page on screen
    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final ObjectProperty<AuditEntry> selected = new SimpleObjectProperty<>(this, "selected");
    private final Deque<Long> earlierCursors = new ArrayDeque<>();
    private AuditFilter shownFilter = new AuditFilter(null, null, null, null, null);
    private long shownCursor = NEWEST;
    private final ReadOnlyObjectWrapper<Long> nextCursor = new ReadOnlyObjectWrapper<>(this, "nextCursor");
    private final ReadOnlyStringWrapper shown = new ReadOnlyStringWrapper(this, "shown", "");
    private final ReadOnlyBooleanWrapper hasPrevious = new ReadOnlyBooleanWrapper(this, "hasPrevious");

    // --- background work and its outcome
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<TaskHandle> task = new ReadOnlyObjectWrapper<>(this, "task");
    private final ReadOnlyObjectWrapper<AuditClient.Verification> verification =
            new ReadOnlyObjectWrapper<>(this, "verification");
    private final BooleanBinding canSearch = rangeProblem.isNull().and(busy.not());

    public AuditViewModel(AuditClient client, TaskExecutor executor, DialogService dialogs) {
        this.client = Objects.requireNonNull(client);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
    }

    public StringProperty actorProperty() {
        return actor;
    }

    public StringProperty actionProperty() {
        return action;
    }

    public StringProperty targetProperty() {
        return target;
    }

    /** First day of the range (UTC, inclusive); null: no lower bound. */
    public ObjectProperty<LocalDate> fromDayProperty() {
        return fromDay;
    }

    /** Last day of the range (UTC, inclusive); null: no upper bound. */
    public ObjectProperty<LocalDate> toDayProperty() {
        return toDay;
    }

    public StringBinding rangeProblemProperty() {
        return rangeProblem;
    }

    public BooleanBinding canSearchProperty() {
        return canSearch;
    }

    /** The page on screen, newest first. */
    public ObservableList<AuditEntry> entries() {
        return entries;
    }

    /** The entry the inspector shows. */
    public ObjectProperty<AuditEntry> selectedProperty() {
        return selected;
    }

    /** Which entries the page shows ("Entries 1234 to 1135"), or that none match. */
    public ReadOnlyStringProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasPreviousProperty() {
        return hasPrevious.getReadOnlyProperty();
    }

    /** True if older entries follow this page. */
    public BooleanBinding hasNextProperty() {
        return nextCursor.isNotNull();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What runs now, or the outcome of the last command. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The running verification or export (progress, message, cancel); null when none runs. */
    public ReadOnlyObjectProperty<TaskHandle> taskProperty() {
        return task.getReadOnlyProperty();
    }

    /** Stops the running verification or export: its outcome is dropped, an export leaves no file. */
    public void cancel() {
        TaskHandle running = task.get();
        if (running != null) {
            running.cancel();
        }
    }

    /** The last verification; null until the admin verifies. */
    public ReadOnlyObjectProperty<AuditClient.Verification> verificationProperty() {
        return verification.getReadOnlyProperty();
    }

    /** The filters as the server takes them; blank fields do not filter. */
    public AuditFilter filter() {
        return new AuditFilter(
                blankToNull(actor.get()),
                blankToNull(action.get()),
                blankToNull(target.get()),
                fromDay.get() == null
                        ? null
                        : fromDay.get().atStartOfDay(ZoneOffset.UTC).toInstant(),
                toDay.get() == null
                        ? null
                        : toDay.get()
                                .plusDays(1)
                                .atStartOfDay(ZoneOffset.UTC)
                                .toInstant()
                                .minusMillis(1));
    }

    /** Shows the newest page matching the filters. */
    public void search() {
        if (!canSearch.get()) {
            return;
        }
        load(filter(), NEWEST, null, earlierCursors::clear);
    }

    /** Clears the filters and shows the newest entries. */
    public void clearFilters() {
        clearFilterFields();
        search();
    }

    /** Shows the next, older page. */
    public void nextPage() {
        Long cursor = nextCursor.get();
        if (cursor == null || busy.get()) {
            return;
        }
        long current = shownCursor;
        load(shownFilter, cursor, null, () -> earlierCursors.push(current));
    }

    /** Shows the previous, newer page. */
    public void previousPage() {
        if (earlierCursors.isEmpty() || busy.get()) {
            return;
        }
        load(shownFilter, earlierCursors.peek(), null, earlierCursors::pop);
    }

    /**
     * Recomputes the hash chain on the server. If it is broken, clears the filters and shows the page
     * that starts at the first broken entry, selected, so the admin can inspect it at once.
     */
    public void verify() {
        if (busy.get()) {
            return;
        }
        runLong(
                "Verifying the audit chain…",
                "Verify the audit chain",
                "Verification cancelled",
                progress -> client.verify(),
                result -> {
                    verification.set(result);
                    if (result.intact()) {
                        status.set("Chain intact: " + result.entries() + " entries verified");
                        return;
                    }
                    clearFilterFields();
                    long broken = result.firstBrokenSeq();
                    // "Previous" leads from the broken entry's page back to the newest entries.
                    load(filter(), broken + 1, broken, () -> {
                        earlierCursors.clear();
                        earlierCursors.push(NEWEST);
                    });
                });
    }

    /** Asks where to save, then streams the entries matching the filters there as JSON lines. */
    public void export() {
        if (busy.get()) {
            return;
        }
        Optional<Path> chosen = dialogs.chooseSaveFile("Export the audit log", "keyport-audit.jsonl");
        if (chosen.isEmpty()) {
            return;
        }
        Path file = chosen.get();
        AuditFilter filter = filter();
        String doing = "Exporting to " + file.getFileName() + "…";
        runLong(
                doing,
                "Export the audit log to " + file,
                "Export cancelled; no file written",
                progress -> {
                    client.export(
                            filter,
                            file,
                            bytes -> progress.update(bytes, -1, doing + " " + (bytes / 1024) + " KiB"),
                            progress::cancelled);
                    return countLines(file);
                },
                lines -> {
                    status.set("Exported " + lines + " entries to " + file);
                    dialogs.notify("Exported " + lines + " audit entries");
                });
    }

    private void load(AuditFilter filter, long before, Long select, Runnable onLoaded) {
        run(
                "Loading audit entries…",
                "Load the audit log",
                () -> client.newestFirst(filter, before, PAGE_SIZE),
                loaded -> {
                    onLoaded.run();
                    shownFilter = filter;
                    shownCursor = before;
                    hasPrevious.set(!earlierCursors.isEmpty());
                    nextCursor.set(loaded.next());
                    entries.setAll(loaded.entries());
                    selected.set(loaded.entries().stream()
                            .filter(e -> select != null && e.seq() == select)
                            .findFirst()
                            .orElse(null));
                    shown.set(
                            loaded.entries().isEmpty()
                                    ? "No entries match"
                                    : "Entries " + loaded.entries().getFirst().seq() + " to "
                                            + loaded.entries().getLast().seq());
                });
    }

    private void clearFilterFields() {
        actor.set("");
        action.set("");
        target.set("");
        fromDay.set(null);
        toDay.set(null);
    }

    private <T> void run(String doing, String action, Callable<T> work, Consumer<T> onSuccess) {
        new ServerWork(executor, dialogs, busy, status).run(doing, action, work, onSuccess);
    }

    /**
     * Like {@link #run} for long work: it shows progress in {@link #taskProperty()} and can be
     * cancelled, after which neither callback runs and the status says {@code cancelled}.
     */
    private <T> void runLong(
            String doing, String action, String cancelled, ProgressWork<T> work, Consumer<T> onSuccess) {
        busy.set(true);
        status.set(doing);
        TaskHandle handle = executor.submit(
                work,
                result -> {
                    task.set(null);
                    busy.set(false);
                    status.set("");
                    onSuccess.accept(result);
                },
                error -> {
                    task.set(null);
                    busy.set(false);
                    status.set(action + " failed: " + error.getMessage());
                    dialogs.showError(action, error);
                });
        if (handle.state() == TaskHandle.State.RUNNING) {
            task.set(handle);
            handle.stateProperty().addListener((obs, old, now) -> {
                if (now == TaskHandle.State.CANCELLED) {
                    task.set(null);
                    busy.set(false);
                    status.set(cancelled);
                }
            });
        } else if (handle.state() == TaskHandle.State.CANCELLED) {
            busy.set(false);
            status.set(cancelled);
        }
    }

    private static long countLines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
