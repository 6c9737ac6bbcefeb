package cn.tongban.hub.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import cn.tongban.hub.pki.TestFederation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pki}: a test federation with SM2 keys (see {@link TestFederation} for the files). */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = {"Make (or extend) a test federation: SM2 root and intermediate CA, a certificate and PKCS#8",
                "key per node, a directory signer, a P-256 transport root with a TLS certificate per node,",
                "and a signed directory listing every node. TEST MATERIAL ONLY: see certs/README.md."})
final class PkiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

    @Option(names = "--endpoint", paramLabel = "TEMPLATE", defaultValue = TestFederation.DEFAULT_ENDPOINT,
            description = "endpoint of each node; {node} is its code, {port} 8443 + its place in the sorted list (default: ${DEFAULT-VALUE})")
    String endpoint;

    @Parameters(paramLabel = "NODE", arity = "1..*", description = "6-digit node codes (GB/T 2260)")
    List<String> nodes;

    @Override
    public Integer call() throws IOException {
        try {
            new TestFederation(out, Clock.systemUTC()).create(nodes, endpoint);
        } catch (IllegalArgumentException e) {
            throw new Inputs.UnusableInput(e.getMessage(), e);
        }
        spec.commandLine().getOut().println("federation written to " + out + " for nodes " + String.join(" ", nodes)
                + "; trust " + out.resolve("root.pem") + ", directory " + out.resolve("directory.tep.json"));
        return 0;
    }
}
