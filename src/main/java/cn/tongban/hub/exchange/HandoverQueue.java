package cn.tongban.hub.exchange;

import cn.tongban.hub.store.InboundRecord;

/**
 * Hands an accepted message to the routes: onto the durable queue of its type, {@code tep.in.<type>}.
 * Implementations must make a repeated hand-over of the same message a no-op (the broker's duplicate
 * detection keyed on {@code from.node/id}), because the relay repeats one after a crash.
 */
public interface HandoverQueue {
    /** Puts each message on its queue; returns once the broker holds them all, or throws. */
    void handOver(java.util.List<InboundRecord> messages);
}
