package io.keyport.model.archives;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What an archive's {@code Kployfile} says about the application ({@code name}, {@code author},
 * {@code namespace}, {@code source}; null when the Kployfile leaves a field out) and the names of
 * every entry of the zip, in archive order.
 */
public record KployMetadata(
        @JsonInclude(JsonInclude.Include.ALWAYS) String name,
        @JsonInclude(JsonInclude.Include.ALWAYS) String author,
        @JsonInclude(JsonInclude.Include.ALWAYS) String namespace,
        @JsonInclude(JsonInclude.Include.ALWAYS) String source,
        List<String> files) {

    public KployMetadata {
        files = List.copyOf(files);
    }
}
