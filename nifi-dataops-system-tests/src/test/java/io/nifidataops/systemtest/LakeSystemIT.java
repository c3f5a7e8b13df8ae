package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.ParquetReadBack;
import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The lake processors inside a real NiFi 2.3.0: a flow definition sends validated vitals records through RouteToLakeZone to
 * PutLakeParquet, which writes Hive-partitioned Parquet to an S3-compatible server (S3Mock) running in this test's JVM on
 * 127.0.0.1. The S3 endpoint and the secret key reach the AWS connection service over the REST API, as an operator sets them.
 * The objects are read back by DuckDB; the FlowFile's attributes, the SEND provenance events and the bulletins are checked.
 */
class LakeSystemIT {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOW = "/flows/lake-zones-parquet.json";
    private static final String BUCKET = "lake-system-test";
    private static final String TABLE = "lake/structured/hospital/vitals/";
    private static final String WRITER = "Write Parquet";
    private static final String GENERATOR = "Generate vitals";
    private static final int BULK_RECORDS = 6_000;
    private static final String AWS_SERVICE = "io.nifidataops.aws.StandardAwsConnectionService";
    /** Records per partition of the five the flow generates. */
    private static final Map<String, Integer> PARTITIONS = Map.of(
            "event_date=2026-11-23/ward=ICU", 2,
            "event_date=2026-11-23/ward=3B", 1,
            "event_date=2026-11-24/ward=ICU", 1,
            "event_date=2026-11-24/ward=3B", 1);

    private static NiFiInstance nifi;
    private static NiFiClient client;

    @TempDir
    Path downloads;

    @BeforeAll
    static void startNiFi() {
        S3.createBucket(BUCKET);
        nifi = SystemTestNiFi.start("lake", "768m");
        client = nifi.client();
    }

    @AfterAll
    static void stopNiFi() {
        if (nifi != null) {
            nifi.close();
        }
    }

    @Test
    void testRecordsLandAsPartitionedParquetWithAttributesAndProvenance() throws Exception {
        final String groupId = client.uploadFlowDefinition(client.rootGroupId(), "Lake system test", flowDefinition(), 0, 0);
        runFlow(groupId);
        assertThat(client.queuedAttributes(writerQueue(groupId, "success").connectionId())).singleElement().satisfies(attributes ->
                assertThat(attributes)
                        .containsEntry("lake.zone", "structured")
                        .containsEntry("lake.location", "s3://" + BUCKET + "/" + TABLE)
                        .containsEntry("lake.object.count", Integer.toString(PARTITIONS.size()))
                        .containsEntry("record.count", "5"));

        // Objects under the Hive-partitioned keys, each a Parquet file DuckDB reads with the partition's rows
        final List<String> keys = S3.keys(BUCKET, TABLE);
        assertThat(keys).hasSize(PARTITIONS.size()).allMatch(key -> key.matches(TABLE + "event_date=2026-11-2[34]/ward=(ICU|3B)/part-00000-[0-9a-f]{20}\\.parquet"));
        ParquetReadBack.download(S3.client(), BUCKET, TABLE, downloads);
        for (final Map.Entry<String, Integer> partition : PARTITIONS.entrySet()) {
            final Path directory = downloads.resolve(TABLE + partition.getKey());
            assertThat(ParquetReadBack.rows(directory, "ts")).as(partition.getKey()).hasSize(partition.getValue())
                    .allSatisfy(row -> assertThat(row).containsKeys("patient_id", "ts", "heart_rate", "spo2", "event_date", "ward"));
        }

        // One SEND per object with its s3:// URI; NiFi indexes provenance asynchronously, so poll for them
        final List<String> expectedUris = keys.stream().map(key -> "s3://" + BUCKET + "/" + key).toList();
        NiFiClient.awaitCondition("SEND events of " + WRITER, Duration.ofSeconds(30), () -> sentUris(TABLE).size() >= expectedUris.size());
        assertThat(sentUris(TABLE)).containsExactlyInAnyOrderElementsOf(expectedUris);
        assertNoErrorBulletins();
    }

