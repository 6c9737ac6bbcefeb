package cn.tongban.hub.queries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import cn.tongban.hub.protocol.TepJson;

/**
 * A stand-in for a region's real-estate registration system ({@code real-estate.registration}), answering
 * from a JSON file of registrations ({@code [{"certificateNo", "holderCode", "address", "area", "status"}]}).
 * A query names the certificate number and the holder; only the holder's own registration is disclosed.
 */
public class RealEstateRegistry implements QueryAdapter {
    private final JsonNode registrations;

    public RealEstateRegistry(Path data) throws IOException {
        this.registrations = TepJson.read(Files.readAllBytes(data));
    }

    @Override
    public String name() {
        return "real-estate.registration";
    }

    @Override
    public JsonNode answer(JsonNode params, String fromNode) throws QueryRefused {
        String cert = params.path("certificateNo").asText("");
        String holder = params.path("holderCode").asText("");
        if (cert.isEmpty() || holder.isEmpty()) {
            throw new QueryRefused("certificateNo and holderCode are required");
        }
        for (JsonNode r : registrations) {
            if (cert.equals(r.path("certificateNo").asText()) && holder.equals(r.path("holderCode").asText())) {
                return r;
            }
        }
        return TepJson.MAPPER.createObjectNode().put("found", false);
    }
}
