package io.keyport.backend.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keyport.backend.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Tokens an attacker might try: minted with the server's own key (read from its data folder) or
 * another one, with a changed signature or payload, or unsigned. For the bad-credential rows.
 */
public final class ForgedTokens {

    private ForgedTokens() {}

    /** The test server's token-signing key. */
    public static ECKey serverKey(TestServer server) {
        try {
            return ECKey.parse(Files.readString(server.dataDir().resolve("keys").resolve("token-signing-key.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh key with the server key's key id. */
    public static ECKey otherKey(TestServer server) {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(serverKey(server).getKeyID())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for admin with the given issuer, realm and expiry, signed with {@code key}. */
    public static String mint(ECKey key, String issuer, String realm, Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("admin")
                // issued now (after admin was created) unless that would be after its expiry
                .issueTime(Date.from(expires.isAfter(Instant.now()) ? Instant.now() : expires.minusSeconds(1)))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("realm", realm)
                .claim("scope", "uid application.write")
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A valid token with one character of its signature changed. */
    public static String forgeSignature(String token) {
        int i = token.lastIndexOf('.') + 5;
        char c = token.charAt(i);
        return token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
    }

    /** A valid token of alice whose payload now names admin, with the original signature. */
    public static String forgePayload(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"alice\"", "\"sub\":\"admin\"");
        assertThat(payload).contains("\"sub\":\"admin\"");
        return parts[0] + "." + b64url(payload) + "." + parts[2];
    }

    /** An unsigned ({@code alg: none}) token claiming to be admin. */
    public static String unsigned() {
        String header = b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload =
                b64url("{\"iss\":\"keyport\",\"sub\":\"admin\",\"realm\":\"/employees\",\"scope\":\"uid\",\"exp\":"
                        + Instant.now().plusSeconds(600).getEpochSecond() + "}");
        return header + "." + payload + ".";
    }

    public static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
