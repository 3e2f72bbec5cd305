package io.keyport.backend.identity;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The access tokens the server issues ({@code KEYPORT_TOKEN_*}).
 *
 * @param ttl     how long an issued token is valid; positive
 * @param keyFile the signing key, created on first start if missing; replicas must share it
 *                ({@code <data>/keys/token-signing-key.json} unless set)
 */
public record TokenConfig(Duration ttl, Path keyFile) {

    public TokenConfig {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(
                    "KEYPORT_TOKEN_TTL must be a positive ISO-8601 duration such as PT1H: " + ttl);
        }
    }
}
