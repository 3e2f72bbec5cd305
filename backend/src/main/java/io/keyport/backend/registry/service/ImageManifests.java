package io.keyport.backend.registry.service;

import io.keyport.backend.registry.store.ManifestStore;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The port the registry offers other domains (TUF's approval-gated targets): the manifest an image
 * reference names in Keyport's registry, read in the caller's transaction. Other domains never read
 * the registry's tables themselves.
 */
public final class ImageManifests {

    /** A stored image manifest: its digest, media type and exact bytes. */
    public record Image(String repository, String digest, String mediaType, byte[] content) {}

    private final ManifestStore store = new ManifestStore();

    /**
     * The manifest of {@code repository} tagged {@code reference}, or with digest {@code reference}
     * ({@code sha256:...}); empty when either is not a valid name or nothing is stored under it.
     */
    public Optional<Image> find(Connection c, String repository, String reference) throws SQLException {
        if (!RepositoryName.isValid(repository)) {
            return Optional.empty();
        }
        RepositoryName name = RepositoryName.parse(repository);
        Optional<ManifestStore.Manifest> found;
        if (Digest.looksLikeDigest(reference)) {
            if (!Digest.isValid(reference)) {
                return Optional.empty();
            }
            found = store.manifest(c, name, Digest.parse(reference));
        } else {
            found = store.manifestByTag(c, name, reference);
        }
        return found.map(m -> new Image(m.repository(), m.digest(), m.mediaType(), m.content()));
    }
}
