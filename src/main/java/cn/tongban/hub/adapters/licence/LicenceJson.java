package cn.tongban.hub.adapters.licence;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import cn.tongban.hub.protocol.TepJson;

/**
 * JSON of this adapter: read through {@link TepJson#read} (strict UTF-8, duplicate names refused), with
 * RFC 3339 date-times keeping their offset, and unknown members of the case records ignored so that a peer
 * hub of a later version can add some.
 */
final class LicenceJson {
    static final ObjectMapper MAPPER = TepJson.MAPPER.copy()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private LicenceJson() {
    }

    /** @throws IllegalArgumentException for anything but strict JSON of that type */
    static <T> T read(byte[] utf8, Class<T> type) {
        JsonNode n = TepJson.read(utf8);
        try {
            return MAPPER.treeToValue(n, type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName(), e);
        }
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
