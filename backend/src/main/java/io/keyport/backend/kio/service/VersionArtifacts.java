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
 * {@code docker://team/app@sha256:...}), with or without a registry host in front.
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
                if (names(row[2], reference)) {
                    found.add(row[0] + "/" + row[1]);
                }
            }
        }
        return new ArrayList<>(found);
    }

    /**
     * Whether {@code docker://} artifact names {@code reference}, with or without one leading
     * component before it: a registry host ({@code registry.example.org}, {@code localhost:5000},
     * or a bare name as in Kio's own example {@code docker://registry/payments/kio:1.0}). This may
     * also match a deeper repository of the same tail, which only keeps a takedown from removing
     * an image someone may use; the 409 lists the versions.
     */
    static boolean names(String artifact, String reference) {
        if (!artifact.startsWith(SCHEME)) {
            return false;
        }
        String rest = artifact.substring(SCHEME.length());
        if (rest.equals(reference)) {
            return true;
        }
        if (!rest.endsWith("/" + reference)) {
            return false;
        }
        String host = rest.substring(0, rest.length() - reference.length() - 1);
        return !host.isEmpty() && !host.contains("/");
    }

    private static String escape(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
