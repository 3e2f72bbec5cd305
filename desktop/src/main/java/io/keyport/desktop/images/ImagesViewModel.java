package io.keyport.desktop.images;

import io.keyport.desktop.concurrent.Background;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.shell.DialogService;
import io.keyport.desktop.shell.SignedInUser;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Images view: the teams, the chosen team's repositories, the chosen
 * repository's tags (newest first), the selected tag's details (manifest, config, layers or
 * platforms, referrers, SCM source), its pull commands, the storage per team for the chart, and
 * the admins' takedown (reason asked and confirmed in one dialog). All server work runs through the
 * {@link TaskExecutor}; an answer overtaken by a newer choice is dropped, so what is shown always
 * belongs to what is chosen.
 */
public final class ImagesViewModel {

    /** Tags that may move unless the team's administrator set other patterns (Pier One's rule). */
    static final List<String> DEFAULT_MUTABLE = List.of("*-SNAPSHOT");

    private final ImagesClient client;
    private final ImageTakedown takedown;
    private final Background background;
    private final DialogService dialogs;
    private final SignedInUser user;

    private final ObservableList<String> teams = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper team = new ReadOnlyStringWrapper(this, "team");
    private final ObservableList<String> artifacts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper artifact = new ReadOnlyStringWrapper(this, "artifact");
    private final ObservableList<TagSummary> tags = FXCollections.observableArrayList();
    private final ObjectProperty<TagSummary> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<TagDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ObservableList<TeamStorage> storage = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper pullCommand = new ReadOnlyStringWrapper(this, "pullCommand", "");
    private final ReadOnlyStringWrapper pullByDigest = new ReadOnlyStringWrapper(this, "pullByDigest", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final Map<String, Long> sizes = new HashMap<>();
    private String listStatus = ""; // what the status line says once nothing loads
    private final Map<String, String> digests = new HashMap<>();
    private List<String> mutablePatterns = DEFAULT_MUTABLE;
    private long choice; // bumped by every new team or repository choice; answers for an older one are dropped
    private long tagChoice; // the same for the selected tag's details

    public ImagesViewModel(
            ImagesClient client,
            ImageTakedown takedown,
            TaskExecutor executor,
            DialogService dialogs,
            SignedInUser user) {
        this.client = Objects.requireNonNull(client);
        this.takedown = takedown;
        this.background = new Background(executor, dialogs);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.user = Objects.requireNonNull(user);
        selected.addListener((obs, old, now) -> showTag(now));
    }

    // ---- properties

    public ObservableList<String> teams() {
        return teams;
    }

    public ReadOnlyStringProperty teamProperty() {
        return team.getReadOnlyProperty();
    }

    /** The chosen team's artifacts (repository names without the team). */
    public ObservableList<String> artifacts() {
        return artifacts;
    }

    public ReadOnlyStringProperty artifactProperty() {
        return artifact.getReadOnlyProperty();
    }

    /** The chosen repository's tags, newest first. */
    public ObservableList<TagSummary> tags() {
        return tags;
    }

    public ObjectProperty<TagSummary> selectedProperty() {
        return selected;
    }

    /** The selected tag's details once loaded; null while none is selected or loading. */
    public ReadOnlyObjectProperty<TagDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** Storage, artifacts and tags per team, for the chart. */
    public ObservableList<TeamStorage> storage() {
        return storage;
    }

    /** {@code docker pull host:port/team/artifact:tag} for the selected tag, or empty. */
    public ReadOnlyStringProperty pullCommandProperty() {
        return pullCommand.getReadOnlyProperty();
    }

    /** The same pull by digest (what a deployment should pin), or empty until the details load. */
    public ReadOnlyStringProperty pullByDigestProperty() {
        return pullByDigest.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return background.busyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True for admins when the server offers takedowns. */
    public boolean canTakeDown() {
        return user.admin() && takedown != null;
    }

    /** {@code team/artifact} of the repository on screen, or null. */
    public String repository() {
        return team.get() == null || artifact.get() == null ? null : team.get() + "/" + artifact.get();
    }

    /**
     * "snapshot" when the tag may move (it matches one of the team's mutable-tag patterns, where
     * {@code *} matches any text), else "immutable".
     */
    public String kind(TagSummary tag) {
        // the team's patterns decide; the tag list's own flag only when the server has no patterns
        boolean mutable = mutablePatterns != null
                ? matchesAny(tag.name(), mutablePatterns)
                : tag.mutable() != null ? tag.mutable() : matchesAny(tag.name(), DEFAULT_MUTABLE);
        return mutable ? "snapshot" : "immutable";
    }

    /** The tag's size in bytes as the server listed it or as its manifest says, or null if not known yet. */
    public Long size(TagSummary tag) {
        return tag.size() != null ? tag.size() : sizes.get(key(tag));
    }

    /** The tag's manifest digest as the server listed it or as its manifest says, or null if not known yet. */
    public String digest(TagSummary tag) {
        return tag.digest() != null ? tag.digest() : digests.get(key(tag));
    }

    // ---- commands

    /** Reloads the teams and the storage figures, then the team and repository on screen (or the first). */
    public void load() {
        long mine = ++choice;
        String wantedTeam = team.get();
        String wantedArtifact = artifact.get();
        run(
                "Loading images",
                () -> {
                    List<String> names = client.teams();
                    List<TeamStorage> perTeam = client.storage();
                    String shownTeam = names.contains(wantedTeam) ? wantedTeam : names.isEmpty() ? null : names.get(0);
                    List<String> repos = shownTeam == null ? List.of() : client.artifacts(shownTeam);
                    String shownArtifact =
                            repos.contains(wantedArtifact) ? wantedArtifact : repos.isEmpty() ? null : repos.get(0);
                    List<TagSummary> list = shownArtifact == null ? List.of() : client.tags(shownTeam, shownArtifact);
                    List<String> patterns = shownTeam == null ? null : client.mutableTagPatterns(shownTeam);
                    return new Loaded(names, perTeam, shownTeam, repos, shownArtifact, list, patterns);
                },
                loaded -> {
                    if (mine != choice) {
                        return;
                    }
                    teams.setAll(loaded.teams());
                    storage.setAll(loaded.storage());
                    mutablePatterns = loaded.patterns();
                    team.set(loaded.team());
                    artifacts.setAll(loaded.artifacts());
                    artifact.set(loaded.artifact());
                    showTags(loaded.tags());
                });
    }

    /** Shows the repositories of {@code name} and the tags of its first one. */
    public void showTeam(String name) {
        if (name == null || name.equals(team.get())) {
            return;
        }
        long mine = ++choice;
        team.set(name);
        artifact.set(null);
        artifacts.clear();
        showTags(List.of());
        run(
                "Loading " + name,
                () -> {
                    List<String> repos = client.artifacts(name);
                    String first = repos.isEmpty() ? null : repos.get(0);
                    return new Loaded(
                            List.of(),
                            List.of(),
                            name,
                            repos,
                            first,
                            first == null ? List.of() : client.tags(name, first),
                            client.mutableTagPatterns(name));
                },
                loaded -> {
                    if (mine == choice) {
                        mutablePatterns = loaded.patterns();
                        artifacts.setAll(loaded.artifacts());
                        artifact.set(loaded.artifact());
                        showTags(loaded.tags());
                    }
                });
    }

    /** Shows the tags of the chosen team's {@code name}. */
    public void showArtifact(String name) {
        String shownTeam = team.get();
        if (name == null || shownTeam == null || name.equals(artifact.get())) {
            return;
        }
        long mine = ++choice;
        artifact.set(name);
        showTags(List.of());
        run("Loading " + shownTeam + "/" + name, () -> client.tags(shownTeam, name), list -> {
            if (mine == choice) {
                showTags(list);
            }
        });
    }

    /**
     * Asks an admin for the reason and confirmation, then takes the selected tag's image down (its
     * manifest with every tag pointing at it) and reloads the repository's tags.
     */
    public void takeDown() {
        TagDetails shown = details.get();
        if (!canTakeDown() || shown == null) {
            return;
        }
        String image = shown.repository() + "@" + shown.manifest().digest();
        List<String> alsoTagged = tags.stream()
                .filter(t -> shown.manifest().digest().equals(digest(t)))
                .map(TagSummary::name)
                .toList();
        List<String> named = alsoTagged.isEmpty() ? List.of(shown.tag().name()) : alsoTagged;
        String question = "Take down " + image + "?\n\nThe manifest and its tag" + (named.size() == 1 ? " " : "s ")
                + String.join(", ", named)
                + " are removed for everyone and cannot be pulled any more. This cannot be undone. The reason is"
                + " kept in the audit log with your name.";
        dialogs.askReason("Take down image", question, "Reason, e.g. the legal request's reference")
                .map(String::strip)
                .filter(reason -> !reason.isEmpty())
                .ifPresent(reason -> {
                    String repository = shown.repository();
                    String slash = repository.substring(repository.indexOf('/') + 1);
                    run(
                            "Taking down " + image,
                            () -> {
                                takedown.takedown(repository, shown.manifest().digest(), reason);
                                return client.tags(team.get(), slash);
                            },
                            list -> {
                                dialogs.notify("Took down " + image);
                                showTags(list);
                                if (list.isEmpty()) {
                                    load(); // the repository (or the team) may be gone from the lists
                                }
                            });
                });
    }

    // ---- helpers

    private record Loaded(
            List<String> teams,
            List<TeamStorage> storage,
            String team,
            List<String> artifacts,
            String artifact,
            List<TagSummary> tags,
            List<String> patterns) {}

    private void showTags(List<TagSummary> list) {
        TagSummary was = selected.get();
        List<TagSummary> newestFirst = new ArrayList<>(list);
        java.util.Collections.reverse(newestFirst); // the server lists them oldest first
        tags.setAll(newestFirst);
        selected.set(
                was == null
                        ? null
                        : newestFirst.stream()
                                .filter(t -> t.name().equals(was.name()))
                                .findFirst()
                                .orElse(null));
        String repo = repository();
        listStatus = repo == null
                ? (teams.isEmpty() ? "No images yet: push one to <team>/<artifact>" : "")
                : newestFirst.size() + (newestFirst.size() == 1 ? " tag" : " tags") + " in " + repo;
        status.set(listStatus);
    }

    private void showTag(TagSummary tag) {
        details.set(null);
        pullByDigest.set("");
        String repo = repository();
        if (tag == null || repo == null) {
            pullCommand.set("");
            return;
        }
        String host = registryHost(user.serverUrl());
        pullCommand.set("docker pull " + host + "/" + repo + ":" + tag.name());
        long mine = ++tagChoice;
        String shownTeam = team.get();
        String shownArtifact = artifact.get();
        run(
                "Loading " + repo + ":" + tag.name(),
                () -> {
                    ManifestDetails manifest = client.manifest(repo, tag.name());
                    ImageConfig config = manifest.isIndex()
                                    || manifest.config() == null
                                    || !ManifestDetails.isImageConfig(
                                            manifest.config().mediaType())
                            ? null
                            : client.config(repo, manifest.config().digest());
                    List<Referrer> referrers = client.referrers(repo, manifest.digest());
                    ScmSource scm = client.scmSource(shownTeam, shownArtifact, tag.name());
                    return new TagDetails(repo, tag, manifest, config, referrers, scm);
                },
                loaded -> {
                    if (mine != tagChoice || selected.get() != tag) {
                        return;
                    }
                    sizes.put(key(tag), loaded.size());
                    digests.put(key(tag), loaded.manifest().digest());
                    details.set(loaded);
                    status.set(listStatus);
                    pullByDigest.set("docker pull " + host + "/" + repo + "@"
                            + loaded.manifest().digest());
                });
    }

    private String key(TagSummary tag) {
        return repository() + ":" + tag.name();
    }

    /**
     * The registry's host as image references name it: host and port of the server URL, without the
     * port for https on 443 (the default clients assume).
     */
    static String registryHost(String serverUrl) {
        URI uri = URI.create(serverUrl.trim());
        String host = uri.getHost();
        if (host != null && host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = uri.getPort();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (port == -1) {
            port = https ? 443 : 80;
        }
        return https && port == 443 ? host : host + ":" + port;
    }

    static boolean matchesAny(String tag, List<String> patterns) {
        for (String pattern : patterns) {
            StringBuilder regex = new StringBuilder();
            for (String part : pattern.split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            if (tag.matches(regex.toString())) {
                return true;
            }
        }
        return false;
    }

    private <T> void run(String what, Callable<T> work, Consumer<T> done) {
        status.set(what + "…");
        background.run(what, work, done, () -> status.set(what + " failed"));
    }
}
