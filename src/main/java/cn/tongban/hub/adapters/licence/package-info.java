/**
 * Electronic licences (电子证照): checking a licence in a region's licence library, and {@code license.verify}
 * between hubs, so that the handling region checks a licence where it is held instead of asking the
 * applicant for a copy (免提交).
 *
 * <h2>Licence library REST contract</h2>
 * <pre>
 * GET {base}/licences/{licenceId}?holder={holderCode}&amp;nonce={nonce}[&amp;purpose={text}]
 *     Accept: application/json
 * </pre>
 * <ul>
 *   <li>{@code licenceId}: a GB/T 36904 identifier; {@code holder}: the holder's credit code or ID number
 *       (compared case-insensitively); {@code nonce}: 16 random bytes, base64url, chosen by the client per
 *       request; {@code purpose}: optional, for the library's audit log.</li>
 *   <li>{@code 200}: the licence, signed —
 * <pre>
 * {"licence": "&lt;base64url of L&gt;", "signature": "&lt;base64url of an SM2 signature over L&gt;",
 *  "signer": "&lt;base64url of the signer's DER X.509 certificate&gt;"}
 * </pre>
 *       where L is the UTF-8 bytes of one JSON object: the GB/T 36903 metadata under their Chinese names
 *       (证照标识, 证照名称, 证照类型名称, 证照类型代码, 证照编号, 持证主体, 持证主体代码, 持证主体代码类型
 *       (111 citizen ID, 001 credit code), 颁发机构, 颁发机构代码, 颁发日期, 有效期起始日期,
 *       有效期截止日期 (dates {@code YYYY-MM-DD}; {@code 长期} for no end), 管辖属地编码), and three members of
 *       this contract: {@code status} ({@code valid}, {@code revoked} or {@code expired}), {@code statusAt}
 *       (RFC 3339, when the library answered) and {@code nonce} (the request's, echoed). base64url is
 *       unpadded and canonical (RFC 4648 §5, as in TEP/1).</li>
 *   <li>{@code 404 {"code":"NOT_FOUND"}}: no such licence. {@code 403 {"code":"HOLDER_MISMATCH"}}: it exists
 *       but is held by someone else; the library discloses nothing of it. {@code 400 {"code":"BAD_REQUEST"}}:
 *       no holder. {@code 503} (and 408, 429, any 5xx): try again later.</li>
 * </ul>
 *
 * <p><b>What is signed, and why that way.</b> The signature is SM2 with SM3 and the default signer ID
 * {@code 1234567812345678}, DER {@code SEQUENCE{r,s}} (as TEP-1 §1), over exactly the bytes L that the
 * {@code licence} string decodes to. L travels as an opaque string rather than as a JSON object because JSON
 * has no canonical form: member order, white space, &#92;u4e2d versus raw UTF-8 and number forms change
 * with every serializer, so a signature over "the object" would depend on both sides re-serializing alike,
 * and any proxy or library upgrade could break it. Carried as bytes, the signature verifies before anything
 * is parsed, and the client reads only what was signed. The signed data names the licence (证照标识), the
 * holder and the status, so a signed answer about another licence or holder cannot be substituted, and the
 * echoed nonce keeps an old signed answer ({@code valid} before a revocation) from being replayed.
 *
 * <p><b>Trust.</b> The signer certificate must be one of {@code tongban.adapters.licence.signer-certificates}
 * (pinned), or PKIX-validate under {@code trust-roots}; valid now; with a key usage, if stated, allowing
 * signatures. The holder code travels in the query: libraries must not log it unmasked.
 *
 * <h2>Between hubs</h2>
 * {@code license.verify} (body: {@code LicenceCheck.Request}) goes to the node of the region holding the
 * licence; its {@link cn.tongban.hub.adapters.licence.LicenceVerifyResponder} answers with
 * {@code license.verify.result} (body: {@code LicenceCheck.Result}; to = sender, same {@code conv},
 * {@code ref} = the request's id). {@code status} is a {@link cn.tongban.hub.adapters.licence.LicenceVerdict}
 * code. {@link cn.tongban.hub.adapters.licence.LicenceVerifier} is the asking side.
 *
 * <p>{@code LicenceIds} (package-private) duplicates the GB/T 36904 check that
 * {@code cn.tongban.hub.cases.LicenceId} is to provide; replace it once both are merged. The data of
 * {@code demo-licences.json} is synthetic: identifiers have correct check characters (three are the
 * examples of shared/DOMAIN.md), names, holders and authorities are invented.
 *
 * <p>Owns: the library contract, its client and simulator, the {@code license.verify} exchange. May depend
 * on: {@code cases}, {@code exchange}, {@code crypto}, {@code protocol} (strict JSON, base64url),
 * {@code trust} (PKIX validation of the library's signer), {@code pki} (the simulator's demo credentials),
 * Camel, Spring.
 */
package cn.tongban.hub.adapters.licence;

import cn.tongban.hub.cases.LicenceId;
