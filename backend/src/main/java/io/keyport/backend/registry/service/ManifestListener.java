package io.keyport.backend.registry.service;

import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Told by {@link ManifestService} about each manifest it stores for the first time in a
 * repository, inside the transaction that stores it, so what the listener writes commits exactly
 * with the manifest (the Pier One API's image ids and layer scans, {@link ScmSourceScan}).
 */
@FunctionalInterface
public interface ManifestListener {

    /** Nobody listens. */
    ManifestListener NONE = (c, repository, digest, parsed) -> {};

    void stored(Connection c, RepositoryName repository, Digest digest, ManifestParser.Parsed parsed)
            throws SQLException;
}
