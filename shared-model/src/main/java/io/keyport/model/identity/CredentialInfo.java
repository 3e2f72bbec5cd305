package io.keyport.model.identity;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** A service credential as listed: never its secret. {@code revoked_at} is null while it is valid. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CredentialInfo(
        String clientId, String applicationId, Instant created, String createdBy, Instant revokedAt) {}
