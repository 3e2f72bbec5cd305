package io.keyport.model.kio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.keyport.model.common.KioCoercion;

/**
 * The body of {@code PUT /apps/{id}}. Every field may be missing or null, which keeps the stored
 * value (Kio's partial update). The read-only fields of {@link Application} are accepted and
 * ignored, so that a client may echo a fetched document back unchanged; any other key is refused.
 * {@code active}, {@code publicly_accessible} and {@code criticality_level} also accept their value
 * as a JSON string, as kio-cli sends them ({@link KioCoercion}); no other field is coerced.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoreApplication(
        String teamId,

        @JsonDeserialize(using = KioCoercion.TextBoolean.class)
        Boolean active,

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

        @JsonDeserialize(using = KioCoercion.TextInteger.class)
        Integer criticalityLevel,

        @JsonDeserialize(using = KioCoercion.TextBoolean.class)
        Boolean publiclyAccessible,
        // read-only, ignored
        JsonNode id,
        JsonNode requiredApprovers,
        JsonNode created,
        JsonNode createdBy,
        JsonNode lastModified,
        JsonNode lastModifiedBy,
        JsonNode matchedRank,
        JsonNode matchedDescription) {}
