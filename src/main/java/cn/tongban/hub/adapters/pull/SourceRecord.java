package cn.tongban.hub.adapters.pull;

import java.util.Map;

/**
 * One record as read: where it was ({@code line}: the CSV line it starts on, 1 being the header; for a table,
 * its position in this run), its natural key (null when it has none), its values by layout column, or the
 * reason it could not even be split into columns ({@code problem}).
 */
public record SourceRecord(long line, String key, Map<String, String> values, String problem) {
    static SourceRecord malformed(long line, String key, String problem) {
        return new SourceRecord(line, key, Map.of(), problem);
    }
}
