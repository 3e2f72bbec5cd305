package io.keyport.model.tuf;

/**
 * Why TUF metadata was refused: one unchecked exception with a {@link Reason}, so that the server can
 * map each reason to its own answer and the console can name it, without a class per failure.
 *
 * <p>The reasons follow the errors of the TUF client workflow (python-tuf's {@code exceptions}
 * module names the same ones): malformed input, a threshold not met, a version that goes backwards or
 * does not match, expired metadata, a length or hash that differs, and metadata that is inconsistent
 * with what is already trusted.
 */
public final class TufException extends RuntimeException {

    /** What went wrong. */
    public enum Reason {
        /** Not TUF metadata: bad JSON, a missing or mistyped field, a float, an invalid value. */
        MALFORMED,
        /** The signatures do not reach the role's threshold. */
        UNSIGNED,
        /** A version is lower than the trusted one, or differs from the one the referring role names. */
        BAD_VERSION,
        /** The same timestamp version as the trusted one: nothing new (not an attack). */
        EQUIVALENT_TIMESTAMP,
        /** The metadata expired before the reference time. */
        EXPIRED,
        /** The bytes do not have the length or the hashes the referring metadata names. */
        LENGTH_OR_HASH_MISMATCH,
        /** Valid on its own but inconsistent with the trusted set (missing role, wrong order of updates). */
        INCONSISTENT,
        /** A key type, scheme or key encoding this implementation does not support. */
        UNSUPPORTED_KEY,
        /** A signer failed to produce a signature (key file, token, PIN). */
        SIGNER
    }

    private final Reason reason;

    public TufException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TufException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the metadata was refused. */
    public Reason reason() {
        return reason;
    }

    static TufException malformed(String message) {
        return new TufException(Reason.MALFORMED, message);
    }
}
