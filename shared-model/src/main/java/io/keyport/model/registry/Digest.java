package io.keyport.model.registry;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A content digest {@code algorithm:encoded} (OCI image-spec descriptor digests) of one of the two
 * algorithms Keyport verifies: {@code sha256} (64 lower-case hex digits) and {@code sha512} (128).
 * Any other algorithm, upper-case hex or a wrong length is refused.
 */
public record Digest(Algorithm algorithm, String hex) {

    /** The supported algorithms, with the JDK name and the length of their hex encoding. */
    public enum Algorithm {
        SHA256("sha256", "SHA-256", 64),
        SHA512("sha512", "SHA-512", 128);

        private final String id;
        private final String jdkName;
        private final int hexLength;

        Algorithm(String id, String jdkName, int hexLength) {
            this.id = id;
            this.jdkName = jdkName;
            this.hexLength = hexLength;
        }

        public String id() {
            return id;
        }

        public String jdkName() {
            return jdkName;
        }

        public int hexLength() {
            return hexLength;
        }

        /** The algorithm called {@code id} in a digest, or {@link IllegalArgumentException}. */
        public static Algorithm of(String id) {
            for (Algorithm a : values()) {
                if (a.id.equals(id)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unsupported digest algorithm: " + Tag.abbreviate(String.valueOf(id)));
        }
    }

    public Digest {
        if (algorithm == null || hex == null || hex.length() != algorithm.hexLength || !lowerHex(hex)) {
            throw new IllegalArgumentException("invalid " + (algorithm == null ? "" : algorithm.id + " ") + "digest");
        }
    }

    /** Parses {@code algorithm:hex}; {@link IllegalArgumentException} for anything else. */
    public static Digest parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a digest is required");
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a digest is algorithm:hex, not " + Tag.abbreviate(value));
        }
        return new Digest(Algorithm.of(value.substring(0, colon)), value.substring(colon + 1));
    }

    public static boolean isValid(String value) {
        try {
            parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code value} looks like a digest at all (has a colon), valid or not. */
    public static boolean looksLikeDigest(String value) {
        return value != null && value.indexOf(':') > 0;
    }

    /** The digest of {@code algorithm} with these raw hash bytes. */
    public static Digest of(Algorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /** The SHA-256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return compute(Algorithm.SHA256, bytes);
    }

    /** The {@code algorithm} digest of {@code bytes}. */
    public static Digest compute(Algorithm algorithm, byte[] bytes) {
        try {
            return of(
                    algorithm,
                    java.security.MessageDigest.getInstance(algorithm.jdkName).digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm.jdkName + " is part of every JDK", e);
        }
    }

    private static boolean lowerHex(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return algorithm.id + ":" + hex;
    }

    /** Lower-case form for logs and keys (the value itself is already lower case). */
    public String key() {
        return toString().toLowerCase(Locale.ROOT);
    }
}
