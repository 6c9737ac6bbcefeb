package cn.tongban.hub.transport;

import java.time.Duration;

/**
 * What the transport needs from the configuration: the body limit of TEP-1 §4 step 1, and how long a body may
 * take to arrive (a slow client must not hold a worker thread for ever).
 */
public record TransportSettings(long maxBodySize, Duration bodyReadTimeout) {
}
