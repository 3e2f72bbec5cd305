package io.keyport.backend.registry.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The port the registry needs from the applications domain (Kio): which application versions point
 * at an image, so that a takedown is refused while one does. Implemented by the applications
 * domain over its own tables; the registry never reads them.
 */
@FunctionalInterface
public interface ImageUsage {

    /**
     * Inside the caller's transaction: the versions ({@code application/version}) whose artifact
     * names one of {@code references} ({@code team/app:tag} or {@code team/app@sha256:...}), as
     * {@code docker://[registry host/]<reference>}.
     */
    List<String> versionsUsing(Connection c, List<String> references) throws SQLException;
}
