package io.keyport.backend.identity.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.service.AccountService;
import io.keyport.model.identity.Team;
import io.keyport.model.identity.TeamRequest;
import io.keyport.model.identity.User;
import io.keyport.model.identity.UserRequest;
import java.util.Map;

/**
 * Teams and users (admin API).
 *
 * <pre>
 * GET    /api/teams              curl -H "Authorization: Bearer $T" http://localhost:8080/api/teams
 * GET    /api/teams/{team}       (with members)
 * PUT    /api/teams/{team}       curl -X PUT -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d '{"name":"Payments"}' .../api/teams/payments
 * DELETE /api/teams/{team}
 * GET    /api/users              (admin)
 * GET    /api/users/{uid}        (admin or self)
 * PUT    /api/users/{uid}        curl -X PUT ... -d '{"password":"s3cret-pass","teams":["payments"],"admin":false}' .../api/users/jdoe
 * DELETE /api/users/{uid}
 * </pre>
 */
public final class TeamsHttpService implements HttpService {

    private final AccountService accounts;
    private final Authenticator authenticator;
    private final RouteRegistry registry;
    private final long maxBody;

    public TeamsHttpService(
            AccountService accounts, Authenticator authenticator, RouteRegistry registry, long maxBody) {
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.registry = registry;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/api/teams", this::listTeams)
                .get("/api/teams/{team}", this::getTeam)
                .put("/api/teams/{team}", this::putTeam)
                .delete("/api/teams/{team}", this::deleteTeam)
                .get("/api/users", this::listUsers)
                .get("/api/users/{uid}", this::getUser)
                .put("/api/users/{uid}", this::putUser)
                .delete("/api/users/{uid}", this::deleteUser);
    }

    private void listTeams(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, accounts.teams());
    }

    private void getTeam(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, accounts.team(Http.param(req, "team")));
    }

    private void putTeam(ServerRequest req, ServerResponse res) {
        var caller = authenticator.require(req);
        TeamRequest body = Http.readJson(req, TeamRequest.class, maxBody);
        Map.Entry<Team, Boolean> result = accounts.putTeam(caller, Http.param(req, "team"), body);
        Http.json(res, result.getValue() ? Status.CREATED_201 : Status.OK_200, result.getKey());
    }

    private void deleteTeam(ServerRequest req, ServerResponse res) {
        accounts.deleteTeam(authenticator.require(req), Http.param(req, "team"));
        Http.empty(res, Status.NO_CONTENT_204);
    }

    private void listUsers(ServerRequest req, ServerResponse res) {
        Http.ok(res, accounts.users(authenticator.require(req)));
    }

    private void getUser(ServerRequest req, ServerResponse res) {
        Http.ok(res, accounts.user(authenticator.require(req), Http.param(req, "uid")));
    }

    private void putUser(ServerRequest req, ServerResponse res) {
        var caller = authenticator.require(req);
        UserRequest body = Http.readJson(req, UserRequest.class, maxBody);
        Map.Entry<User, Boolean> result = accounts.putUser(caller, Http.param(req, "uid"), body);
        Http.json(res, result.getValue() ? Status.CREATED_201 : Status.OK_200, result.getKey());
    }

    private void deleteUser(ServerRequest req, ServerResponse res) {
        accounts.deleteUser(authenticator.require(req), Http.param(req, "uid"));
        Http.empty(res, Status.NO_CONTENT_204);
    }
}
