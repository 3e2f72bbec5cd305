package io.keyport.backend.identity.service;

import java.util.Optional;

/** The two STUPS realms: people and services (applications with client credentials). */
public enum Realm {
    EMPLOYEES("employees"),
    SERVICES("services");

    private final String id;

    Realm(String id) {
        this.id = id;
    }

    /** The realm name without slashes, as stored and audited. */
    public String id() {
        return id;
    }

    /** The planb spelling with a leading slash. */
    public String path() {
        return "/" + id;
    }

    /** Parses {@code employees}, {@code /employees}, {@code /employees/} and the same for services. */
    public static Optional<Realm> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.replaceAll("^/+|/+$", "");
        for (Realm realm : values()) {
            if (realm.id.equals(trimmed)) {
                return Optional.of(realm);
            }
        }
        return Optional.empty();
    }
}
