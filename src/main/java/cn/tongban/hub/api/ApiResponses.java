package cn.tongban.hub.api;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.protocol.TepJson;
import cn.tongban.hub.transport.ProblemDetails;

/** The local API's two kinds of answer: JSON, and RFC 9457 problem details listing every error. */
final class ApiResponses {
    private ApiResponses() {
    }

    static ResponseEntity<byte[]> json(int status, Object body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(TepJson.write(body));
    }

    static ResponseEntity<byte[]> problem(int status, String code, List<String> errors) {
        ObjectNode p = (ObjectNode) TepJson.read(ProblemDetails.of("urn:tongban:error:" + code, code, status, code,
                String.join("; ", errors)));
        errors.forEach(p.putArray("errors")::add);
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(ProblemDetails.MEDIA_TYPE)).body(TepJson.write(p));
    }

    static ResponseEntity<byte[]> problem(int status, String code, String error) {
        return problem(status, code, List.of(error));
    }

    /** The HTTP status of a refused submission. */
    static int statusOf(String refusalCode) {
        return switch (refusalCode) {
            case "NOT_AUTHORIZED" -> 403;
            case "UNKNOWN_NODE" -> 404;
            default -> 400;
        };
    }
}
