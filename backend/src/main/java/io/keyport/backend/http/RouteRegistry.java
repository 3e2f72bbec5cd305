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

    private static boolean matches(String[] pattern, String[] segments) {
        if (pattern.length != segments.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            boolean parameter = pattern[i].startsWith("{") && pattern[i].endsWith("}");
            if (parameter ? segments[i].isEmpty() : !pattern[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** The last handler of the routing: 405 with {@code Allow} for a known path, else 404. */
    public Handler unmatched() {
        return unmatched(new ErrorFamilies());
    }

    /**
     * As {@link #unmatched()}, answering in the error family of the request's route group (kploy's
     * {@code {"error"}} under {@code /api/v1/app}, STUPS where no domain registered one).
     */
    public Handler unmatched(ErrorFamilies families) {
        return (req, res) -> {
            ErrorFamily family = families.forPath(req.path().path());
            String method = req.prologue().method().text();
            Set<String> allowed = allowed(req.path().path());
            if (!allowed.isEmpty()) {
                throw family.generic(
                                io.helidon.http.Status.METHOD_NOT_ALLOWED_405,
                                "Method " + method + " is not allowed on "
                                        + req.path().path() + "; allowed: " + String.join(", ", allowed) + ".",
                                null)
                        .withHeader("Allow", String.join(", ", allowed));
            }
            throw family.generic(
                    io.helidon.http.Status.NOT_FOUND_404,
                    method + " " + req.path().path() + " not found.",
                    null);
        };
    }
}
