package cn.tongban.hub.api;

import static cn.tongban.hub.api.ApiResponses.json;

import org.apache.camel.CamelContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.protocol.TepJson;

/**
 * {@code GET /api/v1/health}: 200 {@code UP} once the hub can do its work — Camel and its routes started and
 * a directory in force — else 503 {@code DOWN}. The local API connector answers before Camel has started
 * (and before a route that fails to start stops the hub), so a supervisor or a test waiting for a started
 * hub asks this rather than for an open port.
 */
@RestController
public class HealthController {
    private final CamelContext camel;
    private final DirectoryService directory;

    public HealthController(CamelContext camel, DirectoryService directory) {
        this.camel = camel;
        this.directory = directory;
    }

    @GetMapping("/api/v1/health")
    public ResponseEntity<byte[]> health() {
        boolean started = camel.isStarted();
        boolean directoryInForce = directory.current().isPresent();
        ObjectNode n = TepJson.MAPPER.createObjectNode().put("status", started && directoryInForce ? "UP" : "DOWN")
                .put("camel", camel.getStatus().name()).put("directoryVersion", directoryInForce ? directory.version() : 0);
        return json(started && directoryInForce ? 200 : 503, n);
    }
}
