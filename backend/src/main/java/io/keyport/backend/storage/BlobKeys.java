package io.keyport.backend.storage;

/**
 * The one definition of a valid blob key, applied by every {@link BlobStorage} implementation before
 * it touches a path or an object name, so that no key can escape the storage root.
 *
 * <p>A key is 1 to {@value #MAX_LENGTH} characters of '/'-separated segments. Each segment is one or
 * more of {@code [A-Za-z0-9._-]} and does not end with a dot, which rules out {@code .} and
 * {@code ..} (and names Windows would silently shorten). So there are no absolute keys, no empty
 * segments (no leading, trailing or doubled '/'), no backslashes, no drive letters and no spaces.
 * Keys whose first segment starts with {@code _} are reserved for a backend's own bookkeeping (staged
 * uploads) and are rejected too.
 *
 * <p>Keys are case-sensitive, but on a case-insensitive file system (Windows, macOS) two keys that
 * differ only in case name the same file; layouts therefore build keys in lower case.
 */
public final class BlobKeys {

    /** The longest key accepted; S3 allows 1024 bytes, and keys here are ASCII. */
    public static final int MAX_LENGTH = 1024;

    private BlobKeys() {}

    /** Returns {@code key} if it is valid, else throws {@link IllegalArgumentException} saying why. */
    public static String requireValid(String key) {
        String problem = problem(key);
        if (problem != null) {
            throw new IllegalArgumentException("invalid blob key '" + key + "': " + problem);
        }
        return key;
    }

    /** Returns {@code prefix} if it is empty (everything) or a valid key, else throws {@link IllegalArgumentException}. */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null || !prefix.isEmpty()) {
            String problem = problem(prefix);
            if (problem != null) {
                throw new IllegalArgumentException("invalid blob key prefix '" + prefix + "': " + problem);
            }
        }
        return prefix;
    }

    /** A new writer id for {@link BlobWriter#id()}: a random UUID in lower case. */
    public static String newWriterId() {
        return java.util.UUID.randomUUID().toString();
    }

    /**
     * Whether {@code id} is a writer id ({@link BlobWriter#id()}): a UUID in its canonical lower-case
     * form, 36 characters of {@code [0-9a-f-]}. Backends use it as a file or object name inside their
     * staging area, so nothing else may pass.
     */
    public static boolean isValidWriterId(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code id} if it is a writer id, else throws {@link IllegalArgumentException}. */
    public static String requireValidWriterId(String id) {
        if (!isValidWriterId(id)) {
            throw new IllegalArgumentException("invalid writer id '" + id + "': expected a lower-case UUID");
        }
        return id;
    }

    /** Whether {@code key} is valid; for skipping foreign files found while listing. */
    public static boolean isValid(String key) {
        return problem(key) == null;
    }

    private static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "empty";
        }
        if (key.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (key.charAt(0) == '_') {
            return "keys starting with '_' are reserved";
        }
        int segmentStart = 0;
        for (int i = 0; i <= key.length(); i++) {
            char c = i < key.length() ? key.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0) {
                    return "empty segment (leading, trailing or doubled '/')";
                }
                if (key.charAt(i - 1) == '.') {
                    return "a segment must not end with '.' (this rules out '.' and '..')";
                }
                segmentStart = i + 1;
            } else if (!allowed(c)) {
                return "character '" + c + "' is not one of [A-Za-z0-9._-/]";
            }
        }
        return null;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '-';
    }
}
