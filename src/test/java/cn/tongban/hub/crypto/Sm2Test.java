package cn.tongban.hub.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.junit.jupiter.api.Test;

/** {@link Sm2#sign} keeps an initialised signer per thread and key: it must stay correct for every key and call. */
class Sm2Test {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static ECPrivateKeyParameters newKey() {
        return Sm2.privateKey(new BigInteger(255, RANDOM).add(BigInteger.ONE));
    }

    @Test
    void interleavedKeysOnOneThreadEachSignWithTheirOwnKey() {
        ECPrivateKeyParameters a = newKey();
        ECPrivateKeyParameters b = newKey();
        ECPublicKeyParameters pa = Sm2.publicKeyOf(a);
        ECPublicKeyParameters pb = Sm2.publicKeyOf(b);
        for (int i = 0; i < 20; i++) {
            byte[] data = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] sa = Sm2.sign(a, data);
            byte[] sb = Sm2.sign(b, data);
            assertThat(Sm2.verify(pa, data, sa)).as("a's signature %d under a", i).isTrue();
            assertThat(Sm2.verify(pb, data, sb)).as("b's signature %d under b", i).isTrue();
            assertThat(Sm2.verify(pb, data, sa)).as("a's signature %d under b", i).isFalse();
            // a signature covers only its own data: nothing of the previous call is left in the reused signer
            assertThat(Sm2.verify(pa, ("message " + (i + 1)).getBytes(StandardCharsets.UTF_8), sa)).isFalse();
        }
    }

    @Test
    void theSameDataSignedTwiceGetsTwoSignaturesBothValid() {
        ECPrivateKeyParameters k = newKey();
        byte[] data = "same".getBytes(StandardCharsets.UTF_8);
        byte[] s1 = Sm2.sign(k, data);
        byte[] s2 = Sm2.sign(k, data);
        assertThat(s1).isNotEqualTo(s2); // a fresh random k per signature
        assertThat(Sm2.verify(Sm2.publicKeyOf(k), data, s1)).isTrue();
        assertThat(Sm2.verify(Sm2.publicKeyOf(k), data, s2)).isTrue();
    }

    @Test
    void manyKeysOnOneThreadOutgrowTheCacheAndStillSignCorrectly() {
        List<ECPrivateKeyParameters> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(newKey());
        }
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 2; round++) {
            for (ECPrivateKeyParameters k : keys) {
                assertThat(Sm2.verify(Sm2.publicKeyOf(k), data, Sm2.sign(k, data))).isTrue();
            }
        }
    }

    @Test
    void threadsSigningWithOneKeyAtOnceAllProduceValidSignatures() throws Exception {
        ECPrivateKeyParameters k = newKey();
        ECPublicKeyParameters p = Sm2.publicKeyOf(k);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        byte[] data = ("t" + thread + " m" + i).getBytes(StandardCharsets.UTF_8);
                        if (!Sm2.verify(p, data, Sm2.sign(k, data))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void operationsAreCounted() {
        ECPrivateKeyParameters k = newKey();
        Sm2.Operations before = Sm2.operations();
        byte[] data = "y".getBytes(StandardCharsets.UTF_8);
        Sm2.verify(Sm2.publicKeyOf(k), data, Sm2.sign(k, data));
        Sm2.Operations d = Sm2.operations().since(before);
        // other tests may run in parallel in the same JVM: at least ours are counted
        assertThat(d.signatures()).isGreaterThanOrEqualTo(1);
        assertThat(d.verifications()).isGreaterThanOrEqualTo(1);
    }
}
