package cn.tongban.hub.transport;

/** What the transport needs from the configuration: the body limit of TEP-1 §4 step 1. */
public record TransportSettings(long maxBodySize) {
}
