package io.keyport.desktop.ceremony;

/**
 * A ceremony step refused, with a message for the people in the room: what is wrong and what to do.
 * A refused step changes nothing (the ceremony file is written only after a step succeeded).
 */
public final class CeremonyException extends RuntimeException {

    public CeremonyException(String message) {
        super(message);
    }

    public CeremonyException(String message, Throwable cause) {
        super(message, cause);
    }
}
