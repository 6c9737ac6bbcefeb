package cn.tongban.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

class LocalHubTest {

    @Test
    void portsAreBindableDistinctAndOutsideTheEphemeralRange() throws Exception {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = LocalHub.freePort();
            assertThat(port).isBetween(20000, 31999);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
        int port = LocalHub.freePort();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port));
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortInUseIsSkipped() throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(LocalHub.freePort()));
            // the next 12,000 ports handed out wrap around the range and pass the held one: never returned
            for (int i = 0; i < 12000; i++) {
                assertThat(LocalHub.freePort()).isNotEqualTo(held.getLocalPort());
            }
        }
    }

    /** The hubs of tests, demo and bench open their H2 file as a hub on the default settings does (application.yaml). */
    @Test
    void theEmbeddedStoreIsOpenedWithTheDefaultSettings() throws Exception {
        String yaml = String.valueOf(new YamlPropertySourceLoader().load("app", new ClassPathResource("application.yaml")).get(0)
                .getProperty("spring.datasource.url"));
        LocalHub local = new LocalHub("130000", Path.of("fed"), Path.of("data"), 1);
        assertThat(yaml).startsWith("jdbc:h2:file:${tongban.data-dir}/store;").contains(";WRITE_DELAY=0;").contains(";CACHE_SIZE=4096");
        assertThat(local.setting("spring.datasource.url")).as("a URL of the local hub's own").isNull();
        assertThat(Path.of(local.setting("tongban.data-dir"))).isAbsolute();
    }
}
