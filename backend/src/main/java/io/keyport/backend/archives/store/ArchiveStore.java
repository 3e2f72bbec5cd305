package io.keyport.backend.archives.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import io.keyport.model.archives.KployMetadata;
import io.keyport.model.common.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Rows of {@code archive_contents} and {@code archives} (migration V9). Every method runs on the
 * caller's connection; {@link #lockContent} needs a transaction.
 */
public final class ArchiveStore {

    /** An archive in a workspace, with the size of its content. */
    public record ArchiveRow(
            String workspace,
            String id,
            long size,
            long generation,
            Instant created,
            String teamId,
            String uploadedBy,
            KployMetadata metadata) {}

    /** The registry's totals. */
    public record Totals(long archives, long contentBytes) {}

    private static final String COLUMNS = "a.workspace, a.id, c.size, a.generation, a.created, a.team_id,"
            + " a.uploaded_by, a.kploy_name, a.kploy_author, a.kploy_namespace, a.kploy_source, a.files";

    private static final String FROM = " FROM archives a JOIN archive_contents c ON c.id = a.id";

    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

    private static final RowMapper<ArchiveRow> ROW = rs -> new ArchiveRow(
            rs.getString(1),
            rs.getString(2),
            rs.getLong(3),
            rs.getLong(4),
            Jdbc.getInstant(rs, 5),
            rs.getString(6),
            rs.getString(7),
            new KployMetadata(
                    rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), files(rs.getString(12))));

    /** Locks the content row of {@code id} until the transaction ends; empty if there is none. */
    public Optional<Long> lockContent(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT size FROM archive_contents WHERE id = ? FOR UPDATE", RowMapper.FIRST_LONG, id);
    }

    public void insertContent(Connection c, String id, long size, Instant now) throws SQLException {
        Sql.update(c, "INSERT INTO archive_contents (id, size, created) VALUES (?, ?, ?)", id, size, now);
    }

    public void deleteContent(Connection c, String id) throws SQLException {
        Sql.update(c, "DELETE FROM archive_contents WHERE id = ?", id);
    }

    /** Whether any workspace still holds content {@code id}. */
    public boolean referenced(Connection c, String id) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM archives WHERE id = ?", id);
    }

    public void insert(Connection c, ArchiveRow row) throws SQLException {
        KployMetadata m = row.metadata();
        Sql.update(
                c,
                "INSERT INTO archives (workspace, id, generation, created, team_id, uploaded_by, kploy_name,"
                        + " kploy_author, kploy_namespace, kploy_source, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.workspace(),
                row.id(),
                row.generation(),
                row.created(),
                row.teamId(),
                row.uploadedBy(),
                m.name(),
                m.author(),
                m.namespace(),
                m.source(),
                json(m.files()));
    }

    public Optional<ArchiveRow> find(Connection c, String workspace, String id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + FROM + " WHERE a.workspace = ? AND a.id = ?", ROW, workspace, id);
    }

    /** The archives of exactly {@code workspace} (not of the workspaces below it), by id. */
    public List<ArchiveRow> list(Connection c, String workspace) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + FROM + " WHERE a.workspace = ? ORDER BY a.id", ROW, workspace);
    }

    /** Every workspace holding at least one archive, sorted. */
    public List<String> workspaces(Connection c) throws SQLException {
        return Sql.list(c, "SELECT DISTINCT workspace FROM archives ORDER BY workspace", RowMapper.FIRST_STRING);
    }

    /** Deletes an archive from a workspace; false if it was not there. */
    public boolean delete(Connection c, String workspace, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM archives WHERE workspace = ? AND id = ?", workspace, id) == 1;
    }

    public Totals totals(Connection c) throws SQLException {
        long archives = Sql.one(c, "SELECT COUNT(*) FROM archives", RowMapper.FIRST_LONG)
                .orElse(0L);
        long bytes = Sql.one(c, "SELECT COALESCE(SUM(size), 0) FROM archive_contents", RowMapper.FIRST_LONG)
                .orElse(0L);
        return new Totals(archives, bytes);
    }

    private static String json(List<String> files) {
        try {
            return Json.mapper().writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list of names", e);
        }
    }

    private static List<String> files(String json) throws SQLException {
        try {
            return Json.mapper().readValue(json, NAMES);
        } catch (JsonProcessingException e) {
            throw new SQLException("archives.files is not a JSON list of names", e);
        }
    }
}
