package io.keyport.model.archives;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code POST /api/v1/app}, exactly kploy's: the archive's id (the SHA-256 hex of its
 * bytes) and the URL it is downloaded from ({@code ?workspace=} kept when the upload named one).
 */
public record ArchiveUploaded(
        @JsonProperty("app_archive_id") String appArchiveId,
        @JsonProperty("selfLink") String selfLink) {}
