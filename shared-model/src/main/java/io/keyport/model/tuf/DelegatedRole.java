package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named delegated role in {@code delegations.roles}: its name, keys and threshold, whether it is
 * terminating, and which target paths it is trusted for, either by glob {@code paths} or by
 * {@code path_hash_prefixes} (exactly one of the two).
 *
 * <p>Path patterns match segment by segment as the specification says: a pattern and a path must have
 * the same number of {@code /}-separated segments, and each segment matches as a shell glob
 * ({@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}), so {@code *} never crosses a {@code /}.
 *
 * @param paths glob patterns, or {@code null} when the role uses hash prefixes
 * @param pathHashPrefixes hex prefixes of the SHA-256 of the target path, or {@code null}
 */
public record DelegatedRole(
        String name,
        List<String> keyIds,
        int threshold,
        boolean terminating,
        List<String> paths,
        List<String> pathHashPrefixes,
        Map<String, JsonNode> unrecognizedFields)
        implements RoleKeys {

    private static final Set<String> KNOWN =
            Set.of("name", "keyids", "threshold", "terminating", "paths", "path_hash_prefixes");

    public DelegatedRole {
        keyIds = List.copyOf(keyIds);
        paths = paths == null ? null : List.copyOf(paths);
        pathHashPrefixes = pathHashPrefixes == null ? null : List.copyOf(pathHashPrefixes);
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, "delegated role");
        RoleKeys.validate(keyIds, threshold, "delegated role " + name);
        if ((paths == null) == (pathHashPrefixes == null)) {
            throw TufException.malformed(
                    "delegated role " + name + ": exactly one of paths and path_hash_prefixes must be set");
        }
        if (Signed.TOP_LEVEL_ROLES.contains(name)) {
            throw TufException.malformed("a delegated role cannot be named like a top-level role: " + name);
        }
    }

    /** A terminating or non-terminating role for glob paths. */
    public static DelegatedRole withPaths(
            String name, List<String> keyIds, int threshold, boolean terminating, List<String> paths) {
        return new DelegatedRole(name, keyIds, threshold, terminating, paths, null, Map.of());
    }

    /** Whether this role is trusted for {@code targetPath}. */
    public boolean isDelegatedPath(String targetPath) {
        if (paths != null) {
            return paths.stream().anyMatch(pattern -> matches(targetPath, pattern));
        }
        String hash = TufJson.sha256Hex(targetPath.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return pathHashPrefixes.stream().anyMatch(hash::startsWith);
    }

    /** Segment-wise shell-glob match of a target path against one pattern. */
    static boolean matches(String targetPath, String pattern) {
        String[] targetParts = targetPath.split("/", -1);
        String[] patternParts = pattern.split("/", -1);
        if (targetParts.length != patternParts.length) {
            return false;
        }
        for (int i = 0; i < targetParts.length; i++) {
            Pattern segment;
            try {
                segment = globToRegex(patternParts[i]);
            } catch (java.util.regex.PatternSyntaxException e) {
                return false; // e.g. a reversed range [z-a], which matches nothing
            }
            if (!segment.matcher(targetParts[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A shell glob as a regular expression, with the semantics of Python's {@code fnmatch}. */
    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i++);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && glob.charAt(j) == '!') {
                    j++;
                }
                if (j < n && glob.charAt(j) == ']') {
                    j++;
                }
                while (j < n && glob.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    regex.append("\\[");
                } else {
                    String set = glob.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (set.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    }
                    int body = k;
                    for (; k < set.length(); k++) {
                        char s = set.charAt(k);
                        boolean range = s == '-' && k > body && k < set.length() - 1;
                        if (range) {
                            cls.append('-');
                        } else if ("\\[]^-&".indexOf(s) >= 0) {
                            cls.append('\\').append(s);
                        } else {
                            cls.append(s);
                        }
                    }
                    regex.append(cls).append(']');
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    public ObjectNode toJson() {
        ObjectNode out = Fields.object(unrecognizedFields);
        out.put("name", name);
        out.set("keyids", Fields.array(keyIds));
        out.put("threshold", threshold);
        out.put("terminating", terminating);
        if (paths != null) {
            out.set("paths", Fields.array(paths));
        }
        if (pathHashPrefixes != null) {
            out.set("path_hash_prefixes", Fields.array(pathHashPrefixes));
        }
        return out;
    }

    static DelegatedRole fromJson(JsonNode node, String where) {
        Fields f = Fields.of(node, where);
        return new DelegatedRole(
                f.string("name"),
                f.strings("keyids"),
                f.positiveInt("threshold"),
                f.bool("terminating"),
                f.optionalStrings("paths"),
                f.optionalStrings("path_hash_prefixes"),
                f.unrecognized());
    }
}
