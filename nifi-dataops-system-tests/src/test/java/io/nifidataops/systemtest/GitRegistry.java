package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.nifidataops.nifiapi.NiFiClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Git repositories made with Debian's git as flow registries, and our GitFlowRegistryClient in NiFi reading them. */
final class GitRegistry {

    static final String CLIENT_TYPE = "io.nifidataops.registry.GitFlowRegistryClient";
    static final String REPOSITORY_PATH = "flow-templates/flows";

    private GitRegistry() {
    }

    /** Runs git in {@code directory} with {@code home} as its HOME and no system configuration; fails on a non-zero exit. */
    static String git(final Path home, final Path directory, final String... arguments) throws Exception {
        final List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("HOME", home.toString());
        final Process process = builder.start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("git %s: %s", String.join(" ", arguments), out).isZero();
        return out;
    }

    /**
     * Controller Settings -> Registry Clients -> "+": create with type and bundle, then Edit: set the properties (the REST calls
     * of the UI). Returns the client's id; {@code token} may be null.
     */
    static String createClient(final NiFiClient client, final String clientId, final String name, final String url, final String token,
                               final String who) {
        final JsonNode type = client.get("controller/registry-types").path("flowRegistryClientTypes");
        JsonNode bundle = null;
        for (final JsonNode candidate : type) {
            if (CLIENT_TYPE.equals(candidate.path("type").asText())) {
                bundle = candidate.path("bundle");
            }
        }
        assertThat(bundle).as("%s among the registry client types NiFi offers", CLIENT_TYPE).isNotNull();
        final JsonNode created = client.post("controller/registry-clients", Map.of(
                "revision", Map.of("version", 0, "clientId", clientId),
                "component", Map.of("name", name, "type", CLIENT_TYPE, "bundle", bundle)));
        final String id = created.path("id").asText();
        final Map<String, String> properties = new LinkedHashMap<>();
        properties.put("Repository URL", url);
        properties.put("Branch", "main");
        properties.put("Repository Path", REPOSITORY_PATH);
        properties.put("Author Name", "NiFi " + who);
        properties.put("Author Email", "nifi-" + who + "@hospital.example");
        if (token != null) {
            properties.put("Password or Token", token);
        }
        final JsonNode updated = client.put("controller/registry-clients/" + id, Map.of(
                "revision", client.get("controller/registry-clients/" + id).path("revision"),
                "component", Map.of("id", id, "properties", properties)));
        assertThat(updated.path("component").path("validationErrors")).as("validation errors of %s", name).isEmpty();
        // NiFi validates a changed client in the background and refuses every registry call while it is VALIDATING
        // (StandardFlowRegistryClientNode.execute answers 409 with an empty list of errors), as the UI's spinner shows.
        NiFiClient.awaitCondition("registry client " + name + " validated", Duration.ofSeconds(60), () -> !"VALIDATING".equals(
                client.get("controller/registry-clients/" + id).path("component").path("validationStatus").asText()));
        final JsonNode validated = client.get("controller/registry-clients/" + id).path("component");
        assertThat(validated.path("validationStatus").asText()).as("validation of %s: %s", name, validated.path("validationErrors"))
                .isEqualTo("VALID");
        if (token != null) {
            assertThat(updated.path("component").path("properties").path("Password or Token").asText())
                    .as("the token is never returned").isNotEqualTo(token);
        }
        return id;
    }
}
