package io.keyport.model.kio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code PUT /apps/{id}/versions/{v}}: {@code artifact} is required, {@code notes}
 * (markdown) optional. Read-only fields of {@link Version} are accepted and ignored.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoreVersion(
        String artifact,
        String notes,
        // read-only, ignored
        JsonNode id,
        JsonNode applicationId,
        JsonNode created,
        JsonNode createdBy,
        JsonNode lastModified,
        JsonNode lastModifiedBy,
        JsonNode approvalStatus,
        JsonNode missingApprovalTypes,
        JsonNode missingApprovers,
        JsonNode approvedAt) {}
