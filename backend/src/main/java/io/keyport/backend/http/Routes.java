package io.keyport.backend.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

/**
 * Registers handlers on Helidon's rules and records each route, so that metrics are labelled by
 * route pattern (not by raw path, which would explode the label space) and the OpenAPI document can
 * be checked against the real route table. Every {@code GET} route also answers {@code HEAD}.
 */
public final class Routes {

    private final HttpRules rules;
    private final RouteRegistry registry;

    public Routes(HttpRules rules, RouteRegistry registry) {
        this.rules = rules;
        this.registry = registry;
    }

    public Routes get(String path, Handler handler) {
        return route(Method.GET, path, handler);
    }

    public Routes head(String path, Handler handler) {
        return route(Method.HEAD, path, handler);
    }

    public Routes put(String path, Handler handler) {
        return route(Method.PUT, path, handler);
    }

    public Routes post(String path, Handler handler) {
        return route(Method.POST, path, handler);
    }

    public Routes patch(String path, Handler handler) {
        return route(Method.PATCH, path, handler);
    }

    public Routes delete(String path, Handler handler) {
        return route(Method.DELETE, path, handler);
    }

    private Routes route(Method method, String path, Handler handler) {
        registry.add(method.text(), path);
        String label = method.text() + " " + path;
        rules.route(method, path, (req, res) -> {
            RequestInfo.of(req).route(label);
            handler.handle(req, res);
        });
        if (method.equals(Method.GET)) {
            // HEAD answers like GET, without the body; not a route of its own in the registry
            String headLabel = "HEAD " + path;
            rules.route(Method.HEAD, path, (req, res) -> {
                RequestInfo.of(req).route(headLabel);
                handler.handle(req, HeadResponse.of(req, res));
            });
        }
        return this;
    }
}
