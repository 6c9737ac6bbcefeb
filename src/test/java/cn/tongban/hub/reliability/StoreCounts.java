package cn.tongban.hub.reliability;

import org.springframework.jdbc.core.JdbcTemplate;

/** Counts the process tests read from a hub's store while the hub runs in its own process. */
final class StoreCounts {
    private StoreCounts() {
    }

    /** The single number {@code sql} selects; -1 while the query cannot run yet (the schema is not migrated). */
    static long count(JdbcTemplate db, String sql) {
        try {
            Long n = db.queryForObject(sql, Long.class);
            return n == null ? 0 : n;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
