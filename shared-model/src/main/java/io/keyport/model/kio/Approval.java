package io.keyport.model.kio;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One approval of one version by one person for one approval type. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Approval(
        String applicationId, String versionId, String approvalType, String userId, Instant approvedAt, String notes) {}
