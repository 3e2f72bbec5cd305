package io.keyport.model.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** A team; {@code members} (user ids, sorted) appears only on the single-team view. */
public record Team(
        String id,
        String name,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> members,
        Instant created) {}
