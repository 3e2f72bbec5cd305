package io.keyport.desktop.images;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The image registry for the console: the Pier One API (teams, artifacts, tags with creation and
 * pusher, SCM source, storage per team; {@code reference/kio-pierone.md} B.6) for browsing, and
 * {@code /v2/} for manifests, configs and referrers. Every call blocks and throws
 * {@link BackendException} with the server's message; run it through a {@code TaskExecutor}.
 */
public final class ImagesClient {

    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
    private static final TypeReference<List<TagSummary>> TAGS = new TypeReference<>() {};
    private static final TypeReference<ScmSource> SCM = new TypeReference<>() {};
    private static final TypeReference<JsonNode> JSON = new TypeReference<>() {};

    private final Transport transport;

    public ImagesClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport);
    }

    /** Teams with at least one tag, sorted. */
    public List<String> teams() {
        return sorted(transport.get("/teams", Map.of(), NAMES));
    }

    /** The artifacts (repositories without the team) of {@code team}, sorted; empty for an unknown team. */
    public List<String> artifacts(String team) {
        return sorted(transport.get("/teams/" + team + "/artifacts", Map.of(), NAMES));
    }

    /** The tags of {@code team/artifact}, oldest first as the server orders them; empty when none. */
    public List<TagSummary> tags(String team, String artifact) {
        try {
            List<TagSummary> tags =
                    transport.get("/teams/" + team + "/artifacts/" + artifact + "/tags", Map.of(), TAGS);
            return tags == null ? List.of() : tags;
        } catch (BackendException e) {
            if (e.status() == 404) {
                return List.of(); // Pier One answers 404 for an artifact without tags
            }
            throw e;
        }
    }

    /** Where the tag's image was built from, or null when the server knows nothing of it. */
    public ScmSource scmSource(String team, String artifact, String tag) {
        try {
            return transport.get(
                    "/teams/" + team + "/artifacts/" + artifact + "/tags/" + tag + "/scm-source", Map.of(), SCM);
        } catch (BackendException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Artifacts, tags and storage of every team, by team. */
    public List<TeamStorage> storage() {
        JsonNode body = transport.get("/stats/teams", Map.of(), JSON);
        List<TeamStorage> teams = new ArrayList<>();
        if (body != null) {
            body.forEach(entry -> {
                JsonNode stats = entry.path("stats");
                JsonNode storage = stats.path("storage");
                teams.add(new TeamStorage(
                        entry.path("team").asText(),
                        stats.path("artifacts").asLong(0),
                        stats.path("tags").asLong(0),
                        storage.isNumber() ? storage.asLong() : null));
            });
        }
        teams.sort(Comparator.comparing(TeamStorage::team));
        return teams;
    }

    /** The manifest of {@code repository} ({@code team/artifact}) at a tag or digest, as pushed. */
    public ManifestDetails manifest(String repository, String reference) {
        Transport.Raw fetched =
                transport.fetchRaw("/v2/" + repository + "/manifests/" + reference, ManifestDetails.ACCEPT);
        return ManifestDetails.parse(fetched.body(), fetched.contentType(), fetched.digest());
    }

    /** The config blob of an image manifest. */
    public ImageConfig config(String repository, String digest) {
        Transport.Raw fetched = transport.fetchRaw("/v2/" + repository + "/blobs/" + digest, "*/*");
        try {
            return ImageConfig.of(io.keyport.model.common.Json.mapper().readTree(fetched.body()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("The image config " + digest + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** The manifests whose subject is {@code digest}: signatures, SBOMs, attestations. */
    public List<Referrer> referrers(String repository, String digest) {
        JsonNode index = transport.get("/v2/" + repository + "/referrers/" + digest, Map.of(), JSON);
        List<Referrer> referrers = new ArrayList<>();
        if (index != null) {
            index.path("manifests").forEach(node -> referrers.add(Referrer.of(Descriptor.of(node))));
        }
        return referrers;
    }

    /**
     * The tag patterns that may move in {@code team}'s repositories ({@code GET /v2/_keyport/teams/{team}}),
     * or null when the server has no such settings.
     */
    public List<String> mutableTagPatterns(String team) {
        try {
            JsonNode settings = transport.get("/v2/_keyport/teams/" + team, Map.of(), JSON);
            List<String> patterns = new ArrayList<>();
            settings.path("mutable_tag_patterns").forEach(p -> patterns.add(p.asText()));
            return patterns;
        } catch (BackendException e) {
            if (e.status() == 404 || e.status() == 405) {
                return null; // a server without Keyport's registry settings
            }
            throw e;
        }
    }

    /**
     * Takes the manifest {@code digest} of {@code repository} down with every tag pointing at it
     * ({@code POST /v2/_keyport/takedowns}, admins): audited with {@code reason}; refused while an
     * application version or an index points at it. Answers the tags removed.
     */
    public List<String> takedown(String repository, String digest, String reason) {
        JsonNode done = transport.post(
                "/v2/_keyport/takedowns", Map.of("repository", repository, "digest", digest, "reason", reason), JSON);
        List<String> tags = new ArrayList<>();
        if (done != null) {
            done.path("tags").forEach(t -> tags.add(t.asText()));
        }
        return tags;
    }

    private static List<String> sorted(List<String> names) {
        return names == null ? List.of() : names.stream().sorted().toList();
    }
}
