package cn.tongban.hub.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.protocol.RefusalCode;
import cn.tongban.hub.protocol.TepJson;

/** RFC 9457 problem details as TEP-1 §3 shapes them: {@code type urn:tep:error:<CODE>}, title, status, code. */
public final class ProblemDetails {
    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemDetails() {
    }

    public static byte[] of(RefusalCode code, String detail) {
        return of(code.problemType(), code.name(), code.httpStatus(), code.name(), detail);
    }

    public static byte[] of(String type, String title, int status, String code, String detail) {
        ObjectNode n = TepJson.MAPPER.createObjectNode();
        n.put("type", type);
        n.put("title", title);
        n.put("status", status);
        n.put("code", code);
        if (detail != null) {
            n.put("detail", detail.length() > 500 ? detail.substring(0, 500) : detail);
        }
        return TepJson.write(n);
    }
}
