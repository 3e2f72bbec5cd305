package io.keyport.backend.identity.service;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates access tokens of an external OpenID Connect provider against its JWKS (fetched and
 * cached by nimbus, refetched on unknown key ids) and maps their claims to a Keyport identity:
 * the uid claim (default {@code sub}), the teams claim (default {@code groups}; a list or a
 * space-separated string), an optional realm claim, and the {@code scope}/{@code scp} claim.
 */
public final class OidcVerifier {

    /** What an external token says about its holder. */
    public record External(
            String uid, Realm realm, Set<String> teams, Set<String> scopes, boolean scopesGiven, Instant expiresAt) {}

    private final String issuer;
    private final String uidClaim;
    private final String teamsClaim;
    private final String realmClaim;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public OidcVerifier(
            String issuer, String jwksUrl, String audience, String uidClaim, String teamsClaim, String realmClaim) {
        this.issuer = issuer;
        this.uidClaim = uidClaim;
        this.teamsClaim = teamsClaim;
        this.realmClaim = realmClaim;
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL())
                    .retrying(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("KEYPORT_OIDC_JWKS_URL is not a URL: " + jwksUrl, e);
        }
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(
                        JWSAlgorithm.RS256,
                        JWSAlgorithm.RS384,
                        JWSAlgorithm.RS512,
                        JWSAlgorithm.PS256,
                        JWSAlgorithm.ES256,
                        JWSAlgorithm.ES384),
                keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", uidClaim)));
    }

    public String issuer() {
        return issuer;
    }

    /** Verifies signature, issuer, audience and expiry; empty when any fails or the claims do not map. */
    public Optional<External> verify(SignedJWT jwt) {
        try {
            JWTClaimsSet claims = processor.process(jwt, null);
            Object uid = claims.getClaim(uidClaim);
            if (!(uid instanceof String uidText) || uidText.isBlank() || uidText.contains(":")) {
                return Optional.empty();
            }
            Realm realm = Realm.EMPLOYEES;
            if (realmClaim != null) {
                Optional<Realm> parsed = Realm.parse(claims.getStringClaim(realmClaim));
                if (parsed.isEmpty()) {
                    return Optional.empty();
                }
                realm = parsed.get();
            }
            Set<String> teams = strings(claims.getClaim(teamsClaim));
            Object scopeClaim = claims.getClaim("scope") != null ? claims.getClaim("scope") : claims.getClaim("scp");
            return Optional.of(new External(
                    uidText,
                    realm,
                    teams,
                    strings(scopeClaim),
                    scopeClaim != null,
                    claims.getExpirationTime().toInstant()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Set<String> strings(Object claim) {
        Set<String> out = new LinkedHashSet<>();
        if (claim instanceof String s) {
            out.addAll(Arrays.stream(s.trim().split("\\s+"))
                    .filter(x -> !x.isEmpty())
                    .toList());
        } else if (claim instanceof Collection<?> list) {
            for (Object o : list) {
                if (o != null) {
                    out.add(o.toString());
                }
            }
        } else if (claim instanceof List<?> list) {
            list.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
