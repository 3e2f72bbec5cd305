package io.keyport.backend.appstore.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.appstore.store.ChartLayout;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The files Helm reads for one operation, in a private temporary folder that {@link Prepared#close}
 * removes: the chart archive copied out of blob storage, and the values as a JSON file (JSON is YAML).
 */
public final class ReleaseFiles {

    private final BlobStorage storage;

    public ReleaseFiles(BlobStorage storage) {
        this.storage = storage;
    }

    /** The chart {@code digest} and {@code values} as files. */
    public Prepared prepare(String digest, JsonNode values) {
        try {
            Path dir = Files.createTempDirectory(
                    "keyport-release-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path chart = dir.resolve("chart.tgz");
            Path valuesFile = dir.resolve("values.json");
            try (InputStream in = storage.openReader(ChartLayout.archive(digest))) {
                Files.copy(in, chart, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(valuesFile, Json.mapper().writeValueAsBytes(values));
            return new Prepared(dir, chart, valuesFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the chart for Helm", e);
        }
    }

    /** A chart archive and a values file; closing removes both. */
    public record Prepared(Path dir, Path chart, Path values) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(chart);
                Files.deleteIfExists(values);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }
}
