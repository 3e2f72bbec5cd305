package io.keyport.backend.registry.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.registry.store.PierOneStore;
import io.keyport.backend.registry.store.TeamSettingsStore;
import io.keyport.model.registry.ImageTag;
import io.keyport.model.registry.PierOneTag;
import io.keyport.model.registry.RegistryStats;
import io.keyport.model.registry.RepositoryName;
import io.keyport.model.registry.ScmSource;
import io.keyport.model.registry.Tag;
import io.keyport.model.registry.TeamStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Pier One REST API's reads (reference B.6) and the v1 tag map (B.5) over the registry. A
 * repository {@code team/artifact} is addressed as team and artifact; anyone authenticated reads
 * everything (B.2), so the HTTP layer checks the caller and this service only the names. Names
 * that cannot be a team, an artifact or a tag are a 400; a well-formed name that holds nothing
 * answers as Pier One does (an empty list, or absent).
 */
public final class PierOneService {

    /** An image id or its prefix: hex, or an algorithm, a colon and hex. */
    private static final Pattern PREFIX = Pattern.compile("((sha256|sha512):)?[a-f0-9]{0,128}");

    private final Database db;
    private final PierOneStore store;
    private final TeamSettingsStore settings;

    public PierOneService(Database db, PierOneStore store, TeamSettingsStore settings) {
        this.db = db;
        this.store = store;
        this.settings = settings;
    }

    /** What {@code GET /tags/{prefix}} found: no image, more than one, or the tags of exactly one. */
    public sealed interface ImageLookup {
        record None() implements ImageLookup {}

        record Ambiguous() implements ImageLookup {}

        record One(List<ImageTag> tags) implements ImageLookup {}
    }

    public List<String> teams() {
        return db.read(store::teams);
    }

    /** The artifacts of a team that have a tag; empty for an unknown team. */
    public List<String> artifacts(String team) {
        requireTeam(team);
        return db.read(c -> store.repositories(c, team)).stream()
                .map(name -> name.substring(team.length() + 1))
                .toList();
    }

    /** The tags of an artifact, oldest first; empty when it has none. */
    public List<PierOneTag> tags(String team, String artifact) {
        RepositoryName repository = repository(team, artifact);
        return db.read(c -> withTeamRules(c, repository, store.tags(c, repository)));
    }

    /** One tag; {@code latest}, unless a tag has that name, is the newest. */
    public Optional<PierOneTag> tag(String team, String artifact, String tag) {
        RepositoryName repository = repository(team, artifact);
        requireTag(tag);
        return db.read(c -> {
            Optional<String> name = resolve(c, repository, tag);
            if (name.isEmpty()) {
                return Optional.<PierOneTag>empty();
            }
            Optional<PierOneTag> found = store.tag(c, repository, name.get());
            return found.isEmpty()
                    ? found
                    : Optional.of(
                            withTeamRules(c, repository, List.of(found.get())).get(0));
        });
    }

    /**
     * Where a tag's image was built from: the newest of the tag's {@code X-SCM-Source} (dated by the
     * push) and the {@code scm-source.json} files in its layers (dated by the layer's upload).
     */
    public Optional<ScmSource> scmSource(String team, String artifact, String tag) {
        RepositoryName repository = repository(team, artifact);
        requireTag(tag);
        return db.read(c -> {
            Optional<String> name = resolve(c, repository, tag);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            Optional<ScmSource> fromHeader = store.tagScm(c, repository, name.get())
                    .filter(t -> t.scmSource() != null)
                    .flatMap(t -> ScmSourceHeader.parse(t.scmSource()).map(json -> fromHeader(json, t)));
            Optional<ScmSource> fromLayers = store.layerScm(c, repository, name.get());
            if (fromHeader.isEmpty()) {
                return fromLayers;
            }
            if (fromLayers.isEmpty()
                    || !fromLayers.get().created().isAfter(fromHeader.get().created())) {
                return fromHeader;
            }
            return fromLayers;
        });
    }

    private static ScmSource fromHeader(JsonNode json, PierOneStore.TagScm tag) {
        return new ScmSource(
                ScmSourceHeader.field(json, "url"),
                ScmSourceHeader.field(json, "revision"),
                ScmSourceHeader.field(json, "author"),
                ScmSourceHeader.field(json, "status"),
                tag.created());
    }

