package cn.tongban.hub.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.directory.DirectoryRefused;
import cn.tongban.hub.directory.DirectoryVerifier;
import cn.tongban.hub.trust.TrustStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code directory check}: TRUSTED (0), UNTRUSTED or ROLLBACK (1). */
@Command(name = "directory", mixinStandardHelpOptions = true, description = "Federation directory tools.",
        subcommands = DirectoryCommand.Check.class)
final class DirectoryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a directory command: check");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Verify a signed directory (TEP-1 §6).",
                    "Prints TRUSTED (exit 0), UNTRUSTED or ROLLBACK (exit 1)."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--now", paramLabel = "RFC3339", description = "the instant to check at (default: now)") String now;
        @Option(names = "--trust", required = true, paramLabel = "ROOT.pem") List<Path> trust = new ArrayList<>();
        @Option(names = "--crl", paramLabel = "FILE") List<Path> crls = new ArrayList<>();
        @Option(names = "--after", paramLabel = "PREVIOUS.tep.json",
                description = "the directory held so far: a lower version is a ROLLBACK") Path after;
        @Parameters(paramLabel = "DIR.tep.json") Path file;

        @Override
        public Integer call() {
            Instant at = Inputs.instant(now);
            TrustStore ts = Inputs.trust(trust, crls);
            Directory previous = null;
            if (after != null) {
                try {
                    previous = DirectoryVerifier.verify(Inputs.read(after), ts, at, null);
                } catch (DirectoryRefused e) {
                    throw new Inputs.UnusableInput("the --after directory does not verify: " + e.getMessage(), e);
                }
            }
            try {
                Directory d = DirectoryVerifier.verify(Inputs.read(file), ts, at, previous);
                spec.commandLine().getOut().println("TRUSTED");
                spec.commandLine().getErr().println("version " + d.version() + ", " + d.nodes().size() + " nodes");
                return 0;
            } catch (DirectoryRefused e) {
                spec.commandLine().getOut().println(e.verdict().name());
                spec.commandLine().getErr().println(e.getMessage());
                return HubCommand.REFUSED;
            }
        }
    }
}
