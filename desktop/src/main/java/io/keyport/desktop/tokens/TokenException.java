package io.keyport.desktop.tokens;

/**
 * Why a token could not do what was asked, with the next step a key holder should take. One unchecked
 * exception with a {@link Reason}, so the wizard and the command line name each case the same way.
 */
public final class TokenException extends RuntimeException {

    /** What went wrong. */
    public enum Reason {
        WRONG_PIN,
        PIN_BLOCKED,
        TOUCH_TIMEOUT,
        NO_TOKEN,
        TOKEN_REMOVED,
        UNSUPPORTED,
        CANCELLED,
        FAILED
    }

    private final Reason reason;
    private final int triesLeft;

    public TokenException(Reason reason, String message) {
        this(reason, message, -1, null);
    }

    public TokenException(Reason reason, String message, int triesLeft, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.triesLeft = triesLeft;
    }

    public Reason reason() {
        return reason;
    }

    /** PIN tries left after a {@link Reason#WRONG_PIN}, or -1 when unknown or not applicable. */
    public int triesLeft() {
        return triesLeft;
    }
}
