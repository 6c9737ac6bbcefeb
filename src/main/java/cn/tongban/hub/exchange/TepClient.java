package cn.tongban.hub.exchange;

import java.io.IOException;
import java.net.URI;

/** Posts one TEP/1 message to a peer's endpoint (TEP-1 §3); implemented by the transport. */
public interface TepClient {
    /** A peer's answer: the HTTP status and body. */
    record Response(int status, byte[] body) {
    }

    /**
     * @param peerNode the node the endpoint belongs to: the transport checks its TLS certificate names it
     * @throws IOException when no HTTP answer came (refused, reset, time-out, TLS failure): worth a retry
     */
    Response post(URI endpoint, byte[] message, String peerNode) throws IOException;
}
