package io.keyport.backend.kio.service;

import io.keyport.backend.db.Sql;
import io.keyport.backend.registry.service.ImageUsage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the applications domain tells the registry about its versions' artifacts: which versions
 * point at an image ({@code docker://stups/kio:1.0}, {@code docker://registry.example.org/team/app:1.0},
 * {@code docker://team/app@sha256:...}). A first path component that looks like a registry host
 * (has a dot or a colon, or is {@code localhost}, as Docker reads image names) is not part of the
 * repository name.
 */
public final class VersionArtifacts implements ImageUsage {

    private static final String SCHEME = "docker://";

    @Override
    public List<String> versionsUsing(Connection c, List<String> references) throws SQLException {
        Set<String> found = new LinkedHashSet<>();
        for (String reference : references) {
            List<String[]> rows = Sql.list(
                    c,
                    "SELECT application_id, id, artifact FROM versions WHERE artifact LIKE ? ESCAPE '!'"
                            + " ORDER BY application_id, id",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                    SCHEME + "%" + escape(reference));
            for (String[] row : rows) {
                if (reference.equals(imageReference(row[2]))) {
                    found.add(row[0] + "/" + row[1]);
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The image reference of a {@code docker://} artifact without its registry host; null for others. */
    static String imageReference(String artifact) {
        if (!artifact.startsWith(SCHEME)) {
            return null;
        }
        String rest = artifact.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                rest = rest.substring(slash + 1);
            }
        }
        return rest;
    }

    private static String escape(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
