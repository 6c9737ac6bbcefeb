package cn.tongban.hub.bench;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;

import cn.tongban.hub.protocol.MessageOpener;
import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.OpenedMessage;
import cn.tongban.hub.protocol.ReceiverKeys;
import cn.tongban.hub.protocol.Receipts;
import cn.tongban.hub.protocol.SealRequest;
import cn.tongban.hub.protocol.SealedMessage;

/**
 * The crypto ceiling of the exchange: how many messages per second the protocol work of one exchange allows on
 * its own, through the hub's own code, with nothing else (no TLS, HTTP, store or broker). Per message, as the two
 * hubs do it: the sender seals the body encrypted to the receiver (fresh SM4 content key, SM2-encrypted, SM2
 * signature), the receiver opens it (TEP-1 §4 steps 2-8 and 11: parse, chain, signature, decrypt) and builds its
 * signed receipt, and the sender verifies the receipt against what it sent.
 */
final class CryptoCeiling {
    private CryptoCeiling() {
    }

    static final String ROW = "seal SM4-GCM + open + receipt + verify";

    /** Measured on {@code threads} threads at once, one sealer/opener pair shared by all, as in a hub. */
    static Timed.Rate measure(int bodyBytes, int threads, Duration warmUp, Duration window) throws Exception {
        BenchFederation fed = BenchFederation.create();
        Clock clock = Clock.systemUTC();
        MessageSealer senderSealer = new MessageSealer(fed.sender().sm2Key(), fed.sender().chain(), clock);
        MessageSealer receiverSealer = new MessageSealer(fed.receiver().sm2Key(), fed.receiver().chain(), clock);
        MessageOpener receiverOpener = new MessageOpener(fed.trust(), clock, BenchFederation.RECEIVER,
                ReceiverKeys.of(fed.receiver().certificate(), fed.receiver().sm2Key()), null);
        MessageOpener senderOpener = new MessageOpener(fed.trust(), clock, BenchFederation.SENDER, null, null);
        byte[] body = new byte[bodyBytes];
        new SecureRandom().nextBytes(body);
        Timed.Op exchange = () -> {
            SealedMessage sent = senderSealer.seal(SealRequest.builder(BenchFederation.SENDER, BenchFederation.RECEIVER,
                    ExchangeRig.MESSAGE_TYPE).cty("application/octet-stream").body(body)
                    .encryptTo(fed.receiver().certificate()).build());
            OpenedMessage received = receiverOpener.open(sent.bytes());
            SealedMessage receipt = Receipts.build(receiverSealer, received.message(), OffsetDateTime.now(clock));
            Receipts.verify(senderOpener, sent, receipt.bytes());
            return received.plaintext().length + receipt.bytes().length;
        };
        if (exchange.run() <= 0 || !Arrays.equals(receiverOpener.open(senderSealer.seal(SealRequest.builder(
                BenchFederation.SENDER, BenchFederation.RECEIVER, ExchangeRig.MESSAGE_TYPE).body(body)
                .encryptTo(fed.receiver().certificate()).build()).bytes()).plaintext(), body)) {
            throw new IllegalStateException("a sealed message does not open to its body");
        }
        return Timed.measure(() -> exchange, threads, warmUp, window);
    }
}
