package io.keyport.model.kio;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The body of {@code PUT /apps/{id}/approval-policy}: every field is optional, and a missing or
 * null field keeps the current value. {@code effective_required_approvers} is read-only: accepted
 * (so that a client may send a fetched {@link ApprovalPolicy} back) and ignored.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApprovalPolicyRequest(
        List<String> approvalTypes, Integer requiredApprovers, Boolean fourEyes, Integer effectiveRequiredApprovers) {}
