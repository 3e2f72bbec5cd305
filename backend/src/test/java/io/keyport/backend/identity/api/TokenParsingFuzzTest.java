package io.keyport.backend.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jwt.SignedJWT;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.audit.store.AuditStore;
import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.AccountService;
import io.keyport.backend.identity.service.AuthService;
import io.keyport.backend.identity.service.LoginThrottle;
import io.keyport.backend.identity.service.PasswordHasher;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.Realm;
import io.keyport.backend.identity.service.ScopeRegistry;
import io.keyport.backend.identity.service.Scopes;
import io.keyport.backend.identity.service.ServiceAccountService;
import io.keyport.backend.identity.service.TokenService;
import io.keyport.backend.identity.store.ServiceStore;
import io.keyport.backend.identity.store.TeamStore;
import io.keyport.backend.identity.store.UserStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Token and header parsing: any {@code Authorization} value (Bearer, Token, Basic with a user or
 * {@code oauth2:} and a token, JWTs with fuzzed header, payload and signature) either names a
 * principal or is refused with a 401 (429 when a password is throttled) {@link ApiException} (read
 * even if expired: a principal or nothing), and
 * {@link TokenService} answers any parsable JWT with a verdict; never another exception. Runs
 * against the real services over an in-memory database.
 */
class TokenParsingFuzzTest {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private static TokenService tokens;
    private static Authenticator authenticator;
    private static String valid;

    private static synchronized void init() {
        if (authenticator != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("keyport-token-fuzz");
            dir.toFile().deleteOnExit();
            Database db = Database.open(
                    "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                    Optional.empty(),
                    Optional.empty());
            AuditService audit = new AuditService(db, new AuditStore(), java.time.Clock.systemUTC());
            io.keyport.backend.identity.service.ServiceDirectory noApplications =
                    new io.keyport.backend.testing.NoApplications();
            AccountService accounts = new AccountService(
                    db,
                    new UserStore(),
                    new TeamStore(),
                    audit,
                    new PasswordHasher(),
                    () -> {},
                    noApplications,
                    java.time.Clock.systemUTC());
            ScopeRegistry scopes = new ScopeRegistry().register("identity", Scopes.IDENTITY);
            ServiceAccountService services = new ServiceAccountService(
                    db, new ServiceStore(), audit, () -> {}, noApplications, scopes, java.time.Clock.systemUTC());
            accounts.bootstrapAdmin(Optional.of("fuzz-admin-password"));
            tokens = TokenService.open(dir.resolve("key.json"), Duration.ofMinutes(10), java.time.Clock.systemUTC());
            AuthService auth = new AuthService(
                    accounts,
                    services,
                    tokens,
                    new LoginThrottle(System::currentTimeMillis),
                    Optional.empty(),
                    Optional.empty(),
                    new io.keyport.backend.identity.service.PrincipalCache(),
                    scopes,
                    java.time.Clock.systemUTC());
            authenticator = new Authenticator(auth);
            valid = tokens.issue("admin", Realm.EMPLOYEES, Set.of("uid"), null).token();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyAuthorizationIsAPrincipalOrA401(FuzzedDataProvider data) {
        init();
        String header = switch (data.consumeInt(0, 5)) {
            case 0 -> data.consumeRemainingAsString();
            case 1 ->
                data.pickValue(new String[] {"Bearer ", "Token ", "bearer ", "Basic "})
                        + data.consumeRemainingAsString();
            case 2 -> "Bearer " + jwt(data);
            case 3 ->
                "Basic "
                        + b64(data.pickValue(new String[] {"oauth2:", "admin:", ""}) + data.consumeRemainingAsString());
            case 4 ->
                "Basic " + Base64.getEncoder().encodeToString(("oauth2:" + jwt(data)).getBytes(StandardCharsets.UTF_8));
            default ->
                "Bearer " + valid.substring(0, data.consumeInt(0, valid.length())) + data.consumeRemainingAsString();
        };
        try {
            Optional<Principal> principal = authenticator.fromHeader(header, "127.0.0.1");
            principal.ifPresent(p -> assertThat(p.uid()).isNotBlank());
        } catch (ApiException e) {
            assertThat(e.status().code()).as("%s: %s", header, e.getMessage()).isIn(401, 429);
        }
        // the registry's upload sessions read expired tokens too: a principal or nothing, never a throw
        authenticator
                .fromHeaderEvenExpired(header)
                .ifPresent(p -> assertThat(p.uid()).isNotBlank());
        String token = header.startsWith("Bearer ") ? header.substring(7) : header;
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            return; // the library's own refusal; the authenticator above must not leak it
        }
        tokens.verify(jwt);
    }

    /** Finding of the CI fuzz run: a JOSE header that decodes to JSON {@code null} made Nimbus throw. */
    @Test
    void aHeaderOfJsonNullIsRefusedNotThrown() {
        init();
        String token = URL.encodeToString("null".getBytes(StandardCharsets.UTF_8)) + ".e30." + valid.split("\\.")[2];
        for (String header : new String[] {"Bearer " + token, "Basic " + b64("oauth2:" + token), "Token " + token}) {
            try {
                assertThat(authenticator.fromHeader(header, "127.0.0.1"))
                        .as(header)
                        .isEmpty();
            } catch (ApiException e) {
                assertThat(e.status().code()).as(header).isEqualTo(401);
            }
        }
    }

    /** A JWT of fuzzed header and payload JSON, with the valid token's signature or fuzzed bytes. */
    private static String jwt(FuzzedDataProvider data) {
        String[] parts = valid.split("\\.");
        String header = data.consumeBoolean()
                ? parts[0]
                : URL.encodeToString(data.consumeString(80).getBytes(StandardCharsets.UTF_8));
        String payload = URL.encodeToString(data.consumeString(200).getBytes(StandardCharsets.UTF_8));
        String signature = data.consumeBoolean() ? parts[2] : URL.encodeToString(data.consumeRemainingAsBytes());
        return header + "." + payload + "." + signature;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
