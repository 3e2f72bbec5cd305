package io.keyport.model.kio;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What an application's versions need before they count as approved: one approval of each type
 * in {@code approval_types}, from at least {@code required_approvers} distinct people, and, with
 * {@code four_eyes}, none of them the person who created or last changed the version.
 *
 * <p>The answer of {@code GET} and {@code PUT /apps/{id}/approval-policy} (whose body is an
 * {@link ApprovalPolicyRequest}). {@code required_approvers} null means "Kio's default for the
 * criticality level", shown resolved in {@code effective_required_approvers}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApprovalPolicy(
        List<String> approvalTypes, Integer requiredApprovers, Boolean fourEyes, Integer effectiveRequiredApprovers) {

    /** Approval types required when an application sets none. */
    public static final List<String> DEFAULT_TYPES = List.of("SPECIFICATION", "CODE_CHANGE", "TEST", "DEPLOY");
}
