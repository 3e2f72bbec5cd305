package io.keyport.backend.http;

import io.helidon.webserver.http.Handler;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every route the server registers, as {@code "METHOD /path/{param}"}. The OpenAPI test compares it
 * with the published document, so the document cannot silently fall behind the code. It also
 * answers requests no route matched: 405 with {@code Allow} when the path exists with other
 * methods, else 404.
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

    /**
     * The methods registered for a (decoded) request path, {@code HEAD} included wherever
     * {@code GET} is; empty when no route pattern matches the path.
     */
    public Set<String> allowed(String path) {
        Set<String> methods = new TreeSet<>();
        String[] segments = path.split("/", -1);
        for (String route : routes()) {
            int space = route.indexOf(' ');
            if (matches(route.substring(space + 1).split("/", -1), segments)) {
                String method = route.substring(0, space);
                methods.add(method);
                if (method.equals("GET")) {
                    methods.add("HEAD");
                }
            }
        }
        return methods;
    }

    /**
     * Whether a route pattern matches a path, segment by segment: {@code {x}} is one non-empty
     * segment, {@code {+x}} one or more (a registry repository name such as {@code team/group/app}).
     */
    static boolean matches(String[] pattern, String[] segments) {
        return matches(pattern, 0, segments, 0);
    }

    private static boolean matches(String[] pattern, int p, String[] segments, int s) {
        if (p == pattern.length) {
            return s == segments.length;
        }
        if (s == segments.length) {
            return false;
        }
        String part = pattern[p];
        boolean parameter = part.startsWith("{") && part.endsWith("}");
        if (parameter && part.startsWith("{+")) {
            for (int end = s + 1; end <= segments.length; end++) {
                if (segments[end - 1].isEmpty()) {
                    return false;
                }
                if (matches(pattern, p + 1, segments, end)) {
                    return true;
                }
            }
            return false;
        }
        if (parameter ? segments[s].isEmpty() : !part.equals(segments[s])) {
            return false;
        }
        return matches(pattern, p + 1, segments, s + 1);
    }

    /**
     * The last handler of the routing: 405 with {@code Allow} for a known path, else 404, each in
     * the error family of the path's route group.
     */
    public Handler unmatched(ErrorFamilies families) {
        return (req, res) -> {
            String method = req.prologue().method().text();
            Set<String> allowed = allowed(req.path().path());
            if (!allowed.isEmpty()) {
                throw families.forPath(req.path().path())
                        .generic(
                                io.helidon.http.Status.METHOD_NOT_ALLOWED_405,
                                "Method " + method + " is not allowed on "
                                        + req.path().path() + "; allowed: " + String.join(", ", allowed) + ".",
                                null)
                        .withHeader("Allow", String.join(", ", allowed));
            }
            throw families.forPath(req.path().path())
                    .generic(
                            io.helidon.http.Status.NOT_FOUND_404,
                            method + " " + req.path().path() + " not found.",
                            null);
        };
    }
}
