package io.keyport.desktop.images;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One tag as the Pier One API lists it ({@code GET /teams/{team}/artifacts/{artifact}/tags}):
 * name, creation time (UTC, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}), pusher and image. {@code digest}
 * (the manifest's) and {@code size} (bytes of config and layers) are read when the server sends
 * them and are null otherwise; the view fills them from the manifest.
 */
public record TagSummary(
        String name,
        String created,
        @JsonProperty("created_by") String createdBy,
        String image,
        String digest,
        Long size) {}
