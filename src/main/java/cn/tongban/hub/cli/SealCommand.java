package cn.tongban.hub.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.SealRequest;
import cn.tongban.hub.protocol.SealedMessage;
import cn.tongban.hub.protocol.TepHeader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code seal}: one TEP/1 message on stdout. */
@Command(name = "seal", mixinStandardHelpOptions = true,
        description = {"Seal a body file as a TEP/1 message and print it.",
                "With --recipient-cert the body is encrypted (SM4-GCM) unless --enc none."})
final class SealCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "NODE") String from;
    @Option(names = "--from-org", paramLabel = "CREDIT_CODE") String fromOrg;
    @Option(names = "--to", required = true, paramLabel = "NODE") String to;
    @Option(names = "--to-org", paramLabel = "CREDIT_CODE") String toOrg;
    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "e.g. case.submit") String type;
    @Option(names = "--key", required = true, paramLabel = "KEY.pem", description = "the sender's SM2 signing key (PKCS#8)") Path key;
    @Option(names = "--cert", required = true, paramLabel = "CERT.pem",
            description = "the signing certificate (a chain file's further certificates count as --chain)") Path cert;
    @Option(names = "--chain", paramLabel = "CA.pem", description = "an intermediate to carry in x5c (never the root)")
    List<Path> chain = new ArrayList<>();
    @Option(names = "--recipient-cert", paramLabel = "CERT.pem", description = "the recipient's SM2 encryption certificate") Path recipientCert;
    @Option(names = "--enc", paramLabel = "SM4-GCM|none", description = "default: SM4-GCM with --recipient-cert, else none") String enc;
    @Option(names = "--conv", paramLabel = "ID") String conv;
    @Option(names = "--ref", paramLabel = "ID") String ref;
    @Option(names = "--svc", paramLabel = "CODE") String svc;
    @Option(names = "--id", paramLabel = "UUID", description = "default: a fresh UUID") String id;
    @Option(names = "--cty", paramLabel = "MEDIA_TYPE", defaultValue = "application/json") String cty;
    @Option(names = "--iat", paramLabel = "RFC3339") String iat;
    @Option(names = "--exp", paramLabel = "RFC3339") String exp;

    @Parameters(paramLabel = "BODY_FILE")
    Path body;

    @Override
    public Integer call() {
        boolean encrypt = enc == null ? recipientCert != null : TepHeader.ENC_SM4_GCM.equals(enc);
        if (enc != null && !enc.equals(TepHeader.ENC_SM4_GCM) && !enc.equals(TepHeader.ENC_NONE)) {
            throw new Inputs.UnusableInput("--enc is SM4-GCM or none", null);
        }
        if (encrypt && recipientCert == null) {
            throw new Inputs.UnusableInput("--enc SM4-GCM needs --recipient-cert", null);
        }
        List<X509Certificate> certs = new ArrayList<>(Inputs.certificates(cert));
        for (Path p : chain) {
            certs.addAll(Inputs.certificates(p));
        }
        MessageSealer sealer = new MessageSealer(Inputs.sm2Key(key), certs, Clock.systemUTC());
        SealRequest.Builder b = SealRequest.builder(from, to, type)
                .from(new cn.tongban.hub.protocol.NodeAddress(from, fromOrg))
                .to(new cn.tongban.hub.protocol.NodeAddress(to, toOrg))
                .conv(conv).ref(ref).svc(svc).id(id).cty(cty)
                .iat(Inputs.time(iat)).exp(Inputs.time(exp))
                .body(Inputs.read(body));
        if (encrypt) {
            b.encryptTo(Inputs.certificates(recipientCert).get(0));
        }
        SealedMessage m = sealer.seal(b.build());
        spec.commandLine().getOut().println(m.text());
        return 0;
    }
}
