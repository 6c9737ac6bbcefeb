package cn.tongban.hub.bundles;

import java.io.IOException;

import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;

/**
 * A bundle arriving from another region ({@code case.bundle}): dispatched to this region's departments, and
 * the results sent back together as one {@code case.bundle.result} (ref = the bundle message's id).
 */
public class BundleService {
    public static final String TYPE = "case.bundle";
    public static final String RESULT = "case.bundle.result";

    private final BundleDispatcher dispatcher;
    private final OutboundExchange outbound;

    public BundleService(BundleDispatcher dispatcher, OutboundExchange outbound) {
        this.dispatcher = dispatcher;
        this.outbound = outbound;
    }

    /** Local use (the API, tests): dispatch and return the results. */
    public BundleResult dispatch(BundleCase bundle) {
        return dispatcher.dispatch(bundle);
    }

    /** The route's entry for an accepted {@code case.bundle}. */
    public BundleResult handle(String fromNode, String messageId, String conv, byte[] body) throws IOException, SubmissionRefused {
        BundleCase bundle = BundleJson.read(body, BundleCase.class);
        BundleResult result = dispatcher.dispatch(bundle);
        outbound.submit(new OutboundRequest(fromNode, null, RESULT, null, conv, messageId, "application/json",
                BundleJson.write(result), true, null));
        return result;
    }

    public static BundleCase read(byte[] json) throws IOException {
        return BundleJson.read(json, BundleCase.class);
    }

    public static byte[] write(Object value) {
        return BundleJson.write(value);
    }
}
