package io.keyport.backend.identity;

import static io.keyport.backend.identity.ForgedTokens.b64;
import static io.keyport.backend.identity.ForgedTokens.forgePayload;
import static io.keyport.backend.identity.ForgedTokens.forgeSignature;
import static io.keyport.backend.identity.ForgedTokens.mint;
import static io.keyport.backend.identity.ForgedTokens.otherKey;
import static io.keyport.backend.identity.ForgedTokens.serverKey;
import static io.keyport.backend.identity.ForgedTokens.unsigned;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.TestServer;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The identity domain's rows for the shared test runners: who may manage teams, users, service
 * credentials and scopes ({@link #AUTHORIZATION}, identities of {@link io.keyport.backend.testing.Cast}),
 * and the bad requests and bad credentials it refuses ({@link #badInput()}, {@link #tokenBadInput()},
 * {@link #badCredentials}).
 *
 * <p>The rules: anyone authenticated whose token carries {@code uid} may read teams and an
 * application's scopes; teams, users and scopes are for admins, except that a person may read
 * their own user and change their own password; credentials are managed by the people of the
 * application's team or admins, never by services. A token without {@code uid} is refused
 * everywhere, admin or not.
 *
 * <p>Placeholders: {@code {fresh-team}} / {@code {fresh-user}} a team / person the admin created
 * just before the request; {@code {credential}} the client id of a credential of app-a the admin
 * created just before the request.
 */
public final class IdentityTables {

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of("identity", ErrorBodies.STUPS, """
            method | path                                 | body         || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            GET    | /api/teams                           | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            GET    | /api/teams/team-a                    | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /api/teams/{new}                     | team         || 401  | 201   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            DELETE | /api/teams/{fresh-team}              | -            || 401  | 204   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/users                           | -            || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/users/dave                      | -            || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/users/{self}                    | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 403 | 403   | 403    | 401
            PUT    | /api/users/dave                      | password     || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            PUT    | /api/users/{self}                    | own-password || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 403 | 403   | 403    | 401
            PUT    | /api/users/{self}                    | make-admin   || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            DELETE | /api/users/{fresh-user}              | -            || 401  | 204   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /apps/app-a/credentials              | -            || 401  | 201   | 403     | 201   | 201     | 403     | 201   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /apps/app-a/credentials              | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 403   | 403    | 401
            DELETE | /apps/app-a/credentials/{credential} | -            || 401  | 204   | 403     | 204   | 204     | 403     | 204   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /apps/app-a/scopes                   | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /apps/app-a/scopes                   | scopes       || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            """)
            .body("team", "{\"name\":\"A new team\"}")
            .body("password", "{\"password\":\"dave-password-2\"}")
            .body("own-password", "{\"password\":\"{password}\"}")
            .body("make-admin", "{\"admin\":true}")
            .body("scopes", "{\"scopes\":[\"application.write\"]}")
            .placeholder("{fresh-team}", (ctx, identity) -> {
                String team = ctx.fresh("t");
                ctx.api().team(ctx.cast().token("admin"), team);
                return Filled.of(team);
            })
            .placeholder("{fresh-user}", (ctx, identity) -> {
                String uid = ctx.fresh("u");
                ctx.api().user(ctx.cast().token("admin"), uid, "fresh-password-1");
                return Filled.of(uid);
            })
            .placeholder(
                    "{credential}",
                    (ctx, identity) -> Filled.of(ApiClient.expect(
                                    ctx.api()
                                            .postJson(
                                                    "/apps/app-a/credentials",
                                                    ctx.cast().token("admin"),
                                                    null),
                                    201)
                            .json()
                            .get("client_id")
                            .asText()));

    private IdentityTables() {}

    /** Bad requests to the team, user, credential and scope routes, answered in the STUPS family. */
    public static BadInputTable badInput() {
        return BadInputTable.of("identity", ErrorBodies.STUPS)
                .snapshot(
                        "/apps/app-a/scopes",
                        "/apps/app-a/credentials",
                        "/api/teams",
                        "/api/teams/team-a",
                        "/api/users")
                .group("malformed JSON")
                .add("team body malformed", "admin", "PUT", "/api/teams/team-a", "{\"name\":", 400)
                .add("user body array", "admin", "PUT", "/api/users/alice", "[]", 400)
                .add("scopes body null", "admin", "PUT", "/apps/app-a/scopes", "null", 400)
                .group("values of the wrong JSON type")
                .add("team name a number", "admin", "PUT", "/api/teams/team-a", "{\"name\":12}", 400)
                .add("user admin 1", "admin", "PUT", "/api/users/alice", "{\"admin\":1}", 400)
                .add("user admin as text", "admin", "PUT", "/api/users/alice", "{\"admin\":\"false\"}", 400)
                .add("user password a number", "admin", "PUT", "/api/users/alice", "{\"password\":123456789}", 400)
                .group("unknown fields and wrong values")
                .add("user teams a string", "admin", "PUT", "/api/users/alice", "{\"teams\":\"team-a\"}", 400)
                .add("user admin yes", "admin", "PUT", "/api/users/alice", "{\"admin\":\"yes\"}", 400)
                .add("user password short", "admin", "PUT", "/api/users/alice", "{\"password\":\"short\"}", 400)
                .add("user of unknown team", "admin", "PUT", "/api/users/alice", "{\"teams\":[\"ghosts\"]}", 400)
                .add("new user without password", "admin", "PUT", "/api/users/newbie", "{\"teams\":[]}", 400)
                .add("team name array", "admin", "PUT", "/api/teams/team-a", "{\"name\":[\"x\"]}", 400)
                .add(
                        "team name 300 characters",
                        "admin",
                        "PUT",
                        "/api/teams/team-a",
                        "{\"name\":\"" + "t".repeat(300) + "\"}",
                        400)
                .add("scope unknown", "admin", "PUT", "/apps/app-a/scopes", "{\"scopes\":[\"root\"]}", 400)
                .add("scopes a string", "admin", "PUT", "/apps/app-a/scopes", "{\"scopes\":\"uid\"}", 400)
                .add("scopes missing", "admin", "PUT", "/apps/app-a/scopes", "{}", 400)
                .add("credentials of unknown app", "admin", "POST", "/apps/no-such-app/credentials", null, 404)
                .group("oversized bodies")
                .add(
                        "team body over 1 MiB",
                        "admin",
                        "PUT",
                        "/api/teams/team-a",
                        "{\"description\":\"" + "x".repeat((1 << 20) + 1) + "\"}",
                        413)
                .group("invalid ids")
                .add("team id uppercase", "admin", "PUT", "/api/teams/Team-C", "{\"name\":\"c\"}", 400)
                .add("team id too long", "admin", "PUT", "/api/teams/t" + "e".repeat(64), "{\"name\":\"c\"}", 400)
                .add("team id read uppercase", "admin", "GET", "/api/teams/TEAM-A", null, 400)
                .add("uid with colon", "admin", "PUT", "/api/users/a:b", "{\"password\":\"long-enough-1\"}", 400)
                .add(
                        "uid 65 characters",
                        "admin",
                        "PUT",
                        "/api/users/u" + "v".repeat(64),
                        "{\"password\":\"long-enough-1\"}",
                        400)
                .add("uid read with space", "admin", "GET", "/api/users/a%20b", null, 400)
                .group("SQL meta-characters")
                .add(
                        "DROP TABLE in team id",
                        "admin",
                        "PUT",
                        "/api/teams/" + BadInputTable.enc("x;DROP TABLE teams"),
                        "{\"name\":\"x\"}",
                        400)
                .add(
                        "quote OR in uid",
                        "admin",
                        "GET",
                        "/api/users/" + BadInputTable.enc("admin' OR '1'='1"),
                        null,
                        400)
                .add(
                        "DROP TABLE in a user's team",
                        "admin",
                        "PUT",
                        "/api/users/alice",
                        "{\"teams\":[\"team-a';DROP TABLE teams;--\"]}",
                        400)
                .add(
                        "DROP TABLE in a scope",
                        "admin",
                        "PUT",
                        "/apps/app-a/scopes",
                        "{\"scopes\":[\"uid');DROP TABLE service_scopes;--\"]}",
                        400)
                .group("path traversal")
                .add("encoded dot-dot to admin user", "admin", "GET", "/api/users/..%2Fadmin", null, 400)
                .add("encoded dot-dot in a write", "admin", "PUT", "/api/users/..%2Fadmin", "{\"admin\":false}", 400)
                .group("wrong content type")
                .add(
                        "multipart",
                        "admin",
                        "PUT",
                        "/api/teams/team-a",
                        "{\"name\":\"x\"}",
                        415,
                        "Content-Type",
                        "multipart/form-data; boundary=x")
                .group("invalid UTF-8")
                .add(
                        "escaped lone surrogate in a team name",
                        "admin",
                        "PUT",
                        "/api/teams/team-a",
                        "{\"name\":\"\\ud800\"}",
                        400)
                .add(
                        "escaped lone surrogate in a user's team",
                        "admin",
                        "PUT",
                        "/api/users/alice",
                        "{\"teams\":[\"team-a\\ud800\"]}",
                        400);
    }

    /** Bad requests to the token endpoint, answered in the OAuth 2 family. */
    public static BadInputTable tokenBadInput() {
        return BadInputTable.of("oauth", ErrorBodies.OAUTH)
                .group("oversized bodies")
                .add(
                        "token form over 16 KiB",
                        "anon",
                        "POST",
                        "/oauth2/token",
                        "grant_type=password&username=alice&password=" + "p".repeat(20_000),
                        413,
                        "Content-Type",
                        "application/x-www-form-urlencoded")
                .group("SQL meta-characters")
                .add(
                        "quote OR in a token username",
                        "anon",
                        "POST",
                        "/oauth2/token",
                        "grant_type=password&username=" + BadInputTable.enc("admin' OR '1'='1") + "&password=x",
                        0,
                        "Content-Type",
                        "application/x-www-form-urlencoded")
                .group("wrong content type")
                .add(
                        "JSON to the token endpoint",
                        "anon",
                        "POST",
                        "/oauth2/token",
                        "{\"grant_type\":\"password\",\"username\":\"admin\",\"password\":\"x\"}",
                        415,
                        "Content-Type",
                        "application/json")
                .group("bad credentials")
                .add(
                        "client credentials with NUL",
                        "anon",
                        "POST",
                        "/oauth2/token",
                        "grant_type=client_credentials",
                        0,
                        "Content-Type",
                        "application/x-www-form-urlencoded",
                        "Authorization",
                        "Basic " + b64("app-a.%00:secret"))
                .add(
                        "client credentials of nobody",
                        "anon",
                        "POST",
                        "/oauth2/token",
                        "grant_type=client_credentials",
                        401,
                        "Content-Type",
                        "application/x-www-form-urlencoded",
                        "Authorization",
                        "Basic " + b64("app-a.000000000000:secret"))
                .add(
                        "client_id with NUL in the form",
                        "anon",
                        "POST",
                        "/oauth2/token",
                        "grant_type=client_credentials&client_id=a%00b&client_secret=x",
                        400,
                        "Content-Type",
                        "application/x-www-form-urlencoded");
    }

    /**
     * Missing, forged, expired and garbled credentials on a read and a write: 401 in the STUPS
     * family. Built per server: the forgeries start from its key and from alice's token.
     */
    public static BadInputTable badCredentials(TestServer server, Cast cast) {
        String alice = cast.token("alice");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("forged signature", "Bearer " + forgeSignature(alice));
        headers.put("forged payload", "Bearer " + forgePayload(alice));
        headers.put(
                "expired, signed with the server's key",
                "Bearer "
                        + mint(
                                serverKey(server),
                                "keyport",
                                "/employees",
                                Instant.now().minusSeconds(60)));
        headers.put(
                "signed with another key",
                "Bearer "
                        + mint(
                                otherKey(server),
                                "keyport",
                                "/employees",
                                Instant.now().plusSeconds(600)));
        headers.put(
                "foreign issuer",
                "Bearer "
                        + mint(
                                serverKey(server),
                                "evil",
                                "/employees",
                                Instant.now().plusSeconds(600)));
        headers.put(
                "unknown realm",
                "Bearer "
                        + mint(
                                serverKey(server),
                                "keyport",
                                "/contractors",
                                Instant.now().plusSeconds(600)));
        headers.put("alg none", "Bearer " + unsigned());
        headers.put("garbage bearer", "Bearer not.a.token");
        headers.put("empty JWT parts", "Bearer ..");
        headers.put("two tokens", "Bearer " + alice + " Bearer " + alice);
        headers.put("Token scheme garbage", "Token abc");
        headers.put("unknown scheme", "Digest username=admin");
        headers.put("scheme only", "Bearer");
        headers.put("Basic not base64", "Basic not-base64!!");
        headers.put("Basic without colon", "Basic " + b64("admin"));
        headers.put("Basic unknown user", "Basic " + b64("nobody-here:wrong-password"));
        headers.put("Basic oauth2 garbage", "Basic " + b64("oauth2:garbage"));
        headers.put(
                "Basic binary",
                "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', (byte) 0xfe}));
        headers.put("8 KiB of garbage", "Bearer " + "A".repeat(8192));
        String rename = "{\"name\":\"hijacked\"}";
        BadInputTable table = BadInputTable.of("identity", ErrorBodies.STUPS).group("bad credentials");
        headers.forEach((name, header) -> table.add(
                        name + " reading", "anon", "GET", "/apps", null, 401, "Authorization", header)
                .add(name + " writing", "anon", "PUT", "/apps/app-a", rename, 401, "Authorization", header));
        return table.add("no token reading", "anon", "GET", "/apps/app-a", null, 401)
                .add("no token writing", "anon", "PUT", "/apps/app-a", rename, 401)
                .add("no token on the audit log", "anon", "GET", "/api/audit", null, 401);
    }
}
