package cn.tongban.hub.bench;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;

import cn.tongban.hub.crypto.BouncyCastle;
import cn.tongban.hub.crypto.Sm2;
import cn.tongban.hub.crypto.Sm2PublicKeys;
import cn.tongban.hub.crypto.Sm4Gcm;
import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.ReceiverKeys;
import cn.tongban.hub.protocol.SealRequest;

/**
 * One benchmark run: Bouncy Castle's raw SM2 and SM4-GCM rates, then TEP/1 sealing and opening of 1 KiB and
 * 64 KiB bodies, plain and encrypted, through the hub's own {@link MessageSealer} and {@link MessageOpener},
 * all in the same JVM and run, each after its own warm-up and in its own time box.
 *
 * <p>The crypto floor of a protocol operation is what its cryptography alone costs at that body size, from the
 * raw rates per second of CPU time (see {@link Timed}), so that other work on the machine moves it little:
 * <ul>
 *   <li>seal plain: one SM2 sign of the body;</li>
 *   <li>seal SM4-GCM: 1 / (1/sign + 1/SM2 encrypt of 16 bytes + 1/SM4-GCM encrypt of the body);</li>
 *   <li>open plain: one SM2 verify of the body;</li>
 *   <li>open SM4-GCM: 1 / (1/verify + 1/SM2 decrypt of 16 bytes + 1/SM4-GCM decrypt of the body).</li>
 * </ul>
 * Everything else a protocol operation does (JSON, base64url, hashing the header and the base64 text rather
 * than the raw body, authenticating the header as GCM AAD, time checks, certificate parsing and chain checks)
 * shows as the distance to that floor, which is likewise taken per second of CPU time.
 */
public final class ProtocolBench {
    /** Body sizes measured. */
    public static final List<Integer> SIZES = List.of(1024, 64 * 1024);
    public static final String JCA_SIGNATURE = "SM3withSM2";

    /** How long each measurement runs, after how long a warm-up, on how many threads. */
    public record Settings(Duration window, Duration warmUp, int threads) {
        public Settings {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the measuring window must be positive");
            }
            if (warmUp.isNegative()) {
                throw new IllegalArgumentException("the warm-up cannot be negative");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("at least one thread");
            }
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;
    private final SecureRandom random = new SecureRandom();

