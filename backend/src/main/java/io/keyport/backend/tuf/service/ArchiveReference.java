package io.keyport.backend.tuf.service;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kio artifact read as an application archive Keyport stores (decision 0053). Kio artifacts are
 * URIs ({@code scheme://...}), so the archive id (kploy's {@code app_archive_id}, the archive's
 * SHA-256 in 64 lower-case hex digits) comes as {@code kploy://<id>}, as Keyport's blob name
 * {@code kploy://archives/sha256/<id>}, or as kploy's download URL
 * {@code http[s]://<host>/api/v1/app/<id>} (the host is not compared with the server's name: the
 * content is addressed by its hash). Pure and total: any string is an archive's SHA-256 or empty.
 */
public final class ArchiveReference {

    private static final Pattern ARCHIVE =
            Pattern.compile("(?:kploy://(?:archives/sha256/)?|https?://[^/\\s?#@]+/api/v1/app/)([0-9a-f]{64})");

    private ArchiveReference() {}

    /** The archive's SHA-256 when {@code artifact} names an archive, else empty. */
    public static Optional<String> parse(String artifact) {
        if (artifact == null) {
            return Optional.empty();
        }
        Matcher m = ARCHIVE.matcher(artifact);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
