package io.keyport.model.archives;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One archive of a workspace listing ({@code GET /api/v1/app}). The first four fields are kploy's,
 * as Google Cloud Storage wrote them: {@code generation} (microseconds since the epoch) and
 * {@code size} are strings, {@code name} is {@code <workspace><id>.zip}, {@code timeCreated} UTC with
 * milliseconds. Keyport adds the id, the workspace, who uploaded it for which team, and the
 * Kployfile metadata.
 *
 * @param team the team the archive was uploaded for; null for an admin's upload without a team
 */
@JsonPropertyOrder({"generation", "name", "size", "timeCreated", "id", "workspace", "team", "uploadedBy", "metadata"})
public record ArchiveEntry(
        @JsonProperty("generation") String generation,
        @JsonProperty("name") String name,
        @JsonProperty("size") String size,
        @JsonProperty("timeCreated") String timeCreated,
        @JsonProperty("id") String id,
        @JsonProperty("workspace") String workspace,

        @JsonProperty("team") @JsonInclude(JsonInclude.Include.ALWAYS)
        String team,

        @JsonProperty("uploadedBy") String uploadedBy,
        @JsonProperty("metadata") KployMetadata metadata) {}
