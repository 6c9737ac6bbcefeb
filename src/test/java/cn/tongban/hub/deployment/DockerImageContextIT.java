package cn.tongban.hub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The image's build context as {@code mvn package} stages it in {@code target/docker-context}, checked without
 * a Docker engine: every source a COPY of the Dockerfile names is there, the jar is the packaged fat jar (the
 * hub's classes, its libraries, the launcher), and the configuration and routes are those of the repository.
 */
class DockerImageContextIT {
    static final Path CONTEXT = Path.of("target", "docker-context");

    @Test
    void everyCopySourceOfTheDockerfileIsInTheStagedContext() throws IOException {
        List<String> dockerfile = Files.readAllLines(CONTEXT.resolve("Dockerfile"));
        assertThat(dockerfile).as("the staged Dockerfile is the repository's").isEqualTo(Files.readAllLines(Path.of("docker", "Dockerfile")));
        List<String> sources = new ArrayList<>();
        for (String line : dockerfile) {
            if (line.startsWith("COPY ")) {
                String[] words = line.substring(5).trim().split("\\s+");
                assertThat(words[0]).as("a COPY from the context, no --from or options: " + line).doesNotStartWith("--");
                for (int i = 0; i < words.length - 1; i++) {
                    sources.add(words[i]);
                }
            }
        }
        assertThat(sources).contains("tongban-hub.jar", "application.yaml", "healthcheck.sh", "routes/");
        for (String s : sources) {
            assertThat(Files.exists(CONTEXT.resolve(s))).as("COPY source " + s + " in " + CONTEXT).isTrue();
        }
    }

    @Test
    void theJarIsThePackagedHubAndTheConfigurationIsTheRepositorys() throws IOException {
        Path jar = CONTEXT.resolve("tongban-hub.jar");
        assertThat(Files.mismatch(jar, Path.of("target", "tongban-hub.jar"))).as("the packaged jar, byte for byte").isEqualTo(-1L);
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).startsWith("org.springframework.boot.loader.launch.");
            assertThat(j.getManifest().getMainAttributes().getValue("Start-Class")).isEqualTo("cn.tongban.hub.TongbanHub");
            assertThat(j.getEntry("BOOT-INF/classes/cn/tongban/hub/TongbanHub.class")).isNotNull();
            assertThat(j.getEntry("BOOT-INF/classes/db/migration/V9__pull_lock.sql")).isNotNull();
            assertThat(j.stream().filter(e -> e.getName().startsWith("BOOT-INF/lib/postgresql-"))).hasSize(1);
        }
        assertThat(Files.readString(CONTEXT.resolve("application.yaml"))).isEqualTo(Files.readString(Path.of("docker", "application.yaml")));
        assertThat(Files.readString(CONTEXT.resolve("healthcheck.sh"))).isEqualTo(Files.readString(Path.of("docker", "healthcheck.sh")));
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path r : routes.toList()) {
                assertThat(Files.mismatch(r, CONTEXT.resolve("routes").resolve(r.getFileName()))).as(r.toString()).isEqualTo(-1L);
            }
        }
    }

    @Test
    void debiansDockerComposeAcceptsTheComposeFile() throws Exception {
        // installed by .ci/test-prerequisites.sh; here, after mvn package, the compose file's build path exists
        assertThat(Path.of("/usr/bin/docker-compose")).as("Debian's docker-compose").isExecutable();
        Process p = new ProcessBuilder("/usr/bin/docker-compose", "-f", DockerComposeTest.COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