    /** The tag a name means: itself if it exists, {@code latest} the newest; empty if none. */
    private Optional<String> resolve(java.sql.Connection c, RepositoryName repository, String tag)
            throws java.sql.SQLException {
        if (store.tagScm(c, repository, tag).isPresent()) {
            return Optional.of(tag);
        }
        return Tag.LATEST.equals(tag) ? store.newestTag(c, repository) : Optional.empty();
    }

    /** The tags of the one image whose id starts with {@code prefix} (hex alone means sha256). */
    public ImageLookup image(String prefix) {
        if (!PREFIX.matcher(prefix).matches() || prefix.isEmpty()) {
            throw ApiException.badRequest(
                    "an image prefix is hex digits, optionally after sha256: or sha512:", Map.of("image", prefix));
        }
        String from = prefix.contains(":") ? prefix : "sha256:" + prefix;
        String to = upperBound(from);
        return db.read(c -> {
            List<String> ids = store.imageIds(c, from, to, 2);
            if (ids.isEmpty()) {
                return new ImageLookup.None();
            }
            if (ids.size() > 1) {
                return new ImageLookup.Ambiguous();
            }
            return new ImageLookup.One(store.tagsOfImage(c, ids.get(0)));
        });
    }

    /**
     * The least text above every id that starts with {@code prefix}, whose further characters are
     * hex digits: the last character raised by one ({@code 9} becomes {@code a}, {@code f}
     * {@code g}), or {@code g} after the colon. Digits sort before letters in every collation, so
     * the range holds on H2 and on PostgreSQL in any locale.
     */
    static String upperBound(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        if (last == ':') {
            return prefix + "g";
        }
        char next = last == '9' ? 'a' : (char) (last + 1);
        return prefix.substring(0, prefix.length() - 1) + next;
    }

    public RegistryStats stats() {
        return db.read(store::stats);
    }

    public List<TeamStats.Entry> teamStats() {
        return db.read(store::teamStats);
    }

    /** A team's numbers; zeros for a team without tags. */
    public TeamStats teamStats(String team) {
        requireTeam(team);
        return db.read(c -> store.teamStats(c, team));
    }

    /**
     * The v1 tag map (B.5): each tag's image id, oldest first, then {@code latest}, the image of the
     * newest tag; empty when the artifact has no tags.
     */
    public Map<String, String> v1Tags(String team, String artifact) {
        Map<String, String> map = new LinkedHashMap<>();
        List<PierOneTag> tags = tags(team, artifact);
        for (PierOneTag t : tags) {
            map.put(t.name(), t.image());
        }
        if (!tags.isEmpty()) {
            map.putIfAbsent(Tag.LATEST, tags.get(tags.size() - 1).image());
        }
        return map;
    }

    private static void requireTeam(String team) {
        if (!RepositoryName.isValid(team + "/x")) {
            throw ApiException.badRequest("not a team name: " + team, Map.of("team", team));
        }
    }

    private static RepositoryName repository(String team, String artifact) {
        requireTeam(team);
        try {
            return RepositoryName.parse(team + "/" + artifact);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "not an artifact name: " + artifact, Map.of("team", team, "artifact", artifact));
        }
    }

    private static void requireTag(String tag) {
        if (!Tag.isValid(tag)) {
            throw ApiException.badRequest("not a tag: " + tag, Map.of("tag", tag));
        }
    }

    /** Marks each tag mutable by its team's patterns (decision 0033), not only by the default rule. */
    private List<PierOneTag> withTeamRules(Connection c, RepositoryName repository, List<PierOneTag> tags)
            throws SQLException {
        TagRules rules = settings.find(c, repository.team())
                .map(s -> TagRules.stored(s.mutableTagPatterns()))
                .orElseGet(TagRules::defaults);
        return tags.stream()
                .map(t -> t.mutable() == rules.mutable(t.name())
                        ? t
                        : new PierOneTag(
                                t.name(),
                                t.created(),
                                t.createdBy(),
                                t.image(),
                                t.clairId(),
                                t.clairDetails(),
                                t.severityFixAvailable(),
                                t.severityNoFixAvailable(),
                                t.digest(),
                                t.mediaType(),
                                t.size(),
                                rules.mutable(t.name())))
                .toList();
    }
}
