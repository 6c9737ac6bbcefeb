package cn.tongban.hub.protocol;

/** {@code from}/{@code to} of a TEP/1 header: a node code and optionally an organisation's credit code. */
public record NodeAddress(String node, String org) {
    public static NodeAddress of(String node) {
        return new NodeAddress(node, null);
    }
}
