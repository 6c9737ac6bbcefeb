package cn.tongban.hub.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import cn.tongban.hub.directory.Directory;
import cn.tongban.hub.directory.DirectoryRefused;
import cn.tongban.hub.directory.DirectoryVerifier;
import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.OpenedMessage;
import cn.tongban.hub.protocol.ReceiverKeys;
import cn.tongban.hub.protocol.Refusal;
import cn.tongban.hub.trust.TrustStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code check}: the receiving checks of TEP-1 §4 (2-8, 10, 11) on one message file, as node {@code --as}. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a TEP/1 message as a receiver would (TEP-1 §4 steps 2-8, 10, 11).",
                "Prints ACCEPT, the header JSON and the plaintext (exit 0), or the refusal code (exit 1)."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--as", required = true, paramLabel = "NODE", description = "the receiving node code")
    String as;

    @Option(names = "--now", paramLabel = "RFC3339", description = "the instant to check at (default: now)")
    String now;

    @Option(names = "--trust", required = true, paramLabel = "ROOT.pem",
            description = "federation root(s); non-root CA certificates are used as known intermediates")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--crl", paramLabel = "FILE", description = "a CRL (PEM or DER) issued by a federation CA")
    List<Path> crls = new ArrayList<>();

    @Option(names = "--directory", paramLabel = "DIR.tep.json", description = "the signed directory in force")
    Path directory;

    @Option(names = "--key", paramLabel = "KEY.pem", description = "the receiver's SM2 encryption key (PKCS#8)")
    Path key;

    @Option(names = "--cert", paramLabel = "CERT.pem", description = "the receiver's SM2 encryption certificate")
    Path cert;

    @Parameters(paramLabel = "MESSAGE.tep.json")
    Path message;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((key == null) != (cert == null)) {
            throw new Inputs.UnusableInput("--key and --cert go together", null);
        }
        Instant at = Inputs.instant(now);
        TrustStore ts = Inputs.trust(trust, crls);
        Directory dir = null;
        if (directory != null) {
            try {
                dir = DirectoryVerifier.verify(Inputs.read(directory), ts, at, null);
            } catch (DirectoryRefused e) {
                throw new Inputs.UnusableInput("the directory does not verify: " + e.getMessage(), e);
            }
        }
        ReceiverKeys keys = key == null ? null
                : ReceiverKeys.of(Inputs.certificates(cert).get(0), Inputs.sm2Key(key));
        byte[] raw = Inputs.read(message);
        MessageOpener opener = new MessageOpener(ts, Clock.fixed(at, ZoneOffset.UTC), as, keys, dir);
        try {
            OpenedMessage m = opener.open(raw);
            out.println("ACCEPT");
            out.println(m.header().json());
            out.println(new String(m.plaintext(), java.nio.charset.StandardCharsets.UTF_8));
            return 0;
        } catch (Refusal r) {
            out.println(r.code().name());
            err.println(r.getMessage());
            return HubCommand.REFUSED;
        }
    }
}
