package servesim.aiconfigurator;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import servesim.models.InputException;

/**
 * Reads AIConfigurator's Parquet tables through DuckDB's embedded engine (in memory, nothing written). Rows come
 * back in file order, which matters: where a table holds a key twice, AIConfigurator keeps the first.
 */
final class ParquetSource implements AutoCloseable {
    /** Rows of one query: column names and values (Long, Double or String). */
    record Table(List<String> columns, List<Object[]> rows) {
        int col(String name) {
            int i = columns.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + name + " in " + columns);
            }
            return i;
        }
    }

    private final Connection conn;

    ParquetSource() {
        try {
            // the driver itself, not DriverManager: this class sits in the plugin's own class loader
            conn = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
            try (Statement s = conn.createStatement()) {
                s.execute("SET preserve_insertion_order = true");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB does not start: " + e.getMessage(), e);
        }
    }

    /** {@code SELECT columns FROM file [WHERE where]} in file order. */
    Table select(Path file, List<String> columns, String where) {
        return select(file, columns, where, "read_parquet");
    }

    private Table select(Path file, List<String> columns, String where, String reader) {
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + reader + "('"
                + file.toAbsolutePath().toString().replace("'", "''") + "')" + (where == null ? "" : " WHERE " + where);
        try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData md = r.getMetaData();
            int n = md.getColumnCount();
            List<Object[]> rows = new ArrayList<>();
            while (r.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    Object v = r.getObject(i + 1);
                    row[i] = v instanceof Number num && !(v instanceof Double) && !(v instanceof Float)
                            ? (Object) num.longValue() : v instanceof Float f ? (Object) f.doubleValue() : v;
                }
                rows.add(row);
            }
            return new Table(List.copyOf(columns), rows);
        } catch (SQLException e) {
            throw new InputException(file, null, "not a readable AIConfigurator table (" + e.getMessage().split("\n")[0]
                    + ").", "check the file is one of AIConfigurator's Parquet tables (columns " + columns + ").");
        }
    }

    /** The column names of a table. */
    List<String> columns(Path file) {
        Table t = select(file, List.of("name"), null, "parquet_schema");
        List<String> out = new ArrayList<>();
        t.rows().forEach(r -> out.add(String.valueOf(r[0])));
        return out;
    }

    /** Distinct values of one text column. */
    List<String> distinct(Path file, String column) {
        Table t = select(file, List.of("DISTINCT " + column), null);
        List<String> out = new ArrayList<>();
        t.rows().forEach(r -> out.add(String.valueOf(r[0])));
        return out;
    }

    /** The first row per key (AIConfigurator's de-duplication: the first source wins). */
    static List<Object[]> firstPerKey(Table t, List<String> keyColumns) {
        int[] idx = keyColumns.stream().mapToInt(t::col).toArray();
        Map<List<Object>, Object[]> out = new java.util.LinkedHashMap<>();
        for (Object[] r : t.rows()) {
            List<Object> key = new ArrayList<>(idx.length);
            for (int i : idx) {
                key.add(r[i]);
            }
            out.putIfAbsent(key, r);
        }
        return new ArrayList<>(out.values());
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            // closing an in-memory database has nothing to lose
        }
    }
}
