package io.keyport.backend.db;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Turns the current row of a result set into a value. A mapper reads the row only; it never moves
 * the cursor ({@link Sql} does).
 */
@FunctionalInterface
public interface RowMapper<T> {

    T map(ResultSet rs) throws SQLException;

    /** The first column as text. */
    RowMapper<String> FIRST_STRING = rs -> rs.getString(1);

    /** The first column as a number; SQL NULL reads as 0. */
    RowMapper<Long> FIRST_LONG = rs -> rs.getLong(1);
}
