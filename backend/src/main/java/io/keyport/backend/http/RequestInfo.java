package io.keyport.backend.http;

import io.helidon.webserver.http.ServerRequest;

/**
 * Per-request facts gathered while the request runs (matched route, authenticated caller) and read
 * by the observability filter afterwards for the access log and metrics.
 */
public final class RequestInfo {

    private volatile String route;
    private volatile String actor;

    /** The info of this request; created on first use. */
    public static RequestInfo of(ServerRequest req) {
        return req.context().get(RequestInfo.class).orElseGet(() -> {
            RequestInfo info = new RequestInfo();
            req.context().register(info);
            return info;
        });
    }

    public void route(String route) {
        this.route = route;
    }

    public String route() {
        return route;
    }

    public void actor(String actor) {
        this.actor = actor;
    }

    public String actor() {
        return actor;
    }
}
