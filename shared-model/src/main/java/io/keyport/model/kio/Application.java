package io.keyport.model.kio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * An application as Kio shows it. Null fields are written as {@code null} (kio-cli echoes the
 * whole document back on update); {@code required_approvers} appears only on the single-item
 * view and the two {@code matched_*} fields only in search results.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Application(
        String id,
        String teamId,
        boolean active,
        String name,
        String subtitle,
        String description,
        String serviceUrl,
        String scmUrl,
        String documentationUrl,
        String specificationUrl,
        String supportUrl,
        String specificationType,
        String incidentContact,
        Integer criticalityLevel,
        boolean publiclyAccessible,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer requiredApprovers,
        Instant created,
        String createdBy,
        Instant lastModified,
        String lastModifiedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double matchedRank,
        @JsonInclude(JsonInclude.Include.NON_NULL) String matchedDescription) {

    /** Kio's derived approver count: one for criticality level 1, otherwise two. */
    public static int requiredApproversFor(Integer criticalityLevel) {
        return criticalityLevel != null && criticalityLevel == 1 ? 1 : 2;
    }

    /** This application as the single-item view shows it, with the computed approver count. */
    public Application withRequiredApprovers() {
        return new Application(
                id,
                teamId,
                active,
                name,
                subtitle,
                description,
                serviceUrl,
                scmUrl,
                documentationUrl,
                specificationUrl,
                supportUrl,
                specificationType,
                incidentContact,
                criticalityLevel,
                publiclyAccessible,
                requiredApproversFor(criticalityLevel),
                created,
                createdBy,
                lastModified,
                lastModifiedBy,
                null,
                null);
    }

    /** This application as a search hit. */
    public Application withMatch(double rank, String description) {
        return new Application(
                id,
                teamId,
                active,
                name,
                subtitle,
                this.description,
                serviceUrl,
                scmUrl,
                documentationUrl,
                specificationUrl,
                supportUrl,
                specificationType,
                incidentContact,
                criticalityLevel,
                publiclyAccessible,
                null,
                created,
                createdBy,
                lastModified,
                lastModifiedBy,
                rank,
                description);
    }
}
