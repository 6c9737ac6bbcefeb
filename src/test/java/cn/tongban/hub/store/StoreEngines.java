package cn.tongban.hub.store;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The two engines the one set of migrations must serve: H2 (embedded default) and PostgreSQL (production,
 * the server on 127.0.0.1:5432 that {@code .ci/postgres-setup.sh} prepares). Each store gets a fresh schema,
 * migrated by Flyway exactly as the hub migrates it.
 */
public enum StoreEngines {
    H2, POSTGRESQL;

    /** A freshly migrated store; {@link #drop} removes it. */
    public JdbcTemplate fresh() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DriverManagerDataSource ds = switch (this) {
            case H2 -> new DriverManagerDataSource("jdbc:h2:mem:" + schema + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
            case POSTGRESQL -> new DriverManagerDataSource(
                    System.getProperty("tongban.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/tongban_test")
                            + "?currentSchema=" + schema, "tongban", "tongban");
        };
        var flyway = Flyway.configure().dataSource(ds);
        if (this == POSTGRESQL) { // one shared database: a schema per store; H2's in-memory database is already new
            flyway.schemas(schema).createSchemas(true);
        }
        flyway.load().migrate();
        return new JdbcTemplate(ds);
    }

    /** Drops a schema of the shared PostgreSQL test database that a hub under test migrated itself. */
    public static void dropPostgresSchema(String schema) {
        new JdbcTemplate(new DriverManagerDataSource(System.getProperty("tongban.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/tongban_test"),
                "tongban", "tongban")).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    public void drop(JdbcTemplate jdbc) {
        if (this == POSTGRESQL) {
            String schema = jdbc.queryForObject("SELECT current_schema()", String.class);
            jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
        } else {
            jdbc.execute("SHUTDOWN");
        }
    }
}
