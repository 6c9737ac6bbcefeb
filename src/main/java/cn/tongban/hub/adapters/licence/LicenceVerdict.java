package cn.tongban.hub.adapters.licence;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import cn.tongban.hub.cases.LicenceCheck;

/**
 * Every answer a licence check can give, each distinct; {@link #code()} is what
 * {@link LicenceCheck.Result#status()} carries across hubs. Only {@link #VALID} has {@code valid = true}.
 * A library that cannot be reached is not a verdict but {@link LicenceLibraryUnavailable} (retryable), except
 * in a {@code license.verify.result}, where the responder gave up retrying ({@link #LIBRARY_UNAVAILABLE}).
 */
public enum LicenceVerdict {
    VALID("valid"),
    /** Identifier refused before any call: wrong shape or check character. */
    MALFORMED_ID("malformed-id"),
    /** The request lacks the holder or the identifier, or is not a {@code LicenceCheck.Request}. */
    BAD_REQUEST("bad-request"),
    /** The library does not know the licence (404). */
    UNKNOWN("unknown"),
    /** The licence is held by someone else (the library's 403, or the signed holder differs). */
    WRONG_HOLDER("wrong-holder"),
    REVOKED("revoked"),
    /** Status {@code expired}, or the signed end of validity has passed. */
    EXPIRED("expired"),
    /** The signed start of validity lies in the future. */
    NOT_YET_VALID("not-yet-valid"),
    /** The SM2 signature over the licence bytes does not verify under the signer certificate. */
    BAD_SIGNATURE("bad-signature"),
    /** The signer certificate is not one the configuration trusts (or is expired, or cannot sign). */
    UNTRUSTED_SIGNER("untrusted-signer"),
    /** The signed answer does not carry this request's nonce: a replayed or mixed-up answer. */
    STALE_RESPONSE("stale-response"),
    /** The library's answer breaks the contract (shape, encoding, another licence, unknown status). */
    BAD_RESPONSE("bad-response"),
    /** The answering hub has no licence library configured. */
    NOT_CONFIGURED("not-configured"),
    /** The answering hub's library stayed unreachable over its retries. */
    LIBRARY_UNAVAILABLE("library-unavailable");

    static final ZoneOffset CST = ZoneOffset.ofHours(8);

    private final String code;

    LicenceVerdict(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The verdict a {@link LicenceCheck.Result#status()} names, or null for a status of no verdict here. */
    public static LicenceVerdict ofCode(String code) {
        for (LicenceVerdict v : values()) {
            if (v.code.equals(code)) {
                return v;
            }
        }
        return null;
    }

    LicenceCheck.Result result(String licenceId, String reason, boolean signatureVerified, Map<String, String> metadata,
                               Clock clock) {
        return new LicenceCheck.Result(licenceId, this == VALID, code, reason, signatureVerified,
                metadata == null ? Map.of() : metadata,
                OffsetDateTime.now(clock).withOffsetSameInstant(CST).truncatedTo(ChronoUnit.SECONDS));
    }

    LicenceCheck.Result result(String licenceId, String reason, Clock clock) {
        return result(licenceId, reason, false, Map.of(), clock);
    }
}
