package cn.tongban.hub.store;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** The last valid directory (one row), so that a restart has one even while the directory source is down. */
public class DirectoryStore {
    private final JdbcTemplate jdbc;

    public DirectoryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<byte[]> load() {
        return jdbc.query("SELECT raw FROM directory_held WHERE id = 1", (rs, i) -> rs.getBytes(1)).stream().findFirst();
    }

    public void save(long version, byte[] raw, OffsetDateTime at) {
        if (jdbc.update("UPDATE directory_held SET version = ?, raw = ?, loaded_at = ? WHERE id = 1", version, raw, at) == 0) {
            jdbc.update("INSERT INTO directory_held (id, version, raw, loaded_at) VALUES (1, ?, ?, ?)", version, raw, at);
        }
    }
}
