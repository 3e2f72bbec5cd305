package io.keyport.model.kio;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * An application version (Kio API 0.2) with Keyport's approval state: {@code approval_status} is
 * {@code pending} or {@code approved}; while pending, {@code missing_approval_types} and
 * {@code missing_approvers} say what the application's policy still wants.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Version(
        String id,
        String applicationId,
        String artifact,
        String notes,
        Instant created,
        String createdBy,
        Instant lastModified,
        String lastModifiedBy,
        String approvalStatus,
        List<String> missingApprovalTypes,
        int missingApprovers,
        Instant approvedAt) {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
}
