package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.healthcare.HealthcareFlow;
import io.nifidataops.healthcare.LakeSummary;
import io.nifidataops.healthcare.SampleData;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.ParquetReadBack;
import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healthcare ingestion flow end to end in a real NiFi 2.3.0: the committed flow definition is imported through the REST
 * API by {@link FlowDeployer} (as run.sh and the docker init container do), its parameters point at S3Mock and the Glue
 * stand-in running in this JVM on 127.0.0.1, and the seeded sample data is sent the way each source delivers it (HTTP
 * POSTs for EHR and devices, files for labs). Once the flow has settled, the lake, the catalog, NiFi's queues, bulletins
 * and provenance are checked against what the sample generator says it sent.
 */
class HealthcareFlowIT {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    private static final String BUCKET = "lake";
    private static final String DATABASE = "healthcare_lake";
    private static final long SEED = 7;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The one ERROR bulletin the samples cause on purpose: the device body that is not JSON cannot be validated. */
    private static final String UNREADABLE_BULLETIN = "Records could not be validated";

    private static GlueStandIn glue;
    private static NiFiInstance nifi;
    private static NiFiClient client;

    @TempDir
    static Path work;

    @BeforeAll
    static void startNiFi() {
        glue = new GlueStandIn().start();
        // ONNX Runtime (the vitals model) loads a native library: allowed explicitly on Java 21+
        nifi = SystemTestNiFi.start("healthcare", "1g", "--enable-native-access=ALL-UNNAMED");
        client = nifi.client();
    }

    @AfterAll
    static void stopNiFi() {
        if (nifi != null) {
            nifi.close();
        }
        if (glue != null) {
            glue.close();
        }
    }

