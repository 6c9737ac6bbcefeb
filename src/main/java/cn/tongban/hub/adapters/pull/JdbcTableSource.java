package cn.tongban.hub.adapters.pull;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * A legacy database table (or a query's result), read in pages ordered by the key column: keyset pagination
 * ({@code WHERE key > last ORDER BY key}), so each page is one short, indexed read, and a new reading starts
 * after the checkpoint. Rows whose key is NULL cannot be ordered or de-duplicated and are not read. Rows are limited with {@link java.sql.Statement#setMaxRows} rather than
 * {@code FETCH FIRST}/{@code LIMIT}, which legacy databases spell differently.
 */
public class JdbcTableSource implements RecordSource {
    /** A TIMESTAMP without zone is read as China Standard Time, the legacy systems' local time; zoned ones are shown in it. */
    static final ZoneOffset LOCAL_OFFSET = ZoneOffset.ofHours(8);

    private final DataSource dataSource;
    private final String from;
    private final String keyColumn;
    private final int pageSize;
    private final List<String> columns;

    /** Exactly one of {@code table} and {@code query}. */
    public JdbcTableSource(DataSource dataSource, String table, String query, String keyColumn, int pageSize) {
        if (table != null && !Identifiers.isSqlName(table) || !Identifiers.isSqlName(keyColumn)) {
            throw new IllegalArgumentException("table and key column must be plain SQL names");
        }
        this.dataSource = dataSource;
        this.from = table != null ? table : "(" + query + ") src";
        this.keyColumn = keyColumn.toLowerCase(Locale.ROOT);
        this.pageSize = pageSize;
        List<String> cols = new ArrayList<>(CaseRowMapper.COLUMNS);
        if (!cols.contains(this.keyColumn)) {
            cols.add(this.keyColumn);
        }
        this.columns = List.copyOf(cols);
    }

    @Override
    public Cursor open(String checkpoint) {
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setReadOnly(true);
                c.setAutoCommit(true);
                return new TableCursor(c, checkpoint, numericKey(c));
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new SourceFailure("the legacy database cannot be read: " + e.getMessage(), e);
        }
    }

    /** Whether the key compares as a number: the checkpoint (text) must then be bound as one. */
    private boolean numericKey(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + keyColumn + " FROM " + from + " WHERE 1 = 0");
             ResultSet rs = ps.executeQuery()) {
            return switch (rs.getMetaData().getColumnType(1)) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL -> true;
                default -> false;
            };
        }
    }

    private final class TableCursor implements Cursor {
        private final Connection connection;
        private final boolean numericKey;
        private final Deque<SourceRecord> page = new ArrayDeque<>();
        private String lastKey;
        private boolean exhausted;
        private long position;

        TableCursor(Connection connection, String checkpoint, boolean numericKey) {
            this.connection = connection;
            this.lastKey = checkpoint;
            this.numericKey = numericKey;
        }

        @Override
        public SourceRecord next() {
            if (page.isEmpty() && !exhausted) {
                readPage();
            }
            return page.poll();
        }

        private void readPage() {
            String sql = "SELECT " + String.join(", ", columns) + " FROM " + from
                    + " WHERE " + keyColumn + (lastKey == null ? " IS NOT NULL" : " > ?") + " ORDER BY " + keyColumn;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setMaxRows(pageSize);
                ps.setFetchSize(pageSize);
                if (lastKey != null) {
                    ps.setObject(1, numericKey ? new BigDecimal(lastKey) : lastKey);
                }
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        n++;
                        Map<String, String> values = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            values.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), text(rs, i, md));
                        }
                        String key = values.get(keyColumn);
                        position++;
                        lastKey = key;
                        page.add(new SourceRecord(position, key, values, null));
                    }
                }
                exhausted = n < pageSize;
            } catch (SQLException e) {
                throw new SourceFailure("reading the legacy table broke off: " + e.getMessage(), e);
            }
        }

        private String text(ResultSet rs, int i, ResultSetMetaData md) throws SQLException {
            int type = md.getColumnType(i);
            if (type == Types.TIMESTAMP_WITH_TIMEZONE || type == Types.TIMESTAMP && zoned(md.getColumnTypeName(i))) {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.withOffsetSameInstant(LOCAL_OFFSET).toString(); // PostgreSQL answers in UTC
            }
            if (type == Types.TIMESTAMP) {
                LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                return t == null ? null : t.atOffset(LOCAL_OFFSET).toString();
            }
            return rs.getString(i);
        }

        /** PostgreSQL's driver reports timestamptz as Types.TIMESTAMP; only the type name tells. */
        private static boolean zoned(String typeName) {
            String t = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
            return t.contains("tz") || t.contains("time zone");
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // the reading is over either way
            }
        }
    }
}
