package io.keyport.model.kio;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The body of {@code POST /apps/{id}/versions/{v}/approvals}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoreApproval(String approvalType, String notes) {}
