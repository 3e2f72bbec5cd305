package io.keyport.backend.kio.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.kio.service.InboxService;

/**
 * The approvals inbox and the dashboard's figures, across applications (the console's Dashboard
 * and Approvals views). Read-only; errors in the Kio family.
 *
 * <pre>
 * GET /approvals/inbox                 pending versions the caller may approve, oldest first (people only)
 * GET /approvals/statistics?days=30    versions per day, lead time per team, pending by age, my activity
 * </pre>
 */
public final class InboxHttpService implements HttpService {

    private static final int DEFAULT_DAYS = 30;

    private final InboxService inbox;
    private final Authenticator authenticator;
    private final RouteRegistry registry;

    public InboxHttpService(InboxService inbox, Authenticator authenticator, RouteRegistry registry) {
        this.inbox = inbox;
        this.authenticator = authenticator;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry).get("/approvals/inbox", this::inbox).get("/approvals/statistics", this::statistics);
    }

    private void inbox(ServerRequest req, ServerResponse res) {
        Http.ok(res, inbox.inbox(authenticator.reader(req)));
    }

    private void statistics(ServerRequest req, ServerResponse res) {
        var caller = authenticator.reader(req);
        long days = Http.query(req, "days").map(v -> Http.number("days", v)).orElse((long) DEFAULT_DAYS);
        Http.ok(res, inbox.statistics(caller, Math.clamp(days, Integer.MIN_VALUE, Integer.MAX_VALUE)));
    }
}
