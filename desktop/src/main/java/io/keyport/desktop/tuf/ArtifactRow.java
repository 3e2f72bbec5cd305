package io.keyport.desktop.tuf;

import java.util.Map;

/**
 * One target of the published repository: its path, length, hashes, {@code custom} object (as
 * JSON text, or null) and the role that lists it.
 */
public record ArtifactRow(String path, long length, Map<String, String> hashes, String custom, String role) {

    /** The SHA-256 (every Keyport target has one), or the first hash listed. */
    public String sha256() {
        String sha = hashes.get("sha256");
        return sha != null ? sha : hashes.values().stream().findFirst().orElse("");
    }

    /** Whether the path (or the custom text) contains every word of {@code query}, ignoring case. */
    public boolean matches(String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String haystack = (path + " " + (custom == null ? "" : custom) + " " + String.join(" ", hashes.values()))
                .toLowerCase(java.util.Locale.ROOT);
        for (String word : query.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+")) {
            if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
