package cn.tongban.hub.protocol;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The header of a TEP/1 message (the JSON inside {@code protected}), TEP-1 §2. Optional members are null
 * when absent. {@code json} is the header exactly as the sender wrote it.
 */
public record TepHeader(
        int v,
        String alg,
        List<String> x5c,
        String id,
        String ref,
        String conv,
        String type,
        String svc,
        NodeAddress from,
        NodeAddress to,
        OffsetDateTime iat,
        OffsetDateTime exp,
        String enc,
        String kid,
        String ek,
        String iv,
        String cty,
        String json) {

    public static final String ALG_SM2_SM3 = "SM2-SM3";
    public static final String ENC_SM4_GCM = "SM4-GCM";
    public static final String ENC_NONE = "none";

    public boolean encrypted() {
        return !ENC_NONE.equals(enc);
    }
}
