package cn.tongban.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import cn.tongban.hub.directory.DirectoryVerdict;

/** The directory fetched from an HTTPS directory service (the hub's transport identity, the transport root). */
class HttpsDirectorySourceTest {
    @TempDir
    Path tmp;

    @Test
    void theDirectoryIsFetchedOverHttpsAndANewVersionIsPickedUp() throws Exception {
        LoopbackFederation f = LoopbackFederation.create(tmp.resolve("federation"), "370000", "130000");
        AtomicReference<byte[]> served = new AtomicReference<>(Files.readAllBytes(f.dir.resolve("directory.tep.json")));
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // the directory service's own TLS identity: any certificate under the transport root will do here
        server.setHttpsConfigurator(new HttpsConfigurator(f.tls("130000")));
        server.createContext("/directory", ex -> {
            byte[] b = served.get();
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try (HubFixture hub = f.hub("370000", tmp.resolve("data"))
                .set("tongban.directory.source", "https://127.0.0.1:" + server.getAddress().getPort() + "/directory")
                .start()) {
            DirectoryService dir = hub.bean(DirectoryService.class);
            assertThat(dir.version()).isEqualTo(1);
            served.set(f.directory(4, Map.of()));
            assertThat(dir.refresh()).isEqualTo(DirectoryVerdict.TRUSTED);
            assertThat(dir.version()).isEqualTo(4);
            server.stop(0);
            assertThat(dir.refresh()).as("the source is down: the last valid one stays").isEqualTo(DirectoryVerdict.UNTRUSTED);
            assertThat(dir.version()).isEqualTo(4);
        } finally {
            server.stop(0);
        }
    }
}
