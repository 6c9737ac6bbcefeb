package cn.tongban.hub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.sun.net.httpserver.HttpServer;

import cn.tongban.hub.crypto.Pem;
import cn.tongban.hub.pki.TestFederation;

/**
 * {@code docker/} checked without a Docker engine: the compose file against the Compose specification's JSON
 * schema ({@code docker/compose-spec.json}, draft 2019-09); every environment variable a hub service sets names
 * a real property as Spring Boot binds environment variables, and the values resolve where the hub reads them
 * (the TLS bundle's placeholders too); every key file the hubs are given is one the {@code pki} service writes;
 * services, volumes and dependencies refer to each other consistently; the Dockerfile's base, user and health
 * check; the health check script against a live HTTP server. (The staged image context, and Debian's
 * {@code docker-compose config} on the file, are checked after packaging by {@code DockerImageContextIT}.)
 */
class DockerComposeTest {
    static final Path DOCKER = Path.of("docker");
    static final Path COMPOSE = DOCKER.resolve("docker-compose.yml");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Environment variables for the JVM rather than for Spring. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    static Map<String, Object> compose;
    static Schema schema;
    /** Every property Spring Boot and the hub document (configuration metadata of every jar and of this build). */
    static Set<String> knownProperties;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        // SnakeYAML, as it resolves the anchors and merge keys (<<) the file uses, like Compose does
        compose = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(COMPOSE));
        JsonNode schemaNode = JSON.readTree(DOCKER.resolve("compose-spec.json").toFile());
        // the file names its dialect http://json-schema.org/draft/2019-09/schema#, the validator knows it by the
        // dialect's canonical id
        ((ObjectNode) schemaNode).put("$schema", "https://json-schema.org/draft/2019-09/schema");
        // and it carries draft-04 "id" members (text), which 2019-09 ignores ("$id" took their place) and the
        // validator refuses as an unsupported keyword: dropped, the validation is the same
        dropDraft4Ids(schemaNode);
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(schemaNode);
        knownProperties = new TreeSet<>();
        for (URL u : Collections.list(DockerComposeTest.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = u.openStream()) {
                for (JsonNode p : JSON.readTree(in).path("properties")) {
                    knownProperties.add(p.get("name").asText());
                }
            }
        }
    }

    @Test
    void theSchemaIsTheComposeSpecificationOfDraft201909() throws IOException {
        JsonNode s = JSON.readTree(DOCKER.resolve("compose-spec.json").toFile());
        assertThat(s.path("$schema").asText()).contains("draft/2019-09");
        assertThat(s.path("title").asText()).isEqualTo("Compose Specification");
        assertThat(knownProperties).as("configuration metadata found").contains("tongban.node", "spring.datasource.url",
                "spring.artemis.broker-url", "camel.main.routes-include-pattern", "tongban.adapters.pull.lock.time-to-live");
    }

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecification() {
        JsonNode doc = JSON.valueToTree(compose);
        assertThat(schema.validate(doc)).as("schema errors").isEmpty();
        // the validation is real: mistakes a reader could make are reported
        ObjectNode badPorts = doc.deepCopy();
        ((ObjectNode) badPorts.get("services").get("hub-370000")).put("ports", "8444:8444");
        assertThat(schema.validate(badPorts)).isNotEmpty();
        ObjectNode unknownKey = doc.deepCopy();
        ((ObjectNode) unknownKey.get("services").get("hub-130000")).put("enviroment", "TONGBAN_NODE=130000");
        assertThat(schema.validate(unknownKey)).isNotEmpty();
        ObjectNode badCondition = doc.deepCopy();
        ((ObjectNode) badCondition.get("services").get("hub-130000").get("depends_on").get("pki")).put("condition", "done");
        assertThat(schema.validate(badCondition)).isNotEmpty();
    }

    @Test
    void everyVariableAHubIsGivenBindsToARealProperty() {
        Map<String, Map<String, String>> hubs = hubEnvironments();
        assertThat(hubs).containsOnlyKeys("hub-370000", "hub-130000");
        for (var hub : hubs.entrySet()) {
            List<String> unbound = new ArrayList<>();
            for (String variable : hub.getValue().keySet()) {
                if (!JVM_VARIABLES.contains(variable) && boundProperty(variable) == null) {
                    unbound.add(variable);
                }
            }
            assertThat(unbound).as(hub.getKey() + ": variables that bind to no property").isEmpty();
        }
        // the check is real: a misspelt variable binds to nothing
        assertThat(boundProperty("TONGBAN_DIRECTROY_SOURCE")).isNull();
        assertThat(boundProperty("SPRING_DATASOURCE_URL")).isEqualTo("spring.datasource.url");
        assertThat(boundProperty("TONGBAN_TRUST_ROOTS_0")).isEqualTo("tongban.trust.roots[0]");
    }

    @Test
    void eachHubResolvesItsOwnNodeStoreBrokerAndTlsKey() throws IOException {
        for (String node : List.of("370000", "130000")) {
            StandardEnvironment env = hubEnvironment(hubEnvironments().get("hub-" + node));
            assertThat(env.getProperty("tongban.node")).isEqualTo(node);
            assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://postgres-" + node + ":5432/tongban");
            assertThat(env.getProperty("spring.artemis.broker-url")).isEqualTo("tcp://artemis-" + node + ":61616");
            assertThat(env.getProperty("spring.artemis.mode")).isEqualTo("native");
            // the endpoint's TLS bundle reads the key through placeholders: the variables must reach those too
            assertThat(env.getProperty("spring.ssl.bundle.pem.tep.keystore.private-key")).isEqualTo("file:/etc/tongban/keys/" + node + ".tls.key");
            assertThat(env.getProperty("spring.ssl.bundle.pem.tep.keystore.certificate")).isEqualTo("file:/etc/tongban/keys/" + node + ".tls.pem");
            assertThat(env.getProperty("spring.ssl.bundle.pem.tep.truststore.certificate")).isEqualTo("file:/etc/tongban/keys/tls-root.pem");
            assertThat(env.getProperty("tongban.data-dir")).isEqualTo("/var/lib/tongban");
            assertThat(env.getProperty("camel.main.routes-include-pattern")).isEqualTo("file:/etc/tongban/routes/*.yaml");
            assertThat(env.getProperty("tongban.api.address")).isEqualTo("0.0.0.0");
        }
    }

    @Test
    void theKeysTheHubsAreGivenAreTheOnesThePkiServiceWrites(@TempDir Path keys) throws Exception {
        String command = String.join(" ", strings(service("pki").get("command")));
        Matcher m = Pattern.compile("--endpoint '([^']+)' ((?:\\d{6} ?)+)").matcher(command);
        assertThat(m.find()).as(command).isTrue();
        List<String> nodes = List.of(m.group(2).trim().split(" "));
        assertThat(nodes).containsExactlyInAnyOrder("370000", "130000");
        new TestFederation(keys, Clock.systemUTC()).create(nodes, m.group(1));
        for (var hub : hubEnvironments().entrySet()) {
            for (var v : hub.getValue().entrySet()) {
                if (v.getValue().startsWith("/etc/tongban/keys/")) {
                    assertThat(keys.resolve(v.getValue().substring("/etc/tongban/keys/".length())))
                            .as(hub.getKey() + " " + v.getKey()).isRegularFile();
                }
            }
        }
        // peers reach each other by service name: the TLS certificates must name it (the JDK client checks it)
        for (String node : nodes) {
            X509Certificate tls = Pem.readCertificate(keys.resolve(node + ".tls.pem"));
            List<Object> names = tls.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList();
            assertThat(names).contains("hub-" + node);
            assertThat(service("hub-" + node)).isNotNull();
        }
    }

    @Test
    void servicesVolumesAndDependenciesReferToEachOther() {
        Map<String, Object> services = map(compose.get("services"));
        Set<String> volumes = map(compose.get("volumes")).keySet();
        Set<String> usedVolumes = new TreeSet<>();
        for (var s : services.entrySet()) {
            Map<String, Object> svc = map(s.getValue());
            for (String v : strings(svc.getOrDefault("volumes", List.of()))) {
                String name = v.split(":")[0];
                assertThat(volumes).as(s.getKey() + " mounts " + name).contains(name);
                usedVolumes.add(name);
            }
            if (svc.get("depends_on") instanceof Map<?, ?> deps) {
                assertThat(services.keySet()).as(s.getKey() + " depends on").containsAll(map(deps).keySet());
            }
            if (s.getKey().startsWith("hub-")) {
                String node = s.getKey().substring(4);
                assertThat(map(svc.get("depends_on")).keySet()).contains("pki", "postgres-" + node, "artemis-" + node);
                assertThat(strings(svc.get("volumes"))).contains("federation-keys:/etc/tongban/keys:ro", "data-" + node + ":/var/lib/tongban");
                assertThat(map(svc.get("environment")).get("TONGBAN_API_TOKEN")).isNotNull();
            }
            if (s.getKey().startsWith("postgres-") || s.getKey().startsWith("artemis-")) {
                assertThat(map(svc.get("healthcheck")).get("test")).as(s.getKey() + " health check").isNotNull();
            }
        }
        assertThat(usedVolumes).as("declared volumes that nothing mounts").containsExactlyInAnyOrderElementsOf(volumes);
        assertThat(map(service("hub-130000").get("environment")).get("SPRING_DATASOURCE_PASSWORD"))
                .isEqualTo(map(service("postgres-130000").get("environment")).get("POSTGRES_PASSWORD"));
    }

    @Test
    void theDockerfileRunsTheJarAsAnOrdinaryUserWithAHealthCheck() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        List<String> instructions = dockerfile.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith(" ")).toList();
        assertThat(instructions.get(0)).isEqualTo("FROM eclipse-temurin:17-jre");
        String user = instructions.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user).isEqualTo("USER tongban");
        assertThat(instructions).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("/opt/tongban/healthcheck.sh"));
        assertThat(instructions).anyMatch(l -> l.startsWith("VOLUME ") && l.contains("/etc/tongban/keys") && l.contains("/var/lib/tongban"));
        assertThat(instructions).contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/tongban/tongban-hub.jar\"]");
    }

    @Test
    void theHealthCheckScriptPassesOnlyA200FromTheHealthEndpoint() throws Exception {
        AtomicInteger status = new AtomicInteger(503);
        Map<String, String> seen = new HashMap<>();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            seen.put("path", ex.getRequestURI().getPath());
            seen.put("authorization", ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        api.start();
        try {
            Map<String, String> env = Map.of("TONGBAN_API_PORT", String.valueOf(api.getAddress().getPort()), "TONGBAN_API_TOKEN", "t0ken");
            assertThat(runHealthCheck(env)).as("503 (starting)").isEqualTo(1);
            status.set(200);
            assertThat(runHealthCheck(env)).as("200 (up)").isZero();
            assertThat(seen).containsEntry("path", "/api/v1/health").containsEntry("authorization", "Bearer t0ken");
        } finally {
            api.stop(0);
        }
        // nothing listening
        assertThat(runHealthCheck(Map.of("TONGBAN_API_PORT", "1"))).isNotZero();
    }

    private static void dropDraft4Ids(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.path("id").isTextual()) {
                o.remove("id");
            }
            o.elements().forEachRemaining(DockerComposeTest::dropDraft4Ids);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(DockerComposeTest::dropDraft4Ids);
        }
    }

    private static int runHealthCheck(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", DOCKER.resolve("healthcheck.sh").toString()).redirectErrorStream(true);
        pb.environment().remove("TONGBAN_API_TOKEN");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /** The property {@code variable} binds to, as Spring Boot maps environment variables; null if none. */
    private static String boundProperty(String variable) {
        ConfigurationPropertySource source = ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x"))).iterator().next();
        for (String known : knownProperties) {
            for (String candidate : List.of(known, known + "[0]")) {
                if (source.getConfigurationProperty(ConfigurationPropertyName.of(candidate)) != null) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** The hub's environment as the container has it: the variables, the image's defaults, the jar's application.yaml. */
    private static StandardEnvironment hubEnvironment(Map<String, String> variables) throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        MutablePropertySources sources = env.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource("container-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(variables)));
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        for (PropertySource<?> s : yaml.load("image", new FileSystemResource(DOCKER.resolve("application.yaml")))) {
            sources.addLast(s);
        }
        for (PropertySource<?> s : yaml.load("jar", new FileSystemResource(Path.of("src/main/resources/application.yaml")))) {
            sources.addLast(s);
        }
        ConfigurationPropertySources.attach(env);
        return env;
    }

    private static Map<String, Map<String, String>> hubEnvironments() {
        Map<String, Map<String, String>> hubs = new LinkedHashMap<>();
        map(compose.get("services")).forEach((name, s) -> {
            Map<String, Object> svc = map(s);
            if ("tongban-hub:0.1.0".equals(svc.get("image")) && svc.get("environment") != null) {
                Map<String, String> env = new LinkedHashMap<>();
                map(svc.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
                hubs.put(name, env);
            }
        });
        return hubs;
    }

    private static Map<String, Object> service(String name) {
        return map(map(compose.get("services")).get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(o));
    }
}
