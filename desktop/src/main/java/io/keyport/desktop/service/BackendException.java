package io.keyport.desktop.service;

/**
 * A call to the server that did not succeed. The message is meant for the user: the server's own
 * error text when it sent one ({@code error_description} or {@code message}), otherwise a plain
 * description of what went wrong ("Cannot reach ...", "HTTP 502 from ...").
 */
public class BackendException extends RuntimeException {

    private final int status;

    public BackendException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the server answered with, or 0 if no answer arrived. */
    public int status() {
        return status;
    }
}
