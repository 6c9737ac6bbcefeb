package cn.tongban.hub.exchange;

import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.NodeAddress;
import cn.tongban.hub.protocol.ReceiverKeys;
import cn.tongban.hub.trust.TrustStore;

/** Who this hub is: its node address, its signing identity, its encryption keys and whom it trusts. */
public record NodeCredentials(NodeAddress address, MessageSealer sealer, ReceiverKeys keys, TrustStore trust) {
    public String node() {
        return address.node();
    }
}
