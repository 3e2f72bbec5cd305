package io.keyport.model.registry;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A tag as the Pier One REST API lists it ({@code GET /teams/{team}/artifacts/{artifact}/tags},
 * reference B.6 "TagSummary"): {@code name}, {@code created}, {@code created_by}, {@code image}
 * (the config digest of an image manifest, the digest of an index) and the Clair fields, always
 * null since Keyport has no Clair. Keyport adds {@code digest} (the manifest's), {@code media_type},
 * {@code size} (bytes of the manifest and of the blobs it references directly) and {@code mutable}
 * (a {@code *-SNAPSHOT} tag, which may move).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PierOneTag(
        String name,
        Instant created,
        String createdBy,
        String image,
        String clairId,
        String clairDetails,
        String severityFixAvailable,
        String severityNoFixAvailable,
        String digest,
        String mediaType,
        long size,
        boolean mutable) {}