    /** Past 1,024 records the Parquet encoding runs on PutLakeParquet's second thread (Background Encoding): here in NiFi's NAR class loader. */
    @Test
    void testThousandsOfRecordsInOneFlowFileLandWhole() throws Exception {
        final String groupId = client.uploadFlowDefinition(client.rootGroupId(), "Lake system test, bulk", flowDefinition(), 0, 400);
        final String generator = processorId(groupId, GENERATOR);
        final StringBuilder records = new StringBuilder();
        for (int i = 0; i < BULK_RECORDS; i++) {
            records.append("{\"patient_id\": \"p-").append(i).append("\", \"ts\": \"2026-11-2").append(3 + i % 2).append("T08:00:00Z\", \"ward\": \"")
                    .append(i % 3 == 0 ? "ICU" : "3B").append("\", \"heart_rate\": ").append(50 + i % 90).append(", \"spo2\": 97.5}\n");
        }
        client.updateProcessorProperties(generator, Map.of("generate-ff-custom-text", records.toString(), "lake.dataset", "vitals_bulk"));
        runFlow(groupId);

        assertThat(client.queuedAttributes(writerQueue(groupId, "success").connectionId())).singleElement().satisfies(attributes ->
                assertThat(attributes).containsEntry("record.count", Integer.toString(BULK_RECORDS)).containsEntry("lake.object.count", "4"));
        final String table = "lake/structured/hospital/vitals_bulk/";
        ParquetReadBack.download(S3.client(), BUCKET, table, downloads);
        assertThat(ParquetReadBack.query("SELECT count(*) AS n, count(DISTINCT patient_id) AS patients, CAST(sum(heart_rate) AS BIGINT) AS heart_rates,"
                + " count(DISTINCT event_date) AS dates, count(*) FILTER (WHERE ward = 'ICU') AS icu FROM " + ParquetReadBack.source(downloads.resolve(table)))
                .getFirst())
                .containsEntry("n", (long) BULK_RECORDS).containsEntry("patients", (long) BULK_RECORDS).containsEntry("dates", 2L)
                .containsEntry("icu", (long) (BULK_RECORDS + 2) / 3)
                .containsEntry("heart_rates", IntStream.range(0, BULK_RECORDS).mapToLong(i -> 50 + i % 90).sum());
        assertNoErrorBulletins();
    }

    /** RecordPath in the real NiFi: our NAR bundles nifi-record-path and its ANTLR runtime for the writer's partition paths. */
    @Test
    void testANestedValuePartitionsThroughARecordPathAndStaysInItsStruct() throws Exception {
        final String groupId = client.uploadFlowDefinition(client.rootGroupId(), "Lake system test, nested", flowDefinition(), 0, 1200);
        final String generator = processorId(groupId, GENERATOR);
        final StringBuilder records = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            records.append("{\"patient_id\": \"p-").append(i).append("\", \"ts\": \"2026-11-23T08:00:00Z\", \"ward\": \"ICU\", \"heart_rate\": 70,")
                    .append(" \"spo2\": 97.5, \"device\": {\"model\": \"W-").append(i % 2).append("\", \"battery\": 0.5}}\n");
        }
        client.updateProcessorProperties(generator, Map.of("generate-ff-custom-text", records.toString(), "lake.dataset", "vitals_by_device"));
        client.updateProcessorProperties(processorId(groupId, WRITER), Map.of("Partition Columns", "device_model=/device/model"));
        runFlow(groupId);

