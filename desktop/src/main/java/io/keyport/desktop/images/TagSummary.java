package io.keyport.desktop.images;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One tag as the Pier One API lists it ({@code GET /teams/{team}/artifacts/{artifact}/tags}):
 * name, creation time (UTC, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}), pusher and image; Keyport adds
 * the manifest's {@code digest}, {@code size} (the manifest and what it references directly),
 * {@code media_type} and {@code mutable}. Those are null from a server that does not send them; the
 * view then fills digest and size from the manifest and the kind from the team's patterns.
 */
public record TagSummary(
        String name,
        String created,
        @JsonProperty("created_by") String createdBy,
        String image,
        String digest,
        Long size,
        @JsonProperty("media_type") String mediaType,
        Boolean mutable) {}
