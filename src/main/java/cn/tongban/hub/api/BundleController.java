package cn.tongban.hub.api;

import java.io.IOException;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.bundles.BundleResult;
import cn.tongban.hub.bundles.BundleService;

/**
 * {@code POST /api/v1/bundles}: a window submits one life event's bundle; the answer is every item's outcome
 * and the bundle's state, together, once each department answered or ran out of time.
 */
@RestController
public class BundleController {
    private final BundleService bundles;

    public BundleController(BundleService bundles) {
        this.bundles = bundles;
    }

    @PostMapping(path = "/api/v1/bundles", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> submit(@RequestBody byte[] json) {
        try {
            BundleResult r = bundles.dispatch(BundleService.read(json));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(BundleService.write(r));
        } catch (IOException e) {
            return ApiResponses.problem(400, "INVALID", "not a bundle: " + e.getMessage().split("\n")[0]);
        }
    }
}
