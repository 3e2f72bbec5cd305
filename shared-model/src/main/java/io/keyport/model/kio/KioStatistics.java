package io.keyport.model.kio;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The dashboard's figures ({@code GET /approvals/statistics?days=N}), aggregated by the server over
 * the last {@code days} days ending at {@code generated_at}: versions created per UTC day (every
 * day of the window, zeros included), approval lead time (creation to approved) per team, the
 * pending versions of active applications by age, and the caller's own recent versions and
 * approvals.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KioStatistics(
        Instant generatedAt,
        int days,
        List<DayCount> versionsPerDay,
        List<TeamLeadTime> leadTimeByTeam,
        List<AgeBucket> pendingByAge,
        List<Activity> myActivity) {

    /** Versions created on one UTC day. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DayCount(LocalDate day, long count) {}

    /** Versions of one team approved in the window, and how long they took from creation (seconds, to the millisecond). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TeamLeadTime(String teamId, long approved, double averageSeconds, double medianSeconds) {}

    /** Pending versions whose age falls in {@code [from_days, to_days)}; {@code to_days} null is open-ended. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AgeBucket(String label, int fromDays, Integer toDays, long count) {}

    /** Something the caller did: {@code version.create} or {@code version.approve} (with its type). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Activity(Instant time, String action, String applicationId, String versionId, String approvalType) {}
}
