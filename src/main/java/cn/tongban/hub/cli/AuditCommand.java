package cn.tongban.hub.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import cn.tongban.hub.audit.AuditVerifier;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code audit verify}: the trail intact (0), any finding (1), no store or no trail to read (2). */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit trail tools.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name an audit command: verify");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recompute the audit trail's hash chain and check its signed checkpoints.",
                    "Prints each edited, inserted or deleted entry with its seq (exit 1), or 'intact' (exit 0).",
                    "The store: the hub's embedded H2 under --data-dir (stop the hub first: H2 allows one process),",
                    "or --jdbc-url (default: SPRING_DATASOURCE_URL, the variable the hub reads too); user and password",
                    "from --user / SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        static final class Store {
            @Option(names = "--data-dir", paramLabel = "DIR", description = "the hub's tongban.data-dir (embedded H2 store DIR/store)")
            Path dataDir;
            @Option(names = "--jdbc-url", paramLabel = "URL", description = "e.g. jdbc:postgresql://host:5432/tongban")
            String jdbcUrl;
        }

        @ArgGroup(exclusive = true)
        Store store;
        @Option(names = "--user", paramLabel = "USER", description = "database user") String user;
        @Option(names = "--cert", required = true, paramLabel = "CERT.pem",
                description = "the node's signing certificate (tongban.identity.signing-certificate; the first of a chain file); "
                        + "repeat it for the certificates of earlier keys")
        List<Path> certs = new ArrayList<>();

        @Override
        public Integer call() {
            List<X509Certificate> signers = new ArrayList<>();
            for (Path p : certs) {
                signers.add(Inputs.certificates(p).get(0));
            }
            String url = url();
            String u = user != null ? user : System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", url.startsWith("jdbc:h2:") ? "sa" : null);
            String password = System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", "");
            AuditVerifier.Report r;
            try (Connection c = DriverManager.getConnection(url, u, password)) {
                c.setReadOnly(true);
                c.setAutoCommit(false); // PostgreSQL streams the entries only inside a transaction
                r = AuditVerifier.verify(c, signers);
                c.rollback();
            } catch (SQLException e) {
                throw new Inputs.UnusableInput("cannot read the audit trail at " + url + ": " + e.getMessage(), e);
            }
            var out = spec.commandLine().getOut();
            out.println("audit trail: " + r.entries() + " entries, the last seq " + r.lastSeq() + "; " + r.checkpoints()
                    + " checkpoints" + (r.checkpoints() == 0 ? "" : ", the last at seq " + r.lastCheckpointSeq()));
            r.findings().forEach(out::println);
            if (r.clean()) {
                out.println("intact");
                return 0;
            }
            out.println(r.findings().size() + (r.findings().size() == 1 ? " finding" : " findings"));
            return HubCommand.REFUSED;
        }

        private String url() {
            if (store != null && store.jdbcUrl != null) {
                return store.jdbcUrl;
            }
            if (store != null && store.dataDir != null) {
                Path dir = store.dataDir.toAbsolutePath().normalize();
                if (!Files.isRegularFile(dir.resolve("store.mv.db"))) {
                    throw new Inputs.UnusableInput("no hub store in " + dir + " (store.mv.db)", null);
                }
                // read-only, and never create an empty database where a store was expected
                return "jdbc:h2:file:" + dir.resolve("store") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
            }
            String env = System.getenv("SPRING_DATASOURCE_URL");
            if (env == null || env.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "name the store: --data-dir DIR or --jdbc-url URL");
            }
            return env;
        }
    }
}
