package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.healthcare.SampleData;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.ParquetReadBack;
import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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

    @RegisterExtension
    static final HealthcareNiFi HEALTHCARE = new HealthcareNiFi("healthcare");

    private static final String BUCKET = HealthcareLake.BUCKET;

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
    void testSamplesReachEveryZoneTheCatalogAndQuarantineWithLineageFromReceiveToGlue() throws Exception {
        final long started = System.nanoTime();
        final HealthcareLake lake = new HealthcareLake(S3, glue, work);
        final FlowDeployer deployer = lake.deployer(nifi.apiUri(), S3.endpoint());
        final String groupId = deployer.deploy();
        assertThat(client.processors(groupId)).as("processors of the imported flow").allSatisfy(processor ->
                assertThat(processor.path("component").path("extensionMissing").asBoolean())
                        .as(processor.path("component").path("name").asText()).isFalse());
        client.awaitValidProcessors(groupId, Duration.ofSeconds(60));

        final List<SampleData.Batch> batches = deployer.sendSamples();
        final int parked = deployer.awaitSettled(groupId, Duration.ofMinutes(3));
        System.out.printf("Healthcare flow settled %d s after the import%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());

        HealthcareLake.assertNothingQueued(client, groupId, parked);
        lake.assertLakeHoldsExactlyTheSamples(batches);
        // Declared schemas (flow-templates/schemas): the JSON and CSV sources' timestamps are timestamps in the tables, as read
        // by DuckDB from the objects assertLakeHoldsExactlyTheSamples downloaded
        final Path downloads = work.resolve("downloads");
        assertThat(ParquetReadBack.describe(downloads.resolve("structured/device/vitals/"))).containsEntry("ts", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("heart_rate", "INTEGER");
        assertThat(ParquetReadBack.describe(downloads.resolve("curated/device/vitals/"))).containsEntry("ts", "TIMESTAMP WITH TIME ZONE");
        assertThat(ParquetReadBack.describe(downloads.resolve("structured/lab/lab_results/")))
                .containsEntry("collected_at", "TIMESTAMP WITH TIME ZONE").containsEntry("value", "DOUBLE");
        final HealthcareLake.Expected expected = HealthcareLake.Expected.of(batches);
        NiFiClient.awaitCondition("quarantined records in provenance", Duration.ofSeconds(60),
                () -> deployer.quarantinedRecords().equals(expected.invalid()));
        HealthcareLake.assertNoErrorBulletinAndTheUnreadableBodyWarned(client);
        assertLineageRunsFromReceiveToS3AndGlue();
        screenshot(groupId);
        System.out.printf("HealthcareFlowIT done %d s after the import%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /**
     * The lineage of a curated vitals record set, as an auditor opens it in the UI: the graph of the FlowFile that Glue
     * registered reaches back to the FORK of validation; "Find parents" on that FORK adds the batch received over HTTP.
     * Together they run from the RECEIVE through the raw, structured and curated S3 SEND events (s3:// transit URIs) to
     * the REMOTE_INVOCATION events of the Glue table creations and of both registrations.
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
        // The registrars add the partitions of every record set. A writer reports a Glue call only when it created or evolved
        // the table before uploading, which the first record set into each table does: in this record set's lineage when
        // it was that one, and somewhere in provenance in any case
        assertThat(componentsByType.get("REMOTE_INVOCATION")).as("Glue REMOTE_INVOCATION")
                .contains("Register structured table", "Register curated table")
                .isSubsetOf("Write structured", "Register structured table", "Write curated", "Register curated table");
        assertThat(events.values()).filteredOn(event -> "REMOTE_INVOCATION".equals(event.path("eventType").asText())
                        && event.path("details").asText().contains("created table"))
                .extracting(event -> event.path("componentName").asText())
                .as("table creations before the first upload").contains("Write structured", "Write curated");
        assertThat(lineageEvents).filteredOn(event -> "SEND".equals(event.path("eventType").asText()))
                .allSatisfy(event -> assertThat(event.path("transitUri").asText()).startsWith("s3://" + BUCKET + "/"));

        // Self-explaining in the UI: NiFi shows no transit URI for REMOTE_INVOCATION, so the details name the table; the
        // validator's FORK (NiFi keeps the processor's FORK over its own, which has no details) gives the suite and counts
        assertThat(registration.path("details").asText()).as("details of the curated registration").startsWith(HealthcareLake.DATABASE + ".curated_");
        assertThat(events.get(fork.path("id").asText()).path("details").asText()).as("details of the validator's FORK")
                .startsWith("Suite 'vitals' ").contains(" valid and ", " invalid records; ", "; forked into ");
        // An earlier table's name does not follow the records: the curated SEND carries no glue.table of the structured table
        assertThat(lineageEvents).filteredOn(event -> "SEND".equals(event.path("eventType").asText())
                        && "Write curated".equals(event.path("componentName").asText()))
                .isNotEmpty().allSatisfy(event -> assertThat(attributeValue(client.provenanceEvent(event.path("eventId").asLong()), "glue.table"))
                        .as("glue.table on the curated SEND").isNull());
    }

    /** An attribute's value in a provenance event as the UI's Attributes tab shows it; null when the FlowFile did not have it. */
    private static String attributeValue(final JsonNode event, final String name) {
        for (final JsonNode attribute : event.path("attributes")) {
            if (name.equals(attribute.path("name").asText())) {
                return attribute.path("value").isNull() || attribute.path("value").isMissingNode() ? null : attribute.path("value").asText();
            }
        }
        return null;
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
}
