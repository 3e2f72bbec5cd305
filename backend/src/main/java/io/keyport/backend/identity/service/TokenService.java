package io.keyport.backend.identity.service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies Keyport's own access tokens: ES256-signed JWTs with {@code iss=keyport},
 * {@code sub} (uid), {@code realm}, {@code scope} (space-separated), {@code exp}, {@code iat},
 * {@code jti}; for services {@code cid} (the client id, so revoking it ends its tokens); for people
 * {@code sub_created} (the user's creation time in epoch milliseconds, so a token of a deleted user
 * does not become valid again for a new user of the same uid).
 *
 * <p>The signing key is a JWK file created on first start with mode 0600. Replicas that share a
 * database must share this file ({@code KEYPORT_TOKEN_KEY_FILE}).
 */
public final class TokenService {

    public static final String ISSUER = "keyport";

    private final ECKey key;
    private final ECDSASigner signer;
    private final ECDSAVerifier verifier;
    private final Duration ttl;
    private final java.time.Clock clock;

    private TokenService(ECKey key, Duration ttl, java.time.Clock clock) throws JOSEException {
        this.clock = clock;
        this.key = key;
        this.signer = new ECDSASigner(key);
        this.verifier = new ECDSAVerifier(key.toPublicJWK());
        this.ttl = ttl;
    }

    /** Loads the key from {@code keyFile}, creating it (atomically, 0600) when absent. */
    public static TokenService open(Path keyFile, Duration ttl, java.time.Clock clock) {
        try {
            ECKey key;
            if (Files.exists(keyFile)) {
                key = ECKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
            } else {
                key = new ECKeyGenerator(Curve.P_256)
                        .keyID(UUID.randomUUID().toString())
                        .generate();
                SecretFiles.write(keyFile, key.toJSONString());
            }
            return new TokenService(key, ttl, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token signing key " + keyFile, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the token signing key " + keyFile + " is not a valid EC JWK", e);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** A signed token and its expiry. */
    public record Issued(String token, Instant expiresAt) {}

    /** The verified content of one of our tokens. */
    public record Claims(
            String uid,
            Realm realm,
            Set<String> scopes,
            Instant issuedAt,
            Instant expiresAt,
            String clientId,
            Instant subjectCreated) {}

    public Issued issue(String uid, Realm realm, Set<String> scopes, String clientId) {
        return issue(uid, realm, scopes, clientId, null);
    }

    /** A token; {@code subjectCreated}, when given, is the creation time of the user it is for. */
    public Issued issue(String uid, Realm realm, Set<String> scopes, String clientId, Instant subjectCreated) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(uid)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("realm", realm.path())
                .claim("scope", String.join(" ", scopes));
        if (clientId != null) {
            claims.claim("cid", clientId);
        }
        if (subjectCreated != null) {
            claims.claim("sub_created", subjectCreated.toEpochMilli());
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID())
                        .build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new Issued(jwt.serialize(), expires);
    }

    /** Verifies a token of ours: signature, issuer, expiry. Empty for anything else. */
    public Optional<Claims> verify(SignedJWT jwt) {
        return verify(jwt, false);
    }

    /**
     * As {@link #verify(SignedJWT)}, but a token past its expiry passes too when {@code evenExpired}:
     * for a caller that proves it is who began a longer operation (a registry upload session) with
     * a token that was valid then. The claims say when it expired.
     */
    public Optional<Claims> verify(SignedJWT jwt, boolean evenExpired) {
        try {
            if (!jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(claims.getIssuer())
                    || claims.getExpirationTime() == null
                    || (!evenExpired && claims.getExpirationTime().toInstant().isBefore(clock.instant()))
                    || claims.getSubject() == null
                    || claims.getIssueTime() == null) {
                return Optional.empty();
            }
            Optional<Realm> realm = Realm.parse(claims.getStringClaim("realm"));
            if (realm.isEmpty()) {
                return Optional.empty();
            }
            String scope = claims.getStringClaim("scope");
            Set<String> scopes = new LinkedHashSet<>();
            if (scope != null && !scope.isBlank()) {
                scopes.addAll(Arrays.asList(scope.trim().split("\\s+")));
            }
            Long subjectCreated = claims.getLongClaim("sub_created");
            return Optional.of(new Claims(
                    claims.getSubject(),
                    realm.get(),
                    scopes,
                    claims.getIssueTime().toInstant(),
                    claims.getExpirationTime().toInstant(),
                    claims.getStringClaim("cid"),
                    subjectCreated == null ? null : Instant.ofEpochMilli(subjectCreated)));
        } catch (JOSEException | ParseException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