    /** @param progress told the name of each measurement as it starts (e.g. to show on stderr) */
    public ProtocolBench(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** One thing to measure: its row name, the body bytes it handles (0: none that MB/s means anything for). */
    private record Task(String name, int bytes, Supplier<Timed.Op> op) {
    }

    public BenchReport run() throws Exception {
        double loadBefore = BenchReport.Environment.loadAverage();
        progress.accept("making an in-memory test federation (SM2 root, intermediate, nodes "
                + BenchFederation.SENDER + " and " + BenchFederation.RECEIVER + ")");
        BenchFederation fed = BenchFederation.create();
        ECPrivateKeyParameters signKey = fed.sender().sm2Key();
        ECPublicKeyParameters verifyKey = Sm2PublicKeys.of(fed.sender().certificate());
        ECPrivateKeyParameters decryptKey = fed.receiver().sm2Key();
        ECPublicKeyParameters encryptKey = Sm2PublicKeys.of(fed.receiver().certificate());
        KeyFactory kf = KeyFactory.getInstance("EC", BouncyCastle.PROVIDER);
        PrivateKey jcaSignKey = kf.generatePrivate(new PKCS8EncodedKeySpec(fed.sender().key().getEncoded()));
        PublicKey jcaVerifyKey = kf.generatePublic(new X509EncodedKeySpec(fed.sender().certificate().getPublicKey().getEncoded()));

        // Raw Bouncy Castle operations, through the hub's crypto package (lightweight API, custom curve)
        List<Task> raw = new ArrayList<>();
        for (int size : SIZES) {
            byte[] data = bytes(size);
            byte[] sig = Sm2.sign(signKey, data);
            raw.add(new Task(signRow(size), size, () -> () -> Sm2.sign(signKey, data).length));
            raw.add(new Task(verifyRow(size), size, () -> () -> check(Sm2.verify(verifyKey, data, sig), "SM2 verify")));
        }
        byte[] kb = bytes(1024);
        // Sm2.sign keeps one initialised SM2Signer per thread and key (init computes d·G); this row is Bouncy
        // Castle's signer used directly the same way, to show Sm2.sign adds nothing to it.
        raw.add(new Task(REUSED_SIGNER_ROW, 1024, () -> {
            SM2Signer s = new SM2Signer();
            s.init(true, new ParametersWithID(new ParametersWithRandom(signKey, random),
                    "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            return () -> {
                s.update(kb, 0, kb.length);
                return s.generateSignature().length;
            };
        }));
        byte[] jcaSig = jcaSign(jcaSignKey, kb);
        if (!Sm2.verify(verifyKey, kb, jcaSig)) {
            throw new IllegalStateException("the JCA " + JCA_SIGNATURE
                    + " signature does not verify with the hub's SM2: not the same algorithm");
        }
        raw.add(new Task("SM2 sign, JCA " + JCA_SIGNATURE + " (BC provider), 1 KiB", 1024, () -> {
            Signature s = signature();
            init(() -> s.initSign(jcaSignKey));
            return () -> {
                s.update(kb);
                return s.sign().length;
            };
        }));
        raw.add(new Task("SM2 verify, JCA " + JCA_SIGNATURE + " (BC provider), 1 KiB", 1024, () -> {
            Signature s = signature();
            init(() -> s.initVerify(jcaVerifyKey));
            return () -> {
                s.update(kb);
                return check(s.verify(jcaSig), "JCA verify");
            };
        }));
        byte[] cek = bytes(Sm4Gcm.KEY_BYTES);
        byte[] ek = Sm2.encrypt(encryptKey, cek);
        raw.add(new Task(SM2_ENCRYPT_ROW, 0, () -> () -> Sm2.encrypt(encryptKey, cek).length));
        raw.add(new Task(SM2_DECRYPT_ROW, 0, () -> () -> Sm2.decrypt(decryptKey, ek).length));
        byte[] iv = bytes(Sm4Gcm.IV_BYTES);
        byte[] noAad = new byte[0];
        for (int size : SIZES) {
            byte[] data = bytes(size);
            byte[] ct = Sm4Gcm.encrypt(cek, iv, noAad, data);
            raw.add(new Task(sm4Row("encrypt", size), size, () -> () -> Sm4Gcm.encrypt(cek, iv, noAad, data).length));
            raw.add(new Task(sm4Row("decrypt", size), size, () -> () -> Sm4Gcm.decrypt(cek, iv, noAad, ct).length));
        }

        // The protocol, through the hub's own sealer and opener (one of each, shared by all threads)
        MessageSealer sealer = new MessageSealer(signKey, fed.sender().chain(), Clock.systemUTC());
        ReceiverKeys keys = ReceiverKeys.of(fed.receiver().certificate(), decryptKey);
        MessageOpener opener = new MessageOpener(fed.trust(), Clock.systemUTC(), BenchFederation.RECEIVER, keys, null);
        List<Task> protocol = new ArrayList<>();
        byte[] coldMessage = null;
        for (int size : SIZES) {
            byte[] body = bytes(size);
            for (boolean encrypted : new boolean[] {false, true}) {
                SealRequest.Builder b = SealRequest.builder(BenchFederation.SENDER, BenchFederation.RECEIVER, "case.submit")
                        .cty("application/octet-stream").body(body);
                if (encrypted) {
                    b.encryptTo(fed.receiver().certificate());
                }
                SealRequest request = b.build();
                byte[] message = sealer.seal(request).bytes();
                if (!Arrays.equals(opener.open(message).plaintext(), body)) {
                    throw new IllegalStateException("a sealed message does not open to its body");
                }
                if (!encrypted && coldMessage == null) {
                    coldMessage = message;
                }
                protocol.add(new Task(protocolRow("seal", encrypted, size), size,
                        () -> () -> sealer.seal(request).bytes().length));
                protocol.add(new Task(protocolRow("open", encrypted, size), size,
                        () -> () -> opener.open(message).plaintext().length));
            }
        }
        byte[] cold = coldMessage;
        protocol.add(new Task(BenchReport.COLD_ROW, SIZES.get(0), () -> () -> new MessageOpener(fed.trust(),
                Clock.systemUTC(), BenchFederation.RECEIVER, keys, null).open(cold).plaintext().length));

        warmUp(raw, protocol);
        Map<String, Double> rates = new LinkedHashMap<>();
        List<BenchReport.Row> rawRows = new ArrayList<>();
        for (Task t : raw) {
            Timed.Rate r = measure(t);
            rates.put(t.name(), r.cost());
            rawRows.add(new BenchReport.Row(t.name(), t.bytes(), r));
        }
        List<BenchReport.ProtocolRow> protocolRows = new ArrayList<>();
        for (Task t : protocol) {
            int size = t.bytes();
            BenchReport.Floors f = new BenchReport.Floors(size, rates.get(signRow(size)), rates.get(verifyRow(size)),
                    rates.get(SM2_ENCRYPT_ROW), rates.get(SM2_DECRYPT_ROW), rates.get(sm4Row("encrypt", size)),
                    rates.get(sm4Row("decrypt", size)));
            boolean seal = t.name().startsWith("seal");
            boolean encrypted = t.name().contains("SM4-GCM");
            double floor = seal ? (encrypted ? f.sealEncrypted() : f.sign()) : (encrypted ? f.openEncrypted() : f.verify());
            String floorName = seal ? (encrypted ? BenchReport.SEAL_ENC_FLOOR : BenchReport.SEAL_FLOOR)
                    : (encrypted ? BenchReport.OPEN_ENC_FLOOR : BenchReport.OPEN_FLOOR);
            protocolRows.add(new BenchReport.ProtocolRow(t.name(), size, measure(t), floor, floorName));
        }
        return new BenchReport(BenchReport.Environment.current(loadBefore), settings, rawRows, protocolRows);
    }

    static final String REUSED_SIGNER_ROW = "SM2 sign, SM2Signer initialised once, 1 KiB";
    static final String SM2_ENCRYPT_ROW = "SM2 encrypt, 16 B (C1C3C2, GM/T 0009 DER)";
    static final String SM2_DECRYPT_ROW = "SM2 decrypt, 16 B (C1C3C2, GM/T 0009 DER)";

    static String signRow(int size) {
        return "SM2 sign, SM2Signer sm2p256v1, " + BenchReport.size(size);
    }

    static String verifyRow(int size) {
        return "SM2 verify, SM2Signer sm2p256v1, " + BenchReport.size(size);
    }

    static String sm4Row(String op, int size) {
        return "SM4-GCM " + op + ", " + BenchReport.size(size);
    }

    static String protocolRow(String op, boolean encrypted, int size) {
        return op + (encrypted ? " SM4-GCM, " : " plain, ") + BenchReport.size(size);
    }

    /**
     * Before any measurement, every operation runs in turn in short slices for {@link #WARM_UP_ROUNDS} times the
     * per-measurement warm-up in all: the EC, SM3 and SM4 code they share is compiled before the first
     * measurement, not during it (on two cores the JIT takes seconds to settle).
     */
    private void warmUp(List<Task> raw, List<Task> protocol) {
        List<Task> all = new ArrayList<>(raw);
        all.addAll(protocol);
        long total = settings.warmUp().toNanos() * WARM_UP_ROUNDS;
        if (total == 0) {
            return;
        }
        progress.accept("warming up every operation for " + BenchReport.seconds(java.time.Duration.ofNanos(total)) + " s");
        Duration slice = Duration.ofNanos(Math.max(1, total / (all.size() * 3L)));
        for (int round = 0; round < 3; round++) {
            for (Task t : all) {
                Timed.measure(t.op(), settings.threads(), Duration.ZERO, slice);
            }
        }
    }

    static final int WARM_UP_ROUNDS = 4;

    private Timed.Rate measure(Task t) {
        progress.accept("measuring " + t.name());
        return Timed.measure(t.op(), settings.threads(), settings.warmUp(), settings.window());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static long check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what + " failed on a good signature");
        }
        return 1;
    }

    private static Signature signature() {
        try {
            return Signature.getInstance(JCA_SIGNATURE, BouncyCastle.PROVIDER);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Init {
        void run() throws java.security.GeneralSecurityException;
    }

    private static void init(Init i) {
        try {
            i.run();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] jcaSign(PrivateKey key, byte[] data) throws java.security.GeneralSecurityException {
        Signature s = signature();
        s.initSign(key);
        s.update(data);
        return s.sign();
    }
}
