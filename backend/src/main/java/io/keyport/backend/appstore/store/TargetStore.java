package io.keyport.backend.appstore.store;

import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Rows of {@code appstore_targets} and {@code appstore_target_teams}: where releases may be deployed. */
public final class TargetStore {

    /** A deployment target and the teams allowed to use it (sorted). */
    public record TargetRow(
            String id, String cluster, String kubeconfig, String namespace, String description, List<String> teams) {}

    private record Base(String id, String cluster, String kubeconfig, String namespace, String description) {}

    private static final RowMapper<Base> BASE =
            rs -> new Base(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));

    private static final String COLUMNS = "id, cluster, kubeconfig, namespace, description";

    /** Every target, by id. */
    public List<TargetRow> list(Connection c) throws SQLException {
        Map<String, TreeSet<String>> teams = new TreeMap<>();
        for (String[] pair : Sql.list(c, "SELECT target_id, team_id FROM appstore_target_teams", rs ->
                new String[] {rs.getString(1), rs.getString(2)})) {
            teams.computeIfAbsent(pair[0], k -> new TreeSet<>()).add(pair[1]);
        }
        List<TargetRow> rows = new ArrayList<>();
        for (Base b : Sql.list(c, "SELECT " + COLUMNS + " FROM appstore_targets ORDER BY id", BASE)) {
            rows.add(with(b, new ArrayList<>(teams.getOrDefault(b.id(), new TreeSet<>()))));
        }
        return rows;
    }

    /** The target, locked until the transaction ends. */
    public Optional<TargetRow> lock(Connection c, String id) throws SQLException {
        Optional<Base> base =
                Sql.one(c, "SELECT " + COLUMNS + " FROM appstore_targets WHERE id = ? FOR UPDATE", BASE, id);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        List<String> teams = Sql.list(
                c,
                "SELECT team_id FROM appstore_target_teams WHERE target_id = ? ORDER BY team_id",
                rs -> rs.getString(1),
                id);
        return Optional.of(with(base.get(), teams));
    }

    /** Creates or replaces a target and its teams. */
    public void put(Connection c, TargetRow row, boolean exists, Instant now, String by) throws SQLException {
        if (exists) {
            Sql.update(
                    c,
                    "UPDATE appstore_targets SET cluster = ?, kubeconfig = ?, namespace = ?, description = ?,"
                            + " last_modified = ?, last_modified_by = ? WHERE id = ?",
                    row.cluster(),
                    row.kubeconfig(),
                    row.namespace(),
                    row.description(),
                    now,
                    by,
                    row.id());
            Sql.update(c, "DELETE FROM appstore_target_teams WHERE target_id = ?", row.id());
        } else {
            Sql.update(
                    c,
                    "INSERT INTO appstore_targets (" + COLUMNS
                            + ", created, created_by, last_modified, last_modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row.id(),
                    row.cluster(),
                    row.kubeconfig(),
                    row.namespace(),
                    row.description(),
                    now,
                    by,
                    now,
                    by);
        }
        Sql.batch(
                c,
                "INSERT INTO appstore_target_teams (target_id, team_id) VALUES (?, ?)",
                row.teams(),
                team -> List.of(row.id(), team));
    }

    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM appstore_targets WHERE id = ?", id) == 1;
    }

    private static TargetRow with(Base b, List<String> teams) {
        return new TargetRow(b.id(), b.cluster(), b.kubeconfig(), b.namespace(), b.description(), List.copyOf(teams));
    }
}
