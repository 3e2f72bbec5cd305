package io.keyport.desktop.session;

/** What the status bar shows about the link to the server. */
public enum ConnectionState {
    /** The last call or health check got an answer. */
    CONNECTED,
    /** The server cannot be reached (or says it is not serving); calls fail until it is back. */
    DISCONNECTED,
    /** The server refused to renew the token (password changed, user removed): sign in again. */
    EXPIRED
}
