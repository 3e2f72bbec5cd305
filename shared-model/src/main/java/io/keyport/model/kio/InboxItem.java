package io.keyport.model.kio;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * One pending version the caller may approve ({@code GET /approvals/inbox}): what it is, who
 * wrote it, what its application's policy still wants ({@code missing_approval_types},
 * {@code missing_approvers}) and which types the caller has already given.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InboxItem(
        String applicationId,
        String applicationName,
        String teamId,
        String versionId,
        String artifact,
        Instant created,
        String createdBy,
        String lastModifiedBy,
        List<String> missingApprovalTypes,
        int missingApprovers,
        List<String> myApprovalTypes) {}
