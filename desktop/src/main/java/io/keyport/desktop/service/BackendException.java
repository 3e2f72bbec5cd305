package io.keyport.desktop.service;

/**
 * A call to the server that did not succeed. The message is meant for the user: the server's own
 * error text when it sent one ({@code error_description} or {@code message}), otherwise a plain
 * description of what went wrong ("Cannot reach ...", "HTTP 502 from ...").
 */
public class BackendException extends RuntimeException {

    private final int status;
    private final transient com.fasterxml.jackson.databind.JsonNode details;

    public BackendException(int status, String message, Throwable cause) {
        this(status, message, cause, null);
    }

    /** With the {@code details} of the server's error body (the App Store's 422 lists its errors there). */
    public BackendException(
            int status, String message, Throwable cause, com.fasterxml.jackson.databind.JsonNode details) {
        super(message, cause);
        this.status = status;
        this.details = details;
    }

    /** The {@code details} of the server's error body, or null when it had none. */
    public com.fasterxml.jackson.databind.JsonNode details() {
        return details;
    }

    /** The HTTP status the server answered with, or 0 if no answer arrived. */
    public int status() {
        return status;
    }
}
