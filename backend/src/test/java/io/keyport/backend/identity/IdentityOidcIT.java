package io.keyport.backend.identity;

import static io.keyport.backend.identity.JsonNodes.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An external OpenID Connect provider: RS256 tokens minted here, verified by the server against a
 * JWKS this test serves itself, with claims mapped to uid, teams, realm and the admin flag.
 */
class IdentityOidcIT {

    static final String ISSUER = "https://idp.example.test/realms/keyport";
    static final String AUDIENCE = "keyport";

    static RSAKey idpKey;
    static RSAKey strangerKey;
    static HttpServer jwks;
    static TestServer server;
    static ApiClient api;
    static String admin;

    @BeforeAll
    static void start() throws JOSEException, IOException {
        idpKey = new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("stranger-key").generate();
        byte[] keys = new JWKSet(idpKey.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(keys);
            }
        });
        jwks.start();
        server = TestServer.start(Map.of(
                "KEYPORT_OIDC_ISSUER",
                ISSUER,
                "KEYPORT_OIDC_JWKS_URL",
                jwksUrl(),
                "KEYPORT_OIDC_AUDIENCE",
                AUDIENCE,
                "KEYPORT_OIDC_ADMIN_TEAM",
                "platform-admins"));
        api = server.client();
        admin = api.adminToken();
        api.team(admin, "oidc-team");
        api.team(admin, "oidc-other");
        api.app(admin, "oidc-app", "oidc-team");
        api.app(admin, "oidc-foreign", "oidc-other");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    static String jwksUrl() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
    }

    /** A valid token for {@code sub}; {@code change} adjusts the claims before signing with {@code key}. */
    static String mint(RSAKey key, String sub, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(sub)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID())
                        .build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static String mint(String sub, Consumer<JWTClaimsSet.Builder> change) {
        return mint(idpKey, sub, change);
    }

    @Test
    void validTokenIsAcceptedWithMappedUidAndTeams() {
        String token = mint("oidc-alice", c -> c.claim("groups", List.of("oidc-team", "readers")));
        var info = api.get("/oauth2/tokeninfo?access_token=" + token, null);
        assertThat(info.status()).as(info.toString()).isEqualTo(200);
        assertThat(info.json().get("uid").asText()).isEqualTo("oidc-alice");
        assertThat(info.json().get("realm").asText()).isEqualTo("/employees");
        assertThat(texts(info.json().get("scope"))).containsExactlyInAnyOrder("uid", "application.write");
        assertThat(info.json().get("expires_in").asLong()).isBetween(200L, 300L);

        assertThat(api.get("/api/teams", token).status()).isEqualTo(200);
        String oauth2 =
                "Basic " + Base64.getEncoder().encodeToString(("oauth2:" + token).getBytes(StandardCharsets.UTF_8));
        assertThat(api.send("GET", "/api/teams", null, "Authorization", oauth2).status())
                .isEqualTo(200);
        assertThat(api.send("GET", "/api/teams", null, "Authorization", "Token " + token)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void teamClaimLetsThePersonWriteThatTeamsApplications() {
        String token = mint("oidc-bob", c -> c.claim("groups", List.of("oidc-team")));
        assertThat(api.putJson("/apps/oidc-app", token, "{\"name\":\"Renamed by bob\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/apps/oidc-app", token)
                        .json()
                        .get("last_modified_by")
                        .asText())
                .isEqualTo("oidc-bob");
        assertThat(api.putJson("/apps/oidc-new", token, "{\"team_id\":\"oidc-team\",\"name\":\"New\",\"active\":true}")
                        .status())
                .isEqualTo(200);
        assertThat(api.putJson("/apps/oidc-foreign", token, "{\"name\":\"Not mine\"}")
                        .status())
                .isEqualTo(403);

        String teamless = mint("oidc-carl", c -> {});
        assertThat(api.putJson("/apps/oidc-app", teamless, "{\"name\":\"Not mine either\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void teamsClaimMayBeASpaceSeparatedString() {
        String token = mint("oidc-dora", c -> c.claim("groups", "oidc-other something-else"));
        assertThat(api.putJson("/apps/oidc-foreign", token, "{\"name\":\"Dora's\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void localMembershipsJoinTheClaimedOnes() {
        api.user(admin, "oidc-erik", "oidc-erik-pass", "oidc-other");
        String token = mint("oidc-erik", c -> c.claim("groups", List.of("oidc-team")));
        assertThat(api.putJson("/apps/oidc-app", token, "{\"name\":\"Erik's\"}").status())
                .isEqualTo(200);
        assertThat(api.putJson("/apps/oidc-foreign", token, "{\"name\":\"Erik's too\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void adminTeamMakesAnAdmin() {
        String token = mint("oidc-root", c -> c.claim("groups", List.of("platform-admins")));
        assertThat(api.get("/api/users", token).status()).isEqualTo(200);
        assertThat(api.putJson("/api/teams/oidc-made", token, "{\"name\":\"Made by OIDC admin\"}")
                        .status())
                .isEqualTo(201);
        var info = api.get("/oauth2/tokeninfo?access_token=" + token, null).json();
        assertThat(texts(info.get("scope")))
                .contains(
                        "uid",
                        "application.write",
                        "application.write_all",
                        "application.write_all_trusted",
                        "keyport.admin");
        var audit = api.get("/api/audit?action=team.create&target=team:oidc-made", admin)
                .json()
                .get("entries");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("oidc-root");

        String plain = mint("oidc-plain", c -> c.claim("groups", List.of("oidc-team")));
        assertThat(api.get("/api/users", plain).status()).isEqualTo(403);
        assertThat(api.putJson("/api/teams/oidc-not-made", plain, "{\"name\":\"x\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void externalLoginCannotChangeTheLocalAccountOfTheSameUid() {
        api.user(admin, "oidc-twin", "local-password-1");
        String external = mint("oidc-twin", c -> {});
        var r = api.putJson("/api/users/oidc-twin", external, "{\"password\":\"taken-over-1\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(api.token("oidc-twin", "local-password-1")).isNotBlank();
    }

    @Test
    void adminTeamWithoutAdminScopeIsNoAdmin() {
        String narrow = mint(
                "oidc-root2", c -> c.claim("groups", List.of("platform-admins")).claim("scope", "uid"));
        assertThat(api.get("/api/users", narrow).status()).isEqualTo(403);
    }

    @Test
    void scopeClaimNarrowsToWhatThePersonHolds() {
        String openid = mint("oidc-fay", c -> c.claim("scope", "openid profile application.write_all"));
        assertThat(texts(api.get("/oauth2/tokeninfo?access_token=" + openid, null)
                        .json()
                        .get("scope")))
                .containsExactly("uid");
    }

    @Test
    void wrongIssuerIsRejected() {
        expectRejected(mint("oidc-mallory", c -> c.issuer("https://evil.example.test")));
    }

    @Test
    void wrongAudienceIsRejected() {
        expectRejected(mint("oidc-mallory", c -> c.audience("another-service")));
        expectRejected(mint("oidc-mallory", c -> c.audience((String) null)));
    }

    @Test
    void expiredTokenIsRejected() {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        expectRejected(mint(
                "oidc-late",
                c -> c.issueTime(Date.from(past.minus(Duration.ofMinutes(5)))).expirationTime(Date.from(past))));
    }

    @Test
    void tokenSignedWithAnUnknownKeyIsRejected() throws JOSEException {
        expectRejected(mint(strangerKey, "oidc-mallory", c -> {}));
        // Another key under the provider's key id: the signature does not verify.
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(idpKey.getKeyID()).generate();
        expectRejected(mint(impostor, "oidc-mallory", c -> {}));
    }

    @Test
    void tokenWithoutUsableUidIsRejected() {
        expectRejected(mint("someone", c -> c.subject(null)));
        expectRejected(mint("with:colon", c -> {}));
    }

    private static void expectRejected(String token) {
        var r = api.get("/api/teams", token);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("message").asText()).isNotBlank();
        assertThat(api.get("/oauth2/tokeninfo?access_token=" + token, null).status())
                .isEqualTo(400);
    }

    @Test
    void customClaimsMapUidTeamsAndRealm() {
        try (TestServer custom = TestServer.start(Map.of(
                "KEYPORT_OIDC_ISSUER", ISSUER,
                "KEYPORT_OIDC_JWKS_URL", jwksUrl(),
                "KEYPORT_OIDC_UID_CLAIM", "preferred_username",
                "KEYPORT_OIDC_TEAMS_CLAIM", "roles",
                "KEYPORT_OIDC_REALM_CLAIM", "realm"))) {
            ApiClient client = custom.client();
            String localAdmin = client.adminToken();
            client.team(localAdmin, "custom-team");
            client.app(localAdmin, "custom-app", "custom-team");

            String person = mint(
                    "f81d4fae-7dec-11d0",
                    c -> c.claim("preferred_username", "gus")
                            .claim("roles", List.of("custom-team"))
                            .claim("realm", "/employees")
                            .audience((String) null));
            var info = client.get("/oauth2/tokeninfo?access_token=" + person, null);
            assertThat(info.status()).as(info.toString()).isEqualTo(200);
            assertThat(info.json().get("uid").asText()).isEqualTo("gus");
            assertThat(info.json().get("realm").asText()).isEqualTo("/employees");
            assertThat(client.putJson("/apps/custom-app", person, "{\"name\":\"Gus\"}")
                            .status())
                    .isEqualTo(200);

            String service = mint(
                    "client-1",
                    c -> c.claim("preferred_username", "robot")
                            .claim("roles", List.of("custom-team"))
                            .claim("realm", "services"));
            var serviceInfo = client.get("/oauth2/tokeninfo?access_token=" + service, null);
            assertThat(serviceInfo.status()).isEqualTo(200);
            assertThat(serviceInfo.json().get("uid").asText()).isEqualTo("robot");
            assertThat(serviceInfo.json().get("realm").asText()).isEqualTo("/services");
            assertThat(client.putJson("/apps/custom-app", service, "{\"name\":\"Robot\"}")
                            .status())
                    .isEqualTo(200);

            String noRealm = mint("x", c -> c.claim("preferred_username", "nobody"));
            assertThat(client.get("/api/teams", noRealm).status()).isEqualTo(401);
            String noUid = mint("x", c -> c.claim("realm", "employees"));
            assertThat(client.get("/api/teams", noUid).status()).isEqualTo(401);
        }
    }
}
