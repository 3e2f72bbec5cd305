package io.keyport.backend.identity.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceTest {

    @TempDir
    Path dir;

    private static SignedJWT parse(String token) throws ParseException {
        return SignedJWT.parse(token);
    }

    @Test
    void issuedTokenVerifiesWithItsClaims() throws ParseException {
        TokenService tokens = TokenService.open(dir.resolve("key.json"), Duration.ofMinutes(10), Clock.systemUTC());
        Instant created = Instant.parse("2026-01-02T03:04:05.678Z");
        TokenService.Issued issued =
                tokens.issue("alice", Realm.EMPLOYEES, Set.of("uid", "application.write"), null, created);

        TokenService.Claims claims = tokens.verify(parse(issued.token())).orElseThrow();
        assertThat(claims.uid()).isEqualTo("alice");
        assertThat(claims.realm()).isEqualTo(Realm.EMPLOYEES);
        assertThat(claims.scopes()).containsExactlyInAnyOrder("uid", "application.write");
        assertThat(claims.subjectCreated()).isEqualTo(created);
        assertThat(claims.clientId()).isNull();
        assertThat(claims.expiresAt()).isEqualTo(issued.expiresAt().truncatedTo(ChronoUnit.SECONDS));
        assertThat(Duration.between(claims.issuedAt(), claims.expiresAt())).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void serviceTokenCarriesItsClientId() throws ParseException {
        TokenService tokens = TokenService.open(dir.resolve("key.json"), Duration.ofMinutes(10), Clock.systemUTC());
        String token =
                tokens.issue("kio", Realm.SERVICES, Set.of("uid"), "kio.abc123").token();
        TokenService.Claims claims = tokens.verify(parse(token)).orElseThrow();
        assertThat(claims.realm()).isEqualTo(Realm.SERVICES);
        assertThat(claims.clientId()).isEqualTo("kio.abc123");
        assertThat(claims.subjectCreated()).isNull();
    }

    @Test
    void keyFileIsOwnerOnlyAndReusedOnReopen() throws Exception {
        Path keyFile = dir.resolve("keys").resolve("token-signing-key.json");
        String token = TokenService.open(keyFile, Duration.ofMinutes(10), Clock.systemUTC())
                .issue("bob", Realm.EMPLOYEES, Set.of("uid"), null)
                .token();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(TokenService.open(keyFile, Duration.ofMinutes(10), Clock.systemUTC())
                        .verify(parse(token)))
                .isPresent();
    }

    @Test
    void tokenOfAnotherKeyIsRejected() throws ParseException {
        String token = TokenService.open(dir.resolve("one.json"), Duration.ofMinutes(10), Clock.systemUTC())
                .issue("mallory", Realm.EMPLOYEES, Set.of("uid"), null)
                .token();
        assertThat(TokenService.open(dir.resolve("two.json"), Duration.ofMinutes(10), Clock.systemUTC())
                        .verify(parse(token)))
                .isEmpty();
    }

    @Test
    void expiredTokenIsRejected() throws ParseException {
        TokenService tokens = TokenService.open(dir.resolve("key.json"), Duration.ofSeconds(-1), Clock.systemUTC());
        String token =
                tokens.issue("late", Realm.EMPLOYEES, Set.of("uid"), null).token();
        assertThat(tokens.verify(parse(token))).isEmpty();
    }

    /** A clock the test moves; nothing sleeps. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTokenExpiresWhenThePlatformClockPassesItsLifetime() throws ParseException {
        MovableClock clock = new MovableClock();
        TokenService tokens = TokenService.open(dir.resolve("key.json"), Duration.ofMinutes(10), clock);
        TokenService.Issued issued = tokens.issue("alice", Realm.EMPLOYEES, Set.of("uid"), null);
        assertThat(issued.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:10:00Z"));

        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(tokens.verify(parse(issued.token()))).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(tokens.verify(parse(issued.token()))).isEmpty();
    }
}