        final String table = "lake/structured/hospital/vitals_by_device/";
        assertThat(S3.keys(BUCKET, table)).hasSize(2)
                .allMatch(key -> key.matches(table + "event_date=2026-11-23/device_model=W-[01]/part-00000-[0-9a-f]{20}\\.parquet"));
        ParquetReadBack.download(S3.client(), BUCKET, table, downloads);
        assertThat(ParquetReadBack.query("SELECT device_model, count(*) AS n, count(*) FILTER (WHERE device.model = device_model) AS agreeing, min(ward) AS ward FROM "
                + ParquetReadBack.source(downloads.resolve(table)) + " GROUP BY device_model ORDER BY device_model"))
                .extracting(row -> row.get("device_model"), row -> row.get("n"), row -> row.get("agreeing"), row -> row.get("ward"))
                .containsExactly(tuple("W-0", 3L, 3L, "ICU"), tuple("W-1", 3L, 3L, "ICU"));
        assertNoErrorBulletins();
    }

    private String processorId(final String groupId, final String name) {
        return client.processors(groupId).stream()
                .filter(processor -> name.equals(processor.path("component").path("name").asText()))
                .map(processor -> processor.path("id").asText())
                .findFirst().orElseThrow(() -> new AssertionError("No " + name + " in the flow"));
    }

    /**
     * A flow saved before the properties were renamed: NiFi runs migrateProperties as it imports it, so the user finds the values
     * under the new names (and the former tag properties in Object Tags), and the flow runs as before.
     */
    @Test
    void testAFlowWithTheOldPropertyNamesIsMigratedWhenImported() throws Exception {
        final ObjectNode flow = (ObjectNode) JSON.readTree(flowDefinition());
        for (final JsonNode component : flow.path("flowContents").path("processors")) {
            if (WRITER.equals(component.path("name").asText())) {
                final ObjectNode properties = (ObjectNode) component.path("properties");
                properties.put("Max Records Per Object", "1");
                properties.put("classification", "phi");
                properties.put("dataset", "${lake.dataset}");
                ((ObjectNode) component.path("propertyDescriptors")).removeAll();
            }
        }
        for (final JsonNode service : flow.path("flowContents").path("controllerServices")) {
            if (AWS_SERVICE.equals(service.path("type").asText())) {
                final ObjectNode properties = (ObjectNode) service.path("properties");
                properties.set("Path Style Access", properties.remove("Use Path Style Access"));
            }
        }
        final String groupId = client.uploadFlowDefinition(client.rootGroupId(), "Lake system test, old names", JSON.writeValueAsBytes(flow), 0, 800);

        final JsonNode writer = client.processors(groupId).stream().filter(processor -> WRITER.equals(processor.path("component").path("name").asText()))
                .findFirst().orElseThrow().path("component").path("config").path("properties");
        assertThat(writer.path("Maximum Records Per Object").asText()).isEqualTo("1");
        assertThat(writer.path("Object Tags").asText()).isEqualTo("classification=phi\ndataset=${lake.dataset}");
        assertThat(writer.has("Max Records Per Object")).isFalse();
        assertThat(writer.has("classification")).isFalse();
        final JsonNode aws = client.controllerServices(groupId).stream().filter(service -> AWS_SERVICE.equals(service.path("component").path("type").asText()))
                .findFirst().orElseThrow().path("component").path("properties");
        assertThat(aws.path("Use Path Style Access").asText()).isEqualTo("true");
        assertThat(aws.has("Path Style Access")).isFalse();

        final String generator = processorId(groupId, GENERATOR);
        client.updateProcessorProperties(generator, Map.of("lake.dataset", "vitals_old_names"));
        runFlow(groupId);

        assertThat(client.queuedAttributes(writerQueue(groupId, "success").connectionId())).singleElement().satisfies(attributes ->
                assertThat(attributes).containsEntry("lake.object.count", "5").containsEntry("record.count", "5"));
        final List<String> keys = S3.keys(BUCKET, "lake/structured/hospital/vitals_old_names/");
        assertThat(keys).as("one record per object").hasSize(5).allSatisfy(key ->
                assertThat(S3.client().getObjectTagging(request -> request.bucket(BUCKET).key(key)).tagSet())
                        .extracting(tag -> tag.key() + "=" + tag.value()).containsExactlyInAnyOrder("classification=phi", "dataset=vitals_old_names"));
    }

    /** Points the flow's AWS service at S3Mock, starts the flow and stops it once Write Parquet has emitted its FlowFile. */
    private void runFlow(final String groupId) {
        final String serviceId = client.controllerServices(groupId).stream()
                .filter(service -> AWS_SERVICE.equals(service.path("component").path("type").asText()))
                .map(service -> service.path("id").asText())
                .findFirst().orElseThrow(() -> new AssertionError("No " + AWS_SERVICE + " in the flow"));
        client.updateControllerServiceProperties(serviceId, Map.of(
                "S3 Endpoint Override", S3.endpoint().toString(),
                "Secret Access Key", S3TestServer.SECRET_ACCESS_KEY));
        client.enableControllerServices(groupId, Duration.ofSeconds(60));
        client.awaitValidProcessors(groupId, Duration.ofSeconds(60));
        client.startProcessGroup(groupId);

        NiFiClient.awaitCondition("a FlowFile on success, retry or failure of " + WRITER, Duration.ofSeconds(60),
                () -> writerQueue(groupId, "success").flowFiles() + writerQueue(groupId, "retry").flowFiles()
                        + writerQueue(groupId, "failure").flowFiles() > 0);
        client.stopProcessGroup(groupId);
        assertThat(client.queuedAttributes(writerQueue(groupId, "failure").connectionId())).as("FlowFiles on failure").isEmpty();
        assertThat(client.queuedAttributes(writerQueue(groupId, "retry").connectionId())).as("FlowFiles on retry").isEmpty();
    }

    private static void assertNoErrorBulletins() {
        final List<String> errors = client.bulletins().stream()
                .filter(bulletin -> "ERROR".equals(bulletin.path("level").asText()))
                .map(bulletin -> bulletin.path("sourceName").asText() + ": " + bulletin.path("message").asText())
                .toList();
        assertThat(errors).as("ERROR bulletins").isEmpty();
    }

    private static List<String> sentUris(final String table) {
        return client.provenanceEvents(1000).stream()
                .filter(event -> "SEND".equals(event.path("eventType").asText()) && WRITER.equals(event.path("componentName").asText()))
                .map(event -> event.path("transitUri").asText())
                .filter(uri -> uri.startsWith("s3://" + BUCKET + "/" + table))
                .toList();
    }

    private static NiFiClient.Queue writerQueue(final String groupId, final String relationship) {
        return client.queues(groupId).stream()
                .filter(queue -> queue.source().equals(WRITER) && queue.relationships().contains(relationship))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No connection for " + WRITER + " / " + relationship));
    }

    private static byte[] flowDefinition() throws IOException {
        try (InputStream in = LakeSystemIT.class.getResourceAsStream(FLOW)) {
            assertThat(in).as(FLOW).isNotNull();
            return in.readAllBytes();
        }
    }
}
