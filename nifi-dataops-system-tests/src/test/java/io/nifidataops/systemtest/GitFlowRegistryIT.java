package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.nifidataops.healthcare.HealthcareFlow;
import io.nifidataops.nifiapi.NiFiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Versioned flows in a real NiFi 2.3.0 with our GitFlowRegistryClient, driven through the REST calls the UI makes
 * (Controller Settings -> Registry Clients; Add Process Group -> Import from Registry; Version -> Show local changes, Commit,
 * Revert, Change version). The registry is a bare repository made and read with Debian's git, seeded with this project's
 * flow-templates/ as a team would push it; once over a file URL, once over Git's smart HTTP (git-http-backend behind a
 * server that wants a token).
 * <p>
 * The endpoints are those of NiFi 2.x's nifi-web-api: ControllerResource ({@code controller/registry-types},
 * {@code controller/registry-clients}), FlowResource ({@code flow/registries/{id}/branches|buckets|.../versions}),
 * ProcessGroupResource (a new group whose component carries {@code versionControlInformation} is imported from the
 * registry; {@code local-modifications}) and VersionsResource ({@code versions/process-groups/{id}} to read and commit;
 * {@code versions/revert-requests} and {@code versions/update-requests}, asynchronous requests that are polled until
 * complete and then deleted, as the UI does).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitFlowRegistryIT {

    private static final String INSTANCE = "git-registry";
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final String REPOSITORY_PATH = GitRegistry.REPOSITORY_PATH;
    private static final String BUCKET = "healthcare";
    private static final String FLOW = "healthcare-ingestion";
    private static final String FLOW_FILE = REPOSITORY_PATH + "/" + BUCKET + "/" + FLOW + ".json";
    private static final String LISTENER = HealthcareFlow.EHR_LISTENER;
    private static final String BASE_PATH = "Base Path";
    private static final String TOKEN = "hospital-token-7f3a";

    private static NiFiInstance nifi;
    private static NiFiClient client;

    @TempDir
    static Path work;

    @BeforeAll
    static void startNiFi() {
        nifi = SystemTestNiFi.start(INSTANCE, "1g");
        client = nifi.client();
    }

    @AfterAll
    static void stopNiFi() {
        if (nifi != null) {
            nifi.close();
        }
    }

    /** Steps 1-3 over HTTP with a token: a wrong token is refused in our words, the right one imports and commits. */
    @Test
    @Order(1)
    void testImportChangeAndCommitOverSmartHttpWithAToken() throws Exception {
        final Path root = Files.createDirectories(work.resolve("http-root"));
        final String seed = seedBareRepository(root.resolve("flows.git"));
        try (GitHttpServer server = new GitHttpServer(root, TOKEN)) {
            final String url = server.repositoryUrl("flows.git").toString();

            final String wrong = createRegistryClient("Hospital Git (wrong token)", url, "wrong-token", "wrong");
            assertThatThrownBy(() -> client.get("flow/registries/" + wrong + "/buckets?branch=main"))
                    .hasMessageContaining("refused the configured credentials").hasMessageNotContaining("wrong-token");

            final String registry = createRegistryClient("Hospital Git over HTTPS", url, TOKEN, "http");
            final String groupId = importAndCommit(registry, seed, "fhir-http", "EHR listener path over HTTP", 0);

            final List<String[]> log = gitLog(root.resolve("flows.git"));
            assertThat(log).hasSize(2);
            assertThat(log.get(0)[0]).isEqualTo(client.get("versions/process-groups/" + groupId)
                    .path("versionControlInformation").path("version").asText());
            assertThat(log.get(0)[3]).isEqualTo("EHR listener path over HTTP");
            assertThat(server.requests()).as("requests the Git server answered")
                    .anySatisfy(r -> assertThat(r.pathAndQuery()).endsWith("/info/refs?service=git-receive-pack"))
                    .anySatisfy(r -> assertThat(r.pathAndQuery()).endsWith("/git-receive-pack"))
                    .filteredOn(GitHttpServer.Request::authenticated).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            client.delete("process-groups/" + groupId + "?version=" + client.get("process-groups/" + groupId).path("revision").path("version").asLong()
                    + "&clientId=" + INSTANCE);
        }
    }

    /** Steps 1-7 on a file URL: import, local change, commit, revert, change version, restart, second import, git log. */
    @Test
    @Order(2)
    void testVersionedFlowLifecycleSurvivesARestartAndGitHoldsBothCommits() throws Exception {
        final Path bare = work.resolve("registry.git");
        final String v1 = seedBareRepository(bare);
        final String registry = createRegistryClient("Hospital Git", bare.toUri().toString(), null, "file");

        // (1)-(3): import version 1, change a property, see it as a local change, commit version 2 with a comment
        final String groupId = importAndCommit(registry, v1, "fhir-r4", "EHR listener on /fhir-r4", 600);
        final String v2 = versionControl(groupId).path("version").asText();
        assertThat(v2).hasSize(40).isNotEqualTo(v1);

        // (4) a further local change is reverted; then version 1 and back to version 2
        setBasePath(groupId, "fhir-r5");
        assertThat(localChanges(groupId)).containsKey(LISTENER);
        versionRequest("revert-requests", groupId, v2);
        assertThat(basePath(groupId)).isEqualTo("fhir-r4");
        assertThat(localChanges(groupId)).isEmpty();
        assertThat(versionControl(groupId).path("state").asText()).isEqualTo("UP_TO_DATE");

        versionRequest("update-requests", groupId, v1);
        assertThat(basePath(groupId)).isEqualTo("fhir");
        assertThat(versionControl(groupId).path("version").asText()).isEqualTo(v1);
        assertThat(versionControl(groupId).path("state").asText()).isEqualTo("STALE");
        versionRequest("update-requests", groupId, v2);
        assertThat(basePath(groupId)).isEqualTo("fhir-r4");
        assertThat(versionControl(groupId).path("state").asText()).isEqualTo("UP_TO_DATE");

        // (5) restart: still under version control, at version 2, up to date
        nifi.close();
        final long restarting = System.nanoTime();
        nifi = SystemTestNiFi.restart(INSTANCE, "1g");
        client = nifi.client();
        System.out.printf("NiFi restarted in %d s%n", Duration.ofNanos(System.nanoTime() - restarting).toSeconds());
        NiFiClient.awaitCondition("version control state after the restart", Duration.ofSeconds(90),
                () -> "UP_TO_DATE".equals(versionControl(groupId).path("state").asText()));
        assertThat(versionControl(groupId).path("version").asText()).isEqualTo(v2);
        assertThat(versionControl(groupId).path("registryId").asText()).isEqualTo(registry);
        assertThat(basePath(groupId)).isEqualTo("fhir-r4");

        // (6) a second group imports version 2 and has the change
        final String second = importFromRegistry(registry, v2, 1200);
        assertThat(basePath(second)).isEqualTo("fhir-r4");
        assertThat(versionControl(second).path("state").asText()).isEqualTo("UP_TO_DATE");

        // (7) git log of the repository: the seed and NiFi's commit, with author and comment
        final List<String[]> log = gitLog(bare);
        assertThat(log).extracting(entry -> entry[0]).containsExactly(v2, v1);
        assertThat(log.get(0)).containsExactly(v2, "NiFi file", "nifi-file@hospital.example", "EHR listener on /fhir-r4");
        assertThat(log.get(1)).containsExactly(v1, "Flow Team", "flows@hospital.example", "Seed flow-templates");
    }

    // ---- the REST calls of the UI

    private static String createRegistryClient(final String name, final String url, final String token, final String who) {
        return GitRegistry.createClient(client, INSTANCE, name, url, token, who);
    }

    /** Import version {@code seed}, change the listener's Base Path, see the local change, commit it; returns the group id. */
    private static String importAndCommit(final String registry, final String seed, final String basePath, final String comment,
                                          final double y) {
        assertThat(list(client.get("flow/registries/" + registry + "/branches").path("branches"), "branch", "name")).contains("main");
        assertThat(list(client.get("flow/registries/" + registry + "/buckets?branch=main").path("buckets"), "bucket", "name"))
                .as("buckets: the flow folder only, not suites/ or model/").containsExactly(BUCKET);
        assertThat(list(client.get("flow/registries/" + registry + "/buckets/" + BUCKET + "/flows?branch=main").path("versionedFlows"),
                "versionedFlow", "flowId")).containsExactly(FLOW);
        final JsonNode versions = client.get("flow/registries/" + registry + "/buckets/" + BUCKET + "/flows/" + FLOW + "/versions?branch=main")
                .path("versionedFlowSnapshotMetadataSet");
        assertThat(list(versions, "versionedFlowSnapshotMetadata", "version")).containsExactly(seed);

        final String groupId = importFromRegistry(registry, seed, y);
        assertThat(client.get("process-groups/" + groupId).path("component").path("name").asText()).isEqualTo(HealthcareFlow.FLOW_NAME);
        assertThat(localChanges(groupId)).as("local changes right after the import").isEmpty();
        assertThat(versionControl(groupId).path("state").asText()).isEqualTo("UP_TO_DATE");
        assertThat(basePath(groupId)).isEqualTo("fhir");

        setBasePath(groupId, basePath);
        final Map<String, List<String>> changes = localChanges(groupId);
        assertThat(changes).as("local modifications").containsOnlyKeys(LISTENER);
        assertThat(changes.get(LISTENER)).containsExactly("Property Value Changed: From 'fhir' to '" + basePath + "'");
        assertThat(versionControl(groupId).path("state").asText()).isEqualTo("LOCALLY_MODIFIED");

        final JsonNode vci = versionControl(groupId);
        final Map<String, Object> versionedFlow = new HashMap<>();
        versionedFlow.put("registryId", registry);
        versionedFlow.put("branch", "main");
        versionedFlow.put("bucketId", BUCKET);
        versionedFlow.put("flowId", FLOW);
        versionedFlow.put("flowName", vci.path("flowName").asText(FLOW));
        versionedFlow.put("comments", comment);
        versionedFlow.put("action", "COMMIT");
        final JsonNode committed = client.post("versions/process-groups/" + groupId, Map.of(
                "processGroupRevision", groupRevision(groupId), "versionedFlow", versionedFlow));
        final String v2 = committed.path("versionControlInformation").path("version").asText();
        assertThat(v2).isNotEqualTo(seed).hasSize(40);
        assertThat(versionControl(groupId).path("state").asText()).isEqualTo("UP_TO_DATE");
        assertThat(localChanges(groupId)).isEmpty();
        final JsonNode after = client.get("flow/registries/" + registry + "/buckets/" + BUCKET + "/flows/" + FLOW + "/versions?branch=main")
                .path("versionedFlowSnapshotMetadataSet");
        assertThat(list(after, "versionedFlowSnapshotMetadata", "comments")).contains(comment);
        return groupId;
    }

    /** Add Process Group -> Import from Registry: a new group under root at the given version. */
    private static String importFromRegistry(final String registry, final String version, final double y) {
        final Map<String, Object> vci = Map.of("registryId", registry, "branch", "main", "bucketId", BUCKET, "flowId", FLOW,
                "version", version);
        final JsonNode created = client.post("process-groups/" + client.rootGroupId() + "/process-groups?parameterContextHandlingStrategy=KEEP_EXISTING",
                Map.of("revision", Map.of("version", 0, "clientId", INSTANCE),
                        "component", Map.of("position", Map.of("x", 0.0, "y", y), "versionControlInformation", vci)));
        return created.path("id").asText();
    }

    /** Revert local changes or change the version: the asynchronous request the UI starts, polls and deletes. */
    private static void versionRequest(final String kind, final String groupId, final String version) {
        final JsonNode current = versionControl(groupId);
        final Map<String, Object> vci = new HashMap<>();
        vci.put("groupId", groupId);
        vci.put("registryId", current.path("registryId").asText());
        vci.put("branch", current.path("branch").asText());
        vci.put("bucketId", current.path("bucketId").asText());
        vci.put("flowId", current.path("flowId").asText());
        vci.put("version", version);
        final JsonNode started = client.post("versions/" + kind + "/process-groups/" + groupId,
                Map.of("processGroupRevision", groupRevision(groupId), "versionControlInformation", vci));
        final String request = "versions/" + kind + "/" + started.path("request").path("requestId").asText();
        try {
            NiFiClient.awaitCondition(kind + " of " + groupId, Duration.ofSeconds(90),
                    () -> client.get(request).path("request").path("complete").asBoolean());
            final String failure = client.get(request).path("request").path("failureReason").asText("");
            assertThat(failure).as("failure reason of %s", kind).isIn("", "null");
        } finally {
            client.delete(request);
        }
    }

    private static JsonNode versionControl(final String groupId) {
        return client.get("versions/process-groups/" + groupId).path("versionControlInformation");
    }

    private static Map<String, Object> groupRevision(final String groupId) {
        final JsonNode revision = client.get("process-groups/" + groupId).path("revision");
        return Map.of("version", revision.path("version").asLong(), "clientId", INSTANCE);
    }

    /** Version -> Show local changes: component name -> "differenceType: difference" lines. */
    private static Map<String, List<String>> localChanges(final String groupId) {
        final Map<String, List<String>> changes = new LinkedHashMap<>();
        for (final JsonNode component : client.get("process-groups/" + groupId + "/local-modifications").path("componentDifferences")) {
            final List<String> differences = new ArrayList<>();
            component.path("differences").forEach(d -> differences.add(d.path("differenceType").asText() + ": " + d.path("difference").asText()));
            changes.put(component.path("componentName").asText(), differences);
        }
        return changes;
    }

    private static JsonNode listener(final String groupId) {
        return client.processors(groupId).stream().filter(p -> LISTENER.equals(p.path("component").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("No processor " + LISTENER + " in " + groupId));
    }

    private static String basePath(final String groupId) {
        return listener(groupId).path("component").path("config").path("properties").path(BASE_PATH).asText();
    }

    private static void setBasePath(final String groupId, final String value) {
        client.updateProcessorProperties(listener(groupId).path("id").asText(), Map.of(BASE_PATH, value));
    }

    private static List<String> list(final JsonNode array, final String entity, final String field) {
        final List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.path(entity).path(field).asText()));
        return values;
    }

    // ---- real git

    /** A bare repository with branch main, seeded as a team would: clone, copy flow-templates/, commit, push. Returns the SHA. */
    private static String seedBareRepository(final Path bare) throws Exception {
        git(work, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        final Path clone = Files.createTempDirectory(work, "seed");
        git(work, "clone", "--quiet", bare.toString(), clone.toString());
        copyTree(PROJECT.resolve("flow-templates"), clone.resolve("flow-templates"));
        git(clone, "checkout", "--quiet", "-B", "main");
        git(clone, "add", "flow-templates");
        git(clone, "-c", "user.name=Flow Team", "-c", "user.email=flows@hospital.example", "commit", "--quiet", "-m", "Seed flow-templates");
        git(clone, "push", "--quiet", "origin", "main");
        return git(bare, "rev-parse", "main").strip();
    }

    /** {@code git log main -- <flow file>} in the bare repository: SHA, author name, author email, subject; newest first. */
    private static List<String[]> gitLog(final Path bare) throws Exception {
        final String out = git(bare, "log", "--format=%H%x09%an%x09%ae%x09%s", "main", "--", FLOW_FILE);
        System.out.println("git log of " + bare + ":\n" + out + git(bare, "log", "-1", "--format=%B", "main"));
        return out.lines().map(line -> line.split("\t", 4)).toList();
    }

    private static String git(final Path directory, final String... arguments) throws Exception {
        return GitRegistry.git(work, directory, arguments);
    }

    private static void copyTree(final Path source, final Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (final Path file : files.toList()) {
                final Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
