package cn.tongban.hub.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The query parameters every search of the local API shares, read with every error listed: {@code from} and
 * {@code to} as RFC 3339 times (from inclusive, to exclusive), {@code page} from 0, {@code size} from 1 to
 * {@value #MAX_SIZE} (default {@value #DEFAULT_SIZE}).
 */
final class SearchParameters {
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;

    final List<String> errors = new ArrayList<>();
    final OffsetDateTime from;
    final OffsetDateTime to;
    final int page;
    final int size;

    SearchParameters(String from, String to, Integer page, Integer size) {
        this.from = time("from", from);
        this.to = time("to", to);
        this.page = page == null ? 0 : page;
        this.size = size == null ? DEFAULT_SIZE : size;
        if (this.page < 0) {
            errors.add("page must be 0 or more");
        }
        if (this.size < 1 || this.size > MAX_SIZE) {
            errors.add("size must be from 1 to " + MAX_SIZE);
        }
        if (this.from != null && this.to != null && !this.from.isBefore(this.to)) {
            errors.add("from must be before to");
        }
    }

    int offset() {
        return page * size;
    }

    /** An empty parameter counts as absent (a search form sends its empty fields). */
    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private OffsetDateTime time(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(name + " must be an RFC 3339 time such as 2026-11-24T09:00:00+08:00");
            return null;
        }
    }
}
