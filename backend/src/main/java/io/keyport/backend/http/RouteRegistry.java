package io.keyport.backend.http;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every route the server registers, as {@code "METHOD /path/{param}"}. The OpenAPI test compares it
 * with the published document, so the document cannot silently fall behind the code.
 */
public final class RouteRegistry {

    private final Set<String> routes = Collections.synchronizedSet(new TreeSet<>());

    void add(String method, String path) {
        routes.add(method + " " + path);
    }

    /** A sorted snapshot of the registered routes. */
    public Set<String> routes() {
        synchronized (routes) {
            return Set.copyOf(routes);
        }
    }
}
