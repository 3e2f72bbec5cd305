package io.keyport.backend.audit.service;

/** Who did something, as the audit log records it: a uid and its realm ({@code employees}, {@code services}, {@code system}). */
public record Actor(String uid, String realm) {

    /** The server itself (first start, scheduled work). */
    public static final Actor SYSTEM = new Actor("keyport", "system");
}
