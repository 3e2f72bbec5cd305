package io.keyport.model.identity;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A new service credential; the secret is shown once and stored only as a hash. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClientCredentials(String clientId, String clientSecret) {}
