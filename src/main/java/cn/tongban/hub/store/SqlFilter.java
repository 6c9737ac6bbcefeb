package cn.tongban.hub.store;

import java.util.ArrayList;
import java.util.List;

/** A WHERE clause built from the filters that are set, with its parameters in order (never spliced into the SQL). */
final class SqlFilter {
    private final StringBuilder where = new StringBuilder();
    final List<Object> params = new ArrayList<>();

    SqlFilter eq(String column, Object value) {
        return value == null ? this : add(column + " = ?", value);
    }

    SqlFilter atLeast(String column, Object value) {
        return value == null ? this : add(column + " >= ?", value);
    }

    SqlFilter before(String column, Object value) {
        return value == null ? this : add(column + " < ?", value);
    }

    SqlFilter add(String condition, Object... values) {
        where.append(where.isEmpty() ? " WHERE " : " AND ").append(condition);
        params.addAll(List.of(values));
        return this;
    }

    String sql() {
        return where.toString();
    }

    Object[] args() {
        return params.toArray();
    }
}
