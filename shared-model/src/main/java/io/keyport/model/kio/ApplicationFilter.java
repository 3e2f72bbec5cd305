package io.keyport.model.kio;

import java.time.Instant;

/**
 * The filters of {@code GET /apps}, AND-ed; a null field matches everything. The modification
 * bounds are inclusive.
 */
public record ApplicationFilter(
        String teamId, String incidentContact, Boolean active, Instant modifiedBefore, Instant modifiedAfter) {

    /** Matches every application. */
    public static final ApplicationFilter ALL = new ApplicationFilter(null, null, null, null, null);
}
