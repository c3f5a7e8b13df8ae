package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NiFi UI as a person uses it, in headless Chromium against a real NiFi 2.3.0 with our NARs: src/test/browser/user-journey.mjs
 * (playwright-core from npm, pinned in package-lock.json, drives Debian's /usr/bin/chromium; no browser download) finds our
 * processors in Add Processor by tag, opens View Documentation, builds a validation flow (GenerateFlowFile ->
 * ValidateRecordExpectations -> funnels) with an inline suite and record services made with "Create new service", runs it
 * and reads both queues with List Queue; puts that group under version control with our GitFlowRegistryClient (Start Version
 * Control, Commit Local Changes, Change Version); shows the Lake pipeline at fit-to-screen with every processor drawn; then
 * opens the provenance of the healthcare flow's curated writer, its lineage, "Find parents", and the Glue registration's
 * event details, which must name the table. Screenshots of every step go to target/screenshots/ui/.
 * <p>
 * Why playwright-core and not WebDriver: it waits for each element to be visible, stable and clickable before acting, which
 * the Angular canvas (animated dialogs, SVG redrawn on each poll) needs; Debian's chromium-driver would need the same waits
 * written by hand over plain HTTP. The script's npm dependency installs with {@code npm ci} from this test (and node with
 * npm from .ci/run).
 */
class NiFiUserJourneyIT {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    @RegisterExtension
    static final HealthcareNiFi HEALTHCARE = new HealthcareNiFi("user-journey");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BROWSER_SOURCES = Path.of("src/test/browser");
    private static final String JOURNEY_GROUP = "Validate in the UI";
    private static final String FLOW_NAME = "validate-in-the-ui";
    /** One record passes the suite, one has no patient_id and one a heart rate of 310. */
    private static final String RECORDS = "[{\"patient_id\": \"p-001\", \"heart_rate\": 72}, {\"patient_id\": \"p-002\", \"heart_rate\": 310},"
            + " {\"patient_id\": null, \"heart_rate\": 64}]";
    private static final String SUITE = "{\"name\": \"vitals\", \"expectations\": ["
            + "{\"type\": \"expect_column_values_to_not_be_null\", \"kwargs\": {\"column\": \"patient_id\"}},"
            + " {\"type\": \"expect_column_values_to_be_between\", \"kwargs\": {\"column\": \"heart_rate\", \"min_value\": 20, \"max_value\": 250}}]}";

    private static final String CURATED_WRITER = "Write curated";
    private static final String CURATED_REGISTRAR = "Register curated table";
    /** The Glue table the curated vitals are registered in (LakeSummary.TABLES). */
    private static final String CURATED_TABLE = "curated_device_vitals";

    private static GlueStandIn glue;
    private static NiFiInstance nifi;
    private static NiFiClient client;

    @TempDir
    static Path work;

    @BeforeAll
    static void connect() {
        glue = HEALTHCARE.glue();
        nifi = HEALTHCARE.nifi();
        client = nifi.client();
    }

