package cn.tongban.hub.bench;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * What the exchange benchmark measures through: two real hubs on loopback and, beside them, a plain bridge. The
 * {@code bench} package knows no Spring or Camel, so the rig that starts them lives in {@code demo} and is found
 * with {@link ServiceLoader} ({@link Factory}); the measuring, the timing and the report stay here.
 */
public interface ExchangeRig extends AutoCloseable {
    /** The message type the benchmark sends; the receiving hub has a route consuming {@code tep.in.bench.ping}. */
    String MESSAGE_TYPE = "bench.ping";

    /** A way in: sends one body under the id the benchmark chose, returning once the way in has taken it. */
    @FunctionalInterface
    interface Way {
        void send(String id, byte[] body) throws Exception;
    }

    /** {@code OutboundExchange.submit} on the sending hub; the message arrives when its receipt has verified. */
    Way hub();

    /** HTTP POST to the plain bridge (HTTP → Artemis → HTTP, no crypto, no store); it arrives at the bridge's sink. */
    Way plainBridge();

    /**
     * The hubs' store writes and commits through their group commits so far, both hubs together, and the receiver's
     * hand-over batches ({writes, commits, hand-over batches}): writes over commits is the mean group size.
     */
    default long[] commitCounts() {
        return new long[] {0, 0, 0};
    }

    /** Lines for the report's header: what the hubs and the bridge are made of. */
    List<String> description();

    @Override
    void close();

    /** Where the hubs keep their data. */
    enum Store {
        /** The embedded default: an H2 file under the run's temporary folder. */
        H2,
        /** PostgreSQL on 127.0.0.1:5432, database tongban_test, a fresh schema per hub, dropped afterwards. */
        POSTGRESQL
    }

    /**
     * @param store               the hubs' store
     * @param deliveryConcurrency consumers of the sending hub's {@code tep.out} (tongban.delivery.concurrency), and of
     *                            the plain bridge's queue, so that both move messages on as many threads
     * @param hubSettings         more settings for both hubs (Spring properties, e.g. tongban.retry.*)
     */
    record Settings(Store store, int deliveryConcurrency, Map<String, String> hubSettings) {
    }

    /** Starts a rig. {@code arrived} is told every id that arrived: delivered with a verified receipt, or at the sink. */
    interface Factory {
        ExchangeRig start(Settings settings, Consumer<String> arrived, Consumer<String> progress) throws Exception;

        static Factory find() {
            return ServiceLoader.load(Factory.class, Factory.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no exchange rig on the class path (cn.tongban.hub.demo provides it)"));
        }
    }
}
