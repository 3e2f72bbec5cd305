package io.keyport.model.identity;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/** A person of the {@code employees} realm. The password hash never leaves the server. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record User(String uid, boolean admin, List<String> teams, Instant created, Instant lastModified) {}
