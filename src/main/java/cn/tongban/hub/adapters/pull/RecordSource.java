package cn.tongban.hub.adapters.pull;

/** Where a pull reads its records: a CSV export over HTTP or a database table. */
public interface RecordSource {
    /** The {@code key-column} value that keys CSV rows by the SHA-256 of their fields. */
    String ROW_HASH = "row-hash";

    /**
     * Starts one reading. A source that can position itself (a table, keyset-ordered) starts after
     * {@code checkpoint} (null: from the start); one that cannot (a CSV export) reads everything.
     *
     * @throws SourceFailure when the source cannot be read at all
     */
    Cursor open(String checkpoint);

    /** The records of one reading, in order. */
    interface Cursor extends AutoCloseable {
        /** The next record, or null at the end. @throws SourceFailure when reading breaks off */
        SourceRecord next();

        @Override
        void close();
    }
}
