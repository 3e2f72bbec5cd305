package io.keyport.desktop.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.shell.DialogService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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
 * State and commands of the TUF view: the repository as the console verified it (roles with
 * version, signers, threshold and expiry countdowns at the console's clock), the metadata waiting for
 * signatures and who still has to sign, the recent tasks with their state and errors, the targets
 * (searched as you type, over the roles loaded), and the online key with its rotation status. Before
 * the bootstrap it says so and shows the online key a ceremony needs, and nothing else.
 *
 * <p>All server work runs through the {@link TaskExecutor}; {@link #tick()} moves the countdowns
 * to the clock's time without asking the server.
 */
public final class TufViewModel {

    /** Most delegated roles (bins) loaded one by one for expiries and the artifact search. */
    public static final int MAX_LOADED_ROLES = 4096;

    /** How many of the newest tasks the view lists. */
    static final int RECENT_TASKS = 12;

    /** A point of the expiry timeline: a role (or all bins, by the earliest) and when it expires. */
    public record TimelinePoint(String label, Instant expires, boolean online) {}

    /** A task as listed: what the audit log says (null for one looked up by id) and its state. */
    public record TaskRow(TufClient.TaskRef ref, TufClient.TaskState state) {}

    private final TufClient client;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final Clock clock;
    private final RepositoryReader reader = new RepositoryReader(MAX_LOADED_ROLES);

    private final ReadOnlyObjectWrapper<Instant> now = new ReadOnlyObjectWrapper<>(this, "now");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyBooleanWrapper bootstrapped = new ReadOnlyBooleanWrapper(this, "bootstrapped");
    private final ReadOnlyStringWrapper bootstrapMessage = new ReadOnlyStringWrapper(this, "bootstrapMessage", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyBooleanWrapper verified = new ReadOnlyBooleanWrapper(this, "verified");
    private final ReadOnlyStringWrapper verification = new ReadOnlyStringWrapper(this, "verification", "");
    private final ObservableList<RoleStatus> roles = FXCollections.observableArrayList();
    private final ObjectProperty<RoleStatus> selectedRole = new SimpleObjectProperty<>(this, "selectedRole");
    private final ObservableList<TimelinePoint> timeline = FXCollections.observableArrayList();
    private final ObservableList<SigningStatus.PendingRole> pending = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper pendingMessage = new ReadOnlyStringWrapper(this, "pendingMessage", "");
    private final ObservableList<TaskRow> tasks = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper tasksMessage = new ReadOnlyStringWrapper(this, "tasksMessage", "");
    private final StringProperty taskLookup = new SimpleStringProperty(this, "taskLookup", "");
    private final ObservableList<ArtifactRow> artifacts = FXCollections.observableArrayList();
    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ReadOnlyStringWrapper artifactsMessage = new ReadOnlyStringWrapper(this, "artifactsMessage", "");
    private final ReadOnlyObjectWrapper<SigningStatus.OnlineKeyStatus> onlineKey =
            new ReadOnlyObjectWrapper<>(this, "onlineKey");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    private List<ArtifactRow> allArtifacts = List.of();
    private String notLoaded = "";
    private final Set<String> lookedUp = new LinkedHashSet<>();

    public TufViewModel(TufClient client, TaskExecutor executor, DialogService dialogs, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.clock = Objects.requireNonNull(clock);
        now.set(clock.instant());
        query.addListener((obs, old, text) -> filterArtifacts());
    }

    // ---- properties

    /** The time countdowns are shown at; {@link #tick()} moves it to the clock's. */
    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
    }

    /** True once a load finished (whatever it found). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Whether the repository is bootstrapped (something is published). */
    public ReadOnlyBooleanProperty bootstrappedProperty() {
        return bootstrapped.getReadOnlyProperty();
    }

    /** Before the bootstrap: what that means and what to do; empty once bootstrapped. */
    public ReadOnlyStringProperty bootstrapMessageProperty() {
        return bootstrapMessage.getReadOnlyProperty();
    }

    /** One line about the repository: root version and threshold, delegations, settings. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Whether the published chain verified with the model's client workflow at the clock's time. */
    public ReadOnlyBooleanProperty verifiedProperty() {
        return verified.getReadOnlyProperty();
    }

    /** The verification's result in words. */
    public ReadOnlyStringProperty verificationProperty() {
        return verification.getReadOnlyProperty();
    }

    /** Root, targets, snapshot, timestamp, then the delegated roles by name. */
    public ObservableList<RoleStatus> roles() {
        return roles;
    }

    public ObjectProperty<RoleStatus> selectedRoleProperty() {
        return selectedRole;
    }

    /** The top-level roles and the earliest-expiring delegated role, soonest first. */
    public ObservableList<TimelinePoint> timeline() {
        return timeline;
    }

    public ObservableList<SigningStatus.PendingRole> pending() {
        return pending;
    }

    /** What the pending list means (none, not offered by this server, ...). */
    public ReadOnlyStringProperty pendingMessageProperty() {
        return pendingMessage.getReadOnlyProperty();
    }

    public ObservableList<TaskRow> tasks() {
        return tasks;
    }

    public ReadOnlyStringProperty tasksMessageProperty() {
        return tasksMessage.getReadOnlyProperty();
    }

    /** A task id to look up ({@link #lookUpTask()}). */
    public StringProperty taskLookupProperty() {
        return taskLookup;
    }

    /** The targets matching {@link #queryProperty()}. */
    public ObservableList<ArtifactRow> artifacts() {
        return artifacts;
    }

    /** Words every shown target's path, hashes or custom fields contain. */
    public StringProperty queryProperty() {
        return query;
    }

    public ReadOnlyStringProperty artifactsMessageProperty() {
        return artifactsMessage.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SigningStatus.OnlineKeyStatus> onlineKeyProperty() {
        return onlineKey.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    // ---- derived values the view shows

    /** The role's expiry level at {@link #nowProperty()}; OK for a role whose expiry is not loaded. */
    public Expiry.Level level(RoleStatus role) {
        return role.expires() == null ? Expiry.Level.OK : Expiry.level(role.expires(), now.get(), role.online());
    }

    /** {@code "in 23 h 59 min"}, {@code "expired 5 min ago"}, or a dash when not loaded. */
    public String countdown(RoleStatus role) {
        return role.expires() == null ? "–" : Expiry.countdown(role.expires(), now.get());
    }

    public Expiry.Level level(TimelinePoint point) {
        return Expiry.level(point.expires(), now.get(), point.online());
    }

    // ---- commands

    /** Moves the countdowns to the clock's time. */
    public void tick() {
        now.set(clock.instant());
    }

    /** Reloads everything from the server and verifies the published metadata. */
    public void load() {
        run("Loading the TUF repository", this::fetch, this::show);
    }

    /** Looks up the task in {@link #taskLookupProperty()} and lists it first. */
    public void lookUpTask() {
        String id = taskLookup.get() == null ? "" : taskLookup.get().trim();
        if (id.isEmpty()) {
            return;
        }
        run("Looking up task " + id, () -> client.task(id), state -> {
            synchronized (lookedUp) {
                lookedUp.add(id);
            }
            tasks.removeIf(row -> row.state().taskId().equals(id));
            tasks.addFirst(new TaskRow(null, state));
            status.set("Task " + id + ": " + state.state());
        });
    }

    // ---- loading

    private record Loaded(
            TufClient.BootstrapState bootstrap,
            JsonNode config,
            TufClient.OnlineKey key,
            RepositoryState repository,
            TufClient.Pending pending,
            List<SigningStatus.PendingRole> pendingRoles,
            SigningStatus.OnlineKeyStatus onlineKey,
            List<TaskRow> tasks,
            String tasksNote,
            Instant at) {}

    /** Runs on the executor's thread: every request, then the pure verification. */
    private Loaded fetch() {
        Instant at = clock.instant();
        TufClient.BootstrapState bootstrap = client.bootstrapState();
        TufClient.OnlineKey key = client.onlineKey();
        JsonNode config = client.config();
        RepositoryState repository = reader.read(client::metadata, at, key.keyId());
        TufClient.Pending pendingAnswer = client.pending();
        List<SigningStatus.PendingRole> pendingRoles = SigningStatus.pending(
                pendingAnswer.metadata(), repository.root(), repository.targets(), repository.keyNames());
        SigningStatus.OnlineKeyStatus keyStatus =
                SigningStatus.onlineKey(key, repository.root(), pendingRoles, pendingAnswer.metadata());
        List<TaskRow> rows = new ArrayList<>();
        String note;
        List<String> ids = new ArrayList<>();
        try {
            List<TufClient.TaskRef> refs = client.recentTasks(RECENT_TASKS);
            for (TufClient.TaskRef ref : refs) {
                rows.add(new TaskRow(ref, client.task(ref.taskId())));
                ids.add(ref.taskId());
            }
            note = refs.isEmpty()
                    ? "No TUF tasks yet."
                    : "The " + refs.size() + " newest TUF tasks, from the audit log.";
        } catch (BackendException e) {
            if (e.status() != 403) {
                throw e;
            }
            note = "Recent tasks come from the audit log, which only admins read; look a task up by its id.";
            if (bootstrap.taskId() != null) {
                rows.add(new TaskRow(null, client.task(bootstrap.taskId())));
                ids.add(bootstrap.taskId());
            }
        }
        synchronized (lookedUp) {
            for (String id : lookedUp) {
                if (!ids.contains(id)) {
                    rows.addFirst(new TaskRow(null, client.task(id)));
                }
            }
        }
        return new Loaded(bootstrap, config, key, repository, pendingAnswer, pendingRoles, keyStatus, rows, note, at);
    }

    private void show(Loaded l) {
        now.set(clock.instant());
        RepositoryState repo = l.repository();
        bootstrapped.set(repo.published());
        onlineKey.set(l.onlineKey());
        if (!repo.published()) {
            bootstrapMessage.set(
                    l.bootstrap().bootstrapped()
                            ? "A bootstrap was accepted (task " + l.bootstrap().taskId() + ", state "
                                    + l.bootstrap().state() + ") and is not published yet."
                            : "This server's TUF repository is not bootstrapped: nothing is published and artifacts are"
                                    + " refused. A bootstrap needs root version 1 signed offline by the root key holders"
                                    + " (a key ceremony), naming the online key below for targets, snapshot and timestamp;"
                                    + " send it with POST /api/v1/bootstrap (docs/tuf.md).");
        } else {
            bootstrapMessage.set("");
        }
        summary.set(repo.root() != null ? summaryOf(repo, l.config()) : "");
        verified.set(repo.verified());
        verification.set(
                !repo.published()
                        ? ""
                        : repo.verified()
                                ? "Verified at " + io.keyport.model.tuf.TufTime.format(l.at()) + ": root chain v1 to v"
                                        + repo.root().signed().version() + ", timestamp, snapshot, targets and "
                                        + loadedDelegated(repo) + " delegated roles, each signed by its threshold and"
                                        + " not expired."
                                : "Verification failed: " + repo.verificationFailure());
        RoleStatus was = selectedRole.get();
        roles.setAll(repo.roles());
        selectedRole.set(
                was == null
                        ? null
                        : repo.roles().stream()
                                .filter(r -> r.name().equals(was.name()))
                                .findFirst()
                                .orElse(null));
        timeline.setAll(timelineOf(repo.roles()));
        pending.setAll(l.pendingRoles());
        pendingMessage.set(pendingMessageOf(l));
        tasks.setAll(l.tasks());
        tasksMessage.set(l.tasksNote());
        allArtifacts = repo.artifacts();
        notLoaded = repo.delegatedLoaded()
                ? ""
                : " (the " + repo.delegatedRoles() + " delegated roles are more than the " + MAX_LOADED_ROLES
                        + " the console loads: their targets are not listed)";
        filterArtifacts();
        loaded.set(true);
    }

    private static long loadedDelegated(RepositoryState repo) {
        return repo.roles().stream()
                .filter(r -> r.kind() == RoleStatus.Kind.DELEGATED && r.loaded())
                .count();
    }

    private static String summaryOf(RepositoryState repo, JsonNode config) {
        var root = repo.root().signed();
        StringBuilder s = new StringBuilder();
        s.append("Root v")
                .append(root.version())
                .append(", ")
                .append(root.role("root").threshold())
                .append(" of ")
                .append(root.role("root").keyIds().size())
                .append(" root keys");
        if (config.hasNonNull("number_of_delegated_bins")) {
            s.append(" · ")
                    .append(config.get("number_of_delegated_bins").asInt())
                    .append(" hash bins");
        } else if (repo.delegatedRoles() > 0) {
            s.append(" · ").append(repo.delegatedRoles()).append(" delegated roles");
        }
        s.append(" · consistent snapshots ").append(root.isConsistentSnapshot() ? "on" : "off");
        List<String> days = new ArrayList<>();
        for (String role : List.of("root", "targets", "snapshot", "timestamp", "bins")) {
            JsonNode d = config.get(role + "_expiration");
            if (d != null && d.isNumber()) {
                days.add(role + " " + d.asInt() + " d");
            }
        }
        if (!days.isEmpty()) {
            s.append(" · expirations: ").append(String.join(", ", days));
        }
        return s.toString();
    }

    private static List<TimelinePoint> timelineOf(List<RoleStatus> roles) {
        List<TimelinePoint> points = new ArrayList<>();
        List<RoleStatus> delegated = new ArrayList<>();
        for (RoleStatus r : roles) {
            if (r.expires() == null) {
                continue;
            }
            if (r.kind() == RoleStatus.Kind.DELEGATED) {
                delegated.add(r);
            } else {
                points.add(new TimelinePoint(r.name(), r.expires(), r.online()));
            }
        }
        delegated.stream()
                .min(Comparator.comparing(RoleStatus::expires))
                .ifPresent(first -> points.add(new TimelinePoint(
                        delegated.size() == 1
                                ? first.name()
                                : delegated.size() + " delegated (first " + first.name() + ")",
                        first.expires(),
                        first.online())));
        points.sort(Comparator.comparing(TimelinePoint::expires));
        return points;
    }

    private static String pendingMessageOf(Loaded l) {
        if (!l.pending().available()) {
            return "This server does not offer pending signatures (GET /api/v1/metadata/sign).";
        }
        if (l.pendingRoles().isEmpty()) {
            return "Nothing waits for signatures.";
        }
        long incomplete = l.pendingRoles().stream().filter(p -> !p.complete()).count();
        return incomplete == 0
                ? "Every pending role has its signatures; the server publishes it."
                : incomplete + (incomplete == 1 ? " role waits" : " roles wait") + " for signatures.";
    }

    private void filterArtifacts() {
        String q = query.get();
        List<ArtifactRow> shown =
                allArtifacts.stream().filter(a -> a.matches(q)).toList();
        artifacts.setAll(shown);
        String scope = allArtifacts.size() + (allArtifacts.size() == 1 ? " target" : " targets");
        artifactsMessage.set((q == null || q.isBlank() ? scope : shown.size() + " of " + scope + " match") + notLoaded);
    }

    private <T> void run(String what, Callable<T> work, Consumer<T> done) {
        busy.set(true);
        status.set(what + "…");
        executor.execute(
                work,
                result -> {
                    busy.set(false);
                    status.set("");
                    done.accept(result);
                },
                error -> {
                    busy.set(false);
                    status.set(what + " failed");
                    dialogs.showError(what, error);
                });
    }
}
