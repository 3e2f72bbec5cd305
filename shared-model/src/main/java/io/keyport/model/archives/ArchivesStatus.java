package io.keyport.model.archives;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The registry's status ({@code GET /api/v1}), in place of kploy's storage bucket resource: what
 * kind of storage holds the archives and how many there are. Names no bucket, endpoint or key.
 *
 * @param storage        {@code filesystem} or {@code s3}
 * @param archives       archive entries over all workspaces
 * @param workspaces     the workspaces holding at least one archive, sorted
 * @param contentBytes   bytes of distinct archive contents (an archive in two workspaces is stored once)
 * @param maxArchiveSize the largest archive accepted, in bytes
 */
public record ArchivesStatus(
        @JsonProperty("kind") String kind,
        @JsonProperty("status") String status,
        @JsonProperty("storage") String storage,
        @JsonProperty("archives") long archives,
        @JsonProperty("workspaces") java.util.List<String> workspaces,
        @JsonProperty("contentBytes") long contentBytes,
        @JsonProperty("maxArchiveSize") long maxArchiveSize) {

    public ArchivesStatus {
        workspaces = java.util.List.copyOf(workspaces);
    }
}
