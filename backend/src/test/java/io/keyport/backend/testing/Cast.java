package io.keyport.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient.Response;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The people, teams, applications and services the shared test tables speak of, created once per
 * test server (a {@link KeyportTest} class declares a {@code Cast} parameter and gets the one of its
 * server). Identities, as the columns of the authorisation tables name them:
 *
 * <pre>
 * anon      no Authorization header
 * admin     user admin, token with every scope
 * admin-w   user admin, token requested with scope "application.write application.write_all" (no uid)
 * alice     person in team-a, default scopes (uid application.write)
 * alice-u   alice, token requested with scope=uid
 * alice-w   alice, token requested with scope=application.write (no uid)
 * carol     a second person in team-a
 * bob       person in team-b
 * nadia     person in no team
 * svc       service of application svc-plain (team-a), no scopes granted (holds uid only)
 * svc-w     service of application svc-write (team-a), granted application.write
 * svc-wa    service of application svc-write-all (team-a), granted application.write_all
 * svc-moved service of application svc-moved, granted application.write, whose token was issued
 *           while it belonged to team-a; the application then moved to team-b, which revoked
 *           its credentials, so the token is dead everywhere
 * </pre>
 *
 * <p>Besides: applications {@code app-a} (team-a) and {@code app-b} (team-b), and {@code dave}, a
 * person of team-b without a token. svc-w's credential was created by carol, so carol counts as an
 * author of every version svc-w writes (four eyes through a service). Every person's password is
 * {@link #PASSWORD}; admin's is {@link TestServer#ADMIN_PASSWORD}.
 *
 * <p>Tests add what they need on top. They must not delete what the cast made, move its
 * applications to another team, or change its memberships, admin rights or service scopes: the
 * tables' expected statuses rest on them.
 */
public final class Cast {

    public static final String PASSWORD = "people-password-1";

    /** One identity: the uid it acts as, its password (none for services and anon) and its token (null for anon). */
    public record Member(String name, String uid, String password, String token) {}

    private final ApiClient api;
    private final Map<String, Member> members = new LinkedHashMap<>();

    private Cast(ApiClient api) {
        this.api = api;
    }

    /** Creates the cast on a server that has only its first admin. */
    public static Cast create(ApiClient api) {
        Cast cast = new Cast(api);
        cast.build();
        return cast;
    }

    private void build() {
        String admin = api.adminToken();
        api.team(admin, "team-a");
        api.team(admin, "team-b");
        api.app(admin, "app-a", "team-a");
        api.app(admin, "app-b", "team-b");

        person("admin", "admin", TestServer.ADMIN_PASSWORD, admin);
        person(
                "admin-w",
                "admin",
                TestServer.ADMIN_PASSWORD,
                api.token("admin", TestServer.ADMIN_PASSWORD, "application.write", "application.write_all"));
        person("alice", "alice", PASSWORD, api.user(admin, "alice", PASSWORD, "team-a"));
        person("alice-u", "alice", PASSWORD, api.token("alice", PASSWORD, "uid"));
        person("alice-w", "alice", PASSWORD, api.token("alice", PASSWORD, "application.write"));
        person("carol", "carol", PASSWORD, api.user(admin, "carol", PASSWORD, "team-a"));
        person("bob", "bob", PASSWORD, api.user(admin, "bob", PASSWORD, "team-b"));
        person("nadia", "nadia", PASSWORD, api.user(admin, "nadia", PASSWORD));
        api.user(admin, "dave", "dave-password-1", "team-b");
        service("svc", "svc-plain", admin);
        service("svc-w", "svc-write", token("carol"), "application.write");
        service("svc-wa", "svc-write-all", admin, "application.write_all");
        service("svc-moved", "svc-moved", admin, "application.write");
        ApiClient.expect(api.putJson("/apps/svc-moved", admin, "{\"team_id\":\"team-b\"}"), 200);
        members.put("anon", new Member("anon", "nobody", null, null));

        // The identities are what the table above says they are.
        assertThat(api.get("/oauth2/tokeninfo?access_token=" + token("alice-w"), null)
                        .json()
                        .get("scope")
                        .toString())
                .isEqualTo("[\"application.write\"]");
        assertThat(api.get("/oauth2/tokeninfo?access_token=" + token("svc-wa"), null)
                        .json()
                        .toString())
                .contains("\"realm\":\"/services\"")
                .contains("application.write_all");
    }

    private void person(String name, String uid, String password, String token) {
        members.put(name, new Member(name, uid, password, token));
    }

    /**
     * An application of team-a with the given scopes granted, a credential created by
     * {@code creator}, and a client-credentials token.
     */
    private void service(String name, String appId, String creator, String... scopes) {
        String admin = token("admin");
        api.app(admin, appId, "team-a");
        String list = Arrays.stream(scopes).map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
        ApiClient.expect(api.putJson("/apps/" + appId + "/scopes", admin, "{\"scopes\":[" + list + "]}"), 200);
        JsonNode credential = ApiClient.expect(api.postJson("/apps/" + appId + "/credentials", creator, null), 201)
                .json();
        Response token = api.form(
                "/oauth2/token",
                Map.of("grant_type", "client_credentials"),
                credential.get("client_id").asText(),
                credential.get("client_secret").asText());
        ApiClient.expect(token, 200);
        members.put(
                name,
                new Member(name, appId, null, token.json().get("access_token").asText()));
    }

    /** The identity called {@code name}; fails the test for a name the cast does not have. */
    public Member member(String name) {
        Member m = members.get(name);
        if (m == null) {
            throw new AssertionError("the cast has no identity " + name + "; it has " + members.keySet());
        }
        return m;
    }

    /** The token of identity {@code name} (null for anon). */
    public String token(String name) {
        return member(name).token();
    }

    /** Every identity's name, in the order of the table above. */
    public List<String> names() {
        return Collections.unmodifiableList(List.copyOf(members.keySet()));
    }

    /** The client the cast was created with. */
    public ApiClient api() {
        return api;
    }
}
