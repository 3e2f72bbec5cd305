package io.keyport.backend.registry.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Told by {@link ManifestService} about each manifest it stores for the first time in a
 * repository, inside the transaction that stores it, so what the listener writes commits exactly
 * with the manifest (the Pier One API's image ids and layer scans, {@link ScmSourceScan}; the App
 * Store's catalogue of Helm charts pushed as OCI artifacts). {@code pushedBy} is who pushed it.
 */
@FunctionalInterface
public interface ManifestListener {

    /** Nobody listens. */
    ManifestListener NONE = (c, pushedBy, repository, digest, parsed) -> {};

    void stored(Connection c, Actor pushedBy, RepositoryName repository, Digest digest, ManifestParser.Parsed parsed)
            throws SQLException;

    /** Tells {@code listeners} in their order. */
    static ManifestListener all(java.util.List<ManifestListener> listeners) {
        java.util.List<ManifestListener> copy = java.util.List.copyOf(listeners);
        return (c, pushedBy, repository, digest, parsed) -> {
            for (ManifestListener listener : copy) {
                listener.stored(c, pushedBy, repository, digest, parsed);
            }
        };
    }
}
