/**
 * The TEP/1 wire protocol ({@code shared/TEP-1.md}): strict parsing of messages, sealing (SM2/SM3 signature,
 * SM4-GCM body with an SM2-encrypted content key), opening with the receiving checks of §4 in their normative
 * order, and receipts (§5).
 *
 * <p>Owns: the message format and the order of checks, and the ids of the messages it seals. May depend on:
 * {@code crypto}, {@code trust}, Jackson (JSON), java-uuid-generator ({@link cn.tongban.hub.protocol.MessageIds})
 * and the JDK. Never on Spring or Camel: partners may embed this package alone. The directory's view of who
 * may send what reaches it only through {@link cn.tongban.hub.protocol.SenderPolicy}.
 */
package cn.tongban.hub.protocol;
