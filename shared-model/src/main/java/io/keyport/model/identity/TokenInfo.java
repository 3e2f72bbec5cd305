package io.keyport.model.identity;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The planb-style answer of {@code GET /oauth2/tokeninfo}; {@code realm} is {@code /employees} or {@code /services}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenInfo(String uid, String realm, List<String> scope, long expiresIn, String accessToken) {}