    @Test
    void testAPersonBuildsRunsAndAuditsFlowsInTheBrowser() throws Exception {
        final Path chromium = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
        final String missing = !Files.isExecutable(chromium) ? "no Chromium at " + chromium + " (apt-get install chromium)"
                : !onPath("node") || !onPath("npm") ? "no node/npm on the PATH (apt-get install nodejs npm)" : null;
        if (missing != null) {
            // CI installs both (.ci/run): a missing one there is a failure, on a developer's machine a printed skip
            assertThat(System.getenv("CI")).as("Browser test cannot run in CI: " + missing).isNotEqualTo("true");
            System.out.println("Skipping the browser test: " + missing);
            Assumptions.abort(missing);
        }

        final HealthcareLake lake = new HealthcareLake(S3, glue, work);
        final FlowDeployer deployer = lake.deployer(nifi.apiUri(), S3.endpoint());
        final String healthcareGroup = deployer.deploy();
        deployer.sendSamples();
        assertThat(deployer.awaitSettled(healthcareGroup, Duration.ofMinutes(3))).as("FlowFiles parked").isZero();
        final JsonNode curatedWriter = client.processors(healthcareGroup).stream()
                .filter(p -> CURATED_WRITER.equals(p.path("component").path("name").asText())).findFirst().orElseThrow();

        final Path screenshots = Path.of(System.getProperty("screenshot.dir"), "ui");
        // screenshots of an earlier run would pass for this one's
        FileTrees.deleteRecursively(screenshots);
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("nifiUrl", nifi.uiUri().toString());
        settings.put("chromium", chromium.toString());
        settings.put("screenshotDir", screenshots.toString());
        settings.put("rootGroupId", client.rootGroupId());
        settings.put("journeyGroupName", JOURNEY_GROUP);
        settings.put("records", RECORDS);
        settings.put("suite", SUITE);
        settings.put("provenance", Map.of("groupId", curatedWriter.path("component").path("parentGroupId").asText(),
                "sender", CURATED_WRITER, "registrar", CURATED_REGISTRAR,
                "table", CURATED_TABLE));
        final Path registry = registryWithOneCommit();
        GitRegistry.createClient(client, "user-journey", "Team Git", registry.toUri().toString(), null, "ui");
        settings.put("versionControl", Map.of("flowName", FLOW_NAME, "firstComment", "Built in the UI",
                "secondComment", "Four records instead of three", "changedRecords", RECORDS.replace("]", ", {\"patient_id\": \"p-005\", \"heart_rate\": 80}]")));
        final Path settingsFile = work.resolve("journey-settings.json");
        JSON.writeValue(settingsFile.toFile(), settings);

        final Path browser = installBrowserDriver();
        final long started = System.nanoTime();
        final Path log = work.resolve("journey.log");
        final int exit = run(browser, log, Duration.ofMinutes(6), "node", "user-journey.mjs", settingsFile.toString());
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("Browser journey (%d s):%n%s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds(), output);
        assertThat(exit).as("user-journey.mjs exit code; its output:\n" + output).isZero();

        // What the person read in the browser agrees with NiFi's own account over REST
        final JsonNode found = JSON.readTree(screenshots.resolve("found.json").toFile());
        final String journeyGroup = client.processors(client.rootGroupId()).stream()
                .filter(p -> "ValidateRecordExpectations".equals(p.path("component").path("name").asText()))
                .map(p -> p.path("component").path("parentGroupId").asText()).findFirst().orElseThrow();
        for (final String relationship : List.of("valid", "invalid")) {
            final NiFiClient.Queue queue = client.queues(journeyGroup).stream().filter(q -> q.relationships().contains(relationship))
                    .findFirst().orElseThrow();
            final Map<String, String> attributes = client.queuedAttributes(queue.connectionId()).getFirst();
            assertThat(found.path("queues").path(relationship).path("attributes").path("record.count").asText())
                    .as("record.count read in the UI for %s", relationship).isEqualTo(attributes.get("record.count"));
        }
        // Change Version went back to the first commit: the registry holds both, the group is at the first, unmodified
        final String journeyVersion = client.get("versions/process-groups/" + journeyGroup).path("versionControlInformation").path("version").asText();
        final List<String> commits = GitRegistry.git(work, registry, "log", "--format=%H %s", "main").lines().toList();
        System.out.println("Registry commits: " + commits);
        assertThat(commits).as("commits in the registry").hasSize(3)
                .anySatisfy(c -> assertThat(c).endsWith("Built in the UI").startsWith(journeyVersion));
        assertThat(client.processors(journeyGroup)).filteredOn(p -> p.path("component").path("name").asText().equals("GenerateFlowFile"))
                .singleElement().satisfies(p -> assertThat(p.path("component").path("config").path("properties").path("generate-ff-custom-text").asText())
                        .as("Custom Text after Change Version").isEqualTo(RECORDS));
        try (var pngs = Files.list(screenshots)) {
            assertThat(pngs.filter(p -> p.toString().endsWith(".png")).count()).as("screenshots in %s", screenshots).isGreaterThanOrEqualTo(10);
        }
    }

    /** A bare repository on main with one commit (a README), as a team starts a registry; our registry client reads it. */
    private static Path registryWithOneCommit() throws Exception {
        final Path bare = work.resolve("registry.git");
        GitRegistry.git(work, work, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        final Path clone = work.resolve("registry-seed");
        GitRegistry.git(work, work, "clone", "--quiet", bare.toString(), clone.toString());
        Files.writeString(clone.resolve("README.md"), "Flows of the team\n");
        GitRegistry.git(work, clone, "checkout", "--quiet", "-B", "main");
        GitRegistry.git(work, clone, "add", "README.md");
        GitRegistry.git(work, clone, "-c", "user.name=Flow Team", "-c", "user.email=flows@hospital.example", "commit", "--quiet", "-m", "Start");
        GitRegistry.git(work, clone, "push", "--quiet", "origin", "main");
        return bare;
    }

    /** Copies the script and its lock file under target/ and installs the pinned playwright-core there once ({@code npm ci}). */
    private static Path installBrowserDriver() throws IOException, InterruptedException {
        final Path target = Path.of("target/browser-journey").toAbsolutePath();
        Files.createDirectories(target);
        final boolean lockChanged = !Files.exists(target.resolve("package-lock.json"))
                || Files.mismatch(BROWSER_SOURCES.resolve("package-lock.json"), target.resolve("package-lock.json")) >= 0;
        for (final String file : List.of("package.json", "package-lock.json", "user-journey.mjs")) {
            Files.copy(BROWSER_SOURCES.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (lockChanged || !Files.isDirectory(target.resolve("node_modules/playwright-core"))) {
            final Path log = target.resolve("npm-ci.log");
            final int exit = run(target, log, Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
            assertThat(exit).as("npm ci: " + Files.readString(log, StandardCharsets.UTF_8)).isZero();
        }
        return target;
    }

    private static int run(final Path directory, final Path log, final Duration timeout, final String... command)
            throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }

    private static boolean onPath(final String executable) {
        final List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        return directories.stream().anyMatch(directory -> Files.isExecutable(Path.of(directory, executable)));
    }
}
