package io.keyport.backend.archives.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A workspace, derived from the {@code ?workspace=} parameter by kploy's rule: a URL with a host
 * name and a path maps to {@code host/path/} (host lower-cased; scheme, port, user, query and
 * fragment dropped), anything else, or no parameter, to {@code global/}. Beyond kploy, the path is
 * normalised: empty and {@code .} segments are dropped and a {@code ..} segment is refused (kploy
 * stored such names as they were).
 *
 * @param name  the workspace, always ending in {@code /} ({@code global/}, {@code github.com/kubernauts/kploy.net/})
 * @param given the parameter as the client sent it (trimmed), when it named a workspace other than
 *              the global one; kept for the {@code selfLink}
 */
public record Workspace(String name, Optional<String> given) {

    public static final Workspace GLOBAL = new Workspace("global/", Optional.empty());

    /** The column is 512 characters wide. */
    public static final int MAX_LENGTH = 512;

    /** The workspace of a request's {@code workspace} parameter (absent: the global one). */
    public static Workspace of(Optional<String> parameter) {
        if (parameter.isEmpty() || parameter.get().isBlank()) {
            return GLOBAL;
        }
        String given = parameter.get().strip();
        URI uri;
        try {
            uri = new URI(given);
        } catch (URISyntaxException e) {
            return GLOBAL;
        }
        String host = uri.getHost();
        String path = uri.getRawPath();
        if (host == null || host.isEmpty() || path == null || path.isEmpty()) {
            return GLOBAL;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw ArchivesError.BAD_REQUEST.with(
                        "The workspace must not contain a '..' segment", java.util.Map.of("field", "workspace"));
            }
            segments.add(segment);
        }
        StringBuilder name = new StringBuilder(host.toLowerCase(Locale.ROOT)).append('/');
        for (String segment : segments) {
            name.append(segment).append('/');
        }
        if (name.length() > MAX_LENGTH) {
            throw ArchivesError.BAD_REQUEST.with(
                    "The workspace is longer than " + MAX_LENGTH + " characters",
                    java.util.Map.of("field", "workspace"));
        }
        return new Workspace(name.toString(), Optional.of(given));
    }

    public boolean isGlobal() {
        return name.equals(GLOBAL.name);
    }

    /** kploy's object name of an archive in this workspace: {@code <workspace><id>.zip}. */
    public String objectName(String id) {
        return name + id + ".zip";
    }

    /** The query that names this workspace again in a link ({@code ""} for the global one). */
    public String query() {
        return given.map(g -> "?workspace=" + URLEncoder.encode(g, StandardCharsets.UTF_8))
                .orElse("");
    }
}