    @Test
    void testSamplesReachEveryZoneTheCatalogAndQuarantineWithLineageFromReceiveToGlue() throws Exception {
        final long started = System.nanoTime();
        final FlowDeployer deployer = new FlowDeployer(FlowDeployer.parse(new String[] {
                "--nifi-api", nifi.apiUri().toString(),
                "--flow", projectDir().resolve(HealthcareFlow.RELATIVE_PATH).toString(),
                "--s3-endpoint", S3.endpoint().toString(), "--glue-endpoint", glue.endpoint().toString(),
                "--region", S3TestServer.REGION, "--access-key", S3TestServer.ACCESS_KEY_ID, "--secret-key", S3TestServer.SECRET_ACCESS_KEY,
                "--bucket", BUCKET, "--glue-database", DATABASE,
                "--suite-dir", projectDir().resolve("flow-templates/suites").toString(),
                "--model-file", projectDir().resolve("flow-templates/model/vitals-risk.onnx").toString(),
                "--lab-dir", work.resolve("lab-drop").toString(),
                "--hospital-port", Integer.toString(freePort()), "--device-port", Integer.toString(freePort()),
                "--seed", Long.toString(SEED), "--create-bucket"}));
        final String groupId = deployer.deploy();
        assertThat(client.processors(groupId)).as("processors of the imported flow").allSatisfy(processor ->
                assertThat(processor.path("component").path("extensionMissing").asBoolean())
                        .as(processor.path("component").path("name").asText()).isFalse());
        client.awaitValidProcessors(groupId, Duration.ofSeconds(60));

        final List<SampleData.Batch> batches = deployer.sendSamples();
        final int parked = deployer.awaitSettled(groupId, Duration.ofMinutes(3));
        System.out.printf("Healthcare flow settled %d s after the import%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());

        // Nothing left in any queue, nothing parked in the attention funnel
        final NiFiClient.GroupStatus status = client.groupStatus(groupId);
        assertThat(parked).as("FlowFiles parked in %s", HealthcareFlow.NEEDS_ATTENTION).isZero();
        assertThat(status.queues()).as("queues").allSatisfy(queue ->
                assertThat(queue.flowFiles()).as(queue.source() + " -> " + queue.destination()).isZero());

        final Expected expected = Expected.of(batches);
        final LakeSummary summary = LakeSummary.read(S3.client(), BUCKET, glue.client(), DATABASE);
        System.out.println(summary.describe());
        for (final String zone : List.of("raw", "structured", "curated", "quarantine")) {
            assertThat(summary.objects(zone)).as("objects in %s", zone).isPositive();
        }
        assertRawLanding(batches);
        assertRecordsInEqualRecordsOut(expected);
        assertCuratedVitalsAreScored(expected);
        assertReportsAndUnreadableContentAreQuarantined(batches);
        assertCatalog(summary);
        NiFiClient.awaitCondition("quarantined records in provenance", Duration.ofSeconds(60),
                () -> deployer.quarantinedRecords().equals(expected.invalid()));
        assertOnlyTheExpectedErrorBulletin();
        assertLineageRunsFromReceiveToS3AndGlue();
        screenshot(groupId);
        System.out.printf("HealthcareFlowIT done %d s after the import%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** Records the generator sent per dataset: valid ones must be structured, invalid ones quarantined. */
    private record Expected(Map<String, Integer> valid, Map<String, Integer> invalid, Map<String, String> sources) {
        static Expected of(final List<SampleData.Batch> batches) {
            final Map<String, Integer> valid = new TreeMap<>();
            final Map<String, Integer> invalid = new TreeMap<>();
            final Map<String, String> sources = new TreeMap<>();
            for (final SampleData.Batch batch : batches) {
                if (!batch.unreadable()) {
                    valid.merge(batch.dataset(), batch.records() - batch.invalid(), Integer::sum);
                    invalid.merge(batch.dataset(), batch.invalid(), Integer::sum);
                    sources.put(batch.dataset(), batch.source());
                }
            }
            return new Expected(valid, invalid, sources);
        }

        String table(final String zone, final String dataset) {
            return zone + "/" + sources.get(dataset) + "/" + dataset + "/";
        }
    }

    /** Every delivery lands byte for byte in raw, the unreadable one included. */
    private static void assertRawLanding(final List<SampleData.Batch> batches) {
        final Map<String, Long> sent = batches.stream().collect(Collectors.groupingBy(b -> b.source() + "/" + b.dataset(), TreeMap::new,
                Collectors.counting()));
        final Map<String, Long> landed = S3.keys(BUCKET, "raw/").stream()
                .collect(Collectors.groupingBy(key -> key.split("/")[1] + "/" + key.split("/")[2], TreeMap::new, Collectors.counting()));
        assertThat(landed).as("raw objects per source/dataset").isEqualTo(sent);
        final Set<String> rawContents = S3.keys(BUCKET, "raw/").stream().map(key -> new String(S3.get(BUCKET, key))).collect(Collectors.toSet());
        assertThat(batches).allSatisfy(batch -> assertThat(rawContents).as(batch.name()).contains(new String(batch.content())));
    }

    /** DuckDB reads structured and quarantine Parquet: valid + invalid = every readable record sent, per dataset. */
    private void assertRecordsInEqualRecordsOut(final Expected expected) throws Exception {
        for (final String dataset : expected.valid().keySet()) {
            assertThat(parquetRows(expected.table("structured", dataset))).as("structured %s rows", dataset)
                    .isEqualTo(expected.valid().get(dataset));
            assertThat(parquetRows(expected.table("quarantine", dataset))).as("quarantined %s rows", dataset)
                    .isEqualTo(expected.invalid().get(dataset));
        }
    }

    private void assertCuratedVitalsAreScored(final Expected expected) throws Exception {
        final Path curated = download(expected.table("curated", "vitals"));
        final List<Map<String, Object>> rows = ParquetReadBack.rows(curated, "ts");
        assertThat(rows).as("curated vitals").hasSize(expected.valid().get("vitals")).allSatisfy(row -> {
            assertThat(row.get("risk_score")).as("risk_score").isInstanceOf(Number.class);
            assertThat(((Number) row.get("risk_score")).doubleValue()).isBetween(0.0, 1.0);
            assertThat(row.get("risk_label")).as("risk_label").isNotNull();
        });
    }

    /** One validation report per readable batch (each holds bad records, so each report says the suite failed), the bad body as sent. */
    private static void assertReportsAndUnreadableContentAreQuarantined(final List<SampleData.Batch> batches) throws IOException {
        for (final SampleData.Batch batch : batches.stream().filter(b -> !b.unreadable()).toList()) {
            assertThat(S3.keys(BUCKET, "quarantine/" + batch.source() + "/" + batch.dataset() + "_reports/")).as("%s reports", batch.dataset())
                    .hasSize((int) batches.stream().filter(b -> !b.unreadable() && b.dataset().equals(batch.dataset())).count())
                    .allSatisfy(key -> assertThat(JSON.readTree(S3.get(BUCKET, key)).path("success").asBoolean()).as(key).isFalse());
        }
        final List<String> unreadable = S3.keys(BUCKET, "quarantine/device/vitals_unreadable/");
        assertThat(unreadable).singleElement().satisfies(key -> assertThat(S3.get(BUCKET, key))
                .isEqualTo(batches.stream().filter(SampleData.Batch::unreadable).findFirst().orElseThrow().content()));
    }

    /** The structured table of every dataset and the curated vitals table, each with its partitions and its S3 location. */
    private static void assertCatalog(final LakeSummary summary) {
        assertThat(summary.partitionsByTable().keySet()).as("Glue tables").containsExactlyInAnyOrderElementsOf(LakeSummary.TABLES);
        for (final String table : LakeSummary.TABLES) {
            assertThat(glue.partitionValues(DATABASE, table)).as("partitions of %s", table).isNotEmpty();
            assertThat(glue.table(DATABASE, table).path("StorageDescriptor").path("Location").asText()).as("location of %s", table)
                    .startsWith("s3://" + BUCKET + "/" + table.substring(0, table.indexOf('_')) + "/");
        }
    }

    private static void assertOnlyTheExpectedErrorBulletin() {
        final List<JsonNode> errors = client.bulletins().stream().filter(b -> "ERROR".equals(b.path("level").asText())).toList();
        assertThat(errors).as("ERROR bulletins").isNotEmpty().allSatisfy(bulletin -> {
            assertThat(bulletin.path("sourceName").asText()).isEqualTo("Validate against suite");
            assertThat(bulletin.path("message").asText()).contains(UNREADABLE_BULLETIN);
        });
    }

    /**
     * The lineage of a curated vitals record set, as an auditor opens it in the UI: the graph of the FlowFile that Glue
     * registered reaches back to the FORK of validation; "Find parents" on that FORK adds the batch received over HTTP.
     * Together they run from the RECEIVE through the raw, structured and curated S3 SEND events (s3:// transit URIs) to
     * the REMOTE_INVOCATION events of both Glue registrations.
     */
    private static void assertLineageRunsFromReceiveToS3AndGlue() {
        final Map<String, JsonNode> events = new HashMap<>();
        NiFiClient.awaitCondition("provenance of the curated vitals registration", Duration.ofSeconds(60), () -> {
            client.provenanceEvents(10_000).forEach(event -> events.put(event.path("eventId").asText(), event));
            return events.values().stream().anyMatch(HealthcareFlowIT::isCuratedRegistration);
        });
        final JsonNode registration = events.values().stream().filter(HealthcareFlowIT::isCuratedRegistration).findFirst().orElseThrow();
        final List<JsonNode> nodes = new ArrayList<>();
        client.lineage(registration.path("flowFileUuid").asText()).path("nodes").forEach(nodes::add);
        final JsonNode fork = nodes.stream().filter(node -> "FORK".equals(node.path("eventType").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("No FORK in the lineage of " + registration.path("flowFileUuid").asText()));
        client.parentLineage(fork.path("id").asLong()).path("nodes").forEach(nodes::add);

        final List<JsonNode> lineageEvents = nodes.stream().filter(node -> "EVENT".equals(node.path("type").asText()))
                .map(node -> events.get(node.path("id").asText())).filter(Objects::nonNull).distinct().toList();
        final Map<String, Set<String>> componentsByType = lineageEvents.stream().collect(Collectors.groupingBy(
                event -> event.path("eventType").asText(), TreeMap::new,
                Collectors.mapping(event -> event.path("componentName").asText(), Collectors.toCollection(TreeSet::new))));
        System.out.println("Lineage of a curated vitals record set: " + componentsByType);
        assertThat(componentsByType.get("RECEIVE")).as("RECEIVE").containsExactly("Receive device vitals");
        assertThat(componentsByType.get("SEND")).as("S3 SEND").containsExactlyInAnyOrder("Land raw", "Write structured", "Write curated");
        assertThat(componentsByType.get("REMOTE_INVOCATION")).as("Glue REMOTE_INVOCATION")
                .containsExactlyInAnyOrder("Register structured table", "Register curated table");
        assertThat(lineageEvents).filteredOn(event -> "SEND".equals(event.path("eventType").asText()))
                .allSatisfy(event -> assertThat(event.path("transitUri").asText()).startsWith("s3://" + BUCKET + "/"));
    }

    private static boolean isCuratedRegistration(final JsonNode event) {
        return "REMOTE_INVOCATION".equals(event.path("eventType").asText()) && "Register curated table".equals(event.path("componentName").asText());
    }

    /** The Lake pipeline group on the canvas around the structured writer. */
    private static void screenshot(final String groupId) {
        final Optional<ChromiumScreenshot> chromium = ChromiumScreenshot.find();
        if (chromium.isEmpty()) {
            System.out.println("Skipping the flow screenshot: no Chromium at /usr/bin/chromium and no -Dchromium=<path>");
            return;
        }
        // Selecting a processor opens its group and centres the canvas on it, clear of the panels on the left
        final JsonNode writer = client.processors(groupId).stream()
                .filter(p -> "Write structured".equals(p.path("component").path("name").asText())).findFirst().orElseThrow();
        final Path png = Path.of(System.getProperty("screenshot.dir"), "healthcare-flow.png");
        chromium.get().capture(nifi.uiUri().resolve("#/process-groups/" + writer.path("component").path("parentGroupId").asText()
                + "/Processor/" + writer.path("id").asText()), png, 1600, 1200);
        assertThat(png.toFile().length()).as("screenshot size (a blank page is a few KB)").isGreaterThan(30_000);
        System.out.println("Flow screenshot: " + png);
    }

    private int parquetRows(final String table) throws Exception {
        return ((Number) ParquetReadBack.query("SELECT count(*) AS n FROM " + ParquetReadBack.source(download(table))).getFirst().get("n"))
                .intValue();
    }

    private static Path download(final String table) throws IOException {
        final Path target = Files.createDirectories(work.resolve("downloads"));
        assertThat(ParquetReadBack.download(S3.client(), BUCKET, table, target)).as("objects under %s", table).isPositive();
        return target.resolve(table);
    }

    private static Path projectDir() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
