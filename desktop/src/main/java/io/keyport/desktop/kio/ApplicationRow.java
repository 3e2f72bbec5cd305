package io.keyport.desktop.kio;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One application as the Applications table shows it: the columns only, read from {@code GET /apps}
 * while the other fields of each item are skipped. The full record ({@code GET /apps/{id}}) is
 * loaded for the one the user selects. With 100,000 applications the rows are what the console
 * keeps of the list, so they hold no description, URLs or author names, and the team id (a few
 * dozen distinct values) is shared.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApplicationRow(
        String id, String name, String teamId, boolean active, Integer criticalityLevel, Instant lastModified) {

    public ApplicationRow {
        teamId = teamId == null ? null : teamId.intern();
    }

    /** The row of a full record (after a create or an edit). */
    public static ApplicationRow of(io.keyport.model.kio.Application app) {
        return new ApplicationRow(
                app.id(), app.name(), app.teamId(), app.active(), app.criticalityLevel(), app.lastModified());
    }
}
