package io.nifidataops.processors;

import io.nifidataops.lake.ServerSideEncryption;
import io.nifidataops.testing.FaultyProxy;
import io.nifidataops.testing.LakeRunners;
import io.nifidataops.testing.ParquetReadBack;
import io.nifidataops.testing.S3TestServer;
import org.apache.avro.Schema;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.schema.inference.SchemaInferenceUtil;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PutLakeParquetTest {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static final String VITALS_SCHEMA = """
            {"type": "record", "name": "vitals", "fields": [
              {"name": "patientId", "type": "string"},
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "ward", "type": ["null", "string"]},
              {"name": "heartRate", "type": ["null", "int"]},
              {"name": "temp", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 2}]},
              {"name": "birthDate", "type": ["null", {"type": "int", "logicalType": "date"}]},
              {"name": "device", "type": ["null", {"type": "record", "name": "device", "fields": [
                {"name": "model", "type": "string"}, {"name": "battery", "type": "double"}]}]},
              {"name": "readings", "type": {"type": "array", "items": "double"}},
              {"name": "labels", "type": {"type": "map", "values": "string"}},
              {"name": "status", "type": {"type": "enum", "name": "status", "symbols": ["FINAL", "PRELIMINARY"]}}
            ]}""";

    // 2026-11-23T08:00Z, 09:30Z, 23:59:59Z and 2026-11-24T00:00:01Z, 12:00Z, 13:00Z in epoch milliseconds
    private static final String VITALS = """
            {"patientId": "p1", "ts": 1795420800000, "ward": "3/B", "heartRate": 72, "temp": 36.6, "birthDate": "1980-05-17",
             "device": {"model": "W-1", "battery": 0.8}, "readings": [72.0, 73.5], "labels": {"unit": "bpm"}, "status": "FINAL"}
            {"patientId": "p2", "ts": 1795426200000, "ward": "3/B", "heartRate": 80, "temp": 37.25, "birthDate": "1975-01-02",
             "device": {"model": "W-2", "battery": 0.5}, "readings": [], "labels": {}, "status": "PRELIMINARY"}
            {"patientId": "p3", "ts": 1795478399000, "ward": null, "heartRate": 65, "temp": 36.0, "birthDate": null,
             "device": null, "readings": [65.0], "labels": {"unit": "bpm"}, "status": "FINAL"}
            {"patientId": "p1", "ts": 1795478401000, "ward": "ICU", "heartRate": 90, "temp": 38.1, "birthDate": "1980-05-17",
             "device": {"model": "W-1", "battery": 0.7}, "readings": [90.0], "labels": {"unit": "bpm", "site": "wrist"}, "status": "FINAL"}
            {"patientId": "p2", "ts": 1795521600000, "ward": "ICU", "heartRate": null, "temp": null, "birthDate": "1975-01-02",
             "device": null, "readings": [], "labels": {}, "status": "FINAL"}
            {"patientId": "p4", "ts": 1795525200000, "ward": "3/B", "heartRate": 58, "temp": 35.9, "birthDate": "1990-12-31",
             "device": {"model": "W-3", "battery": 1.0}, "readings": [58.0, 57.5, 59.0], "labels": {"unit": "bpm"}, "status": "FINAL"}
            """;

    @TempDir
    Path downloads;

    @TempDir
    Path staging;

    private TestRunner runner;
    private String bucket;

    @BeforeEach
    void setUp() throws InitializationException {
        bucket = "lake-test-" + BUCKETS.incrementAndGet();
        S3.createBucket(bucket);
        runner = TestRunners.newTestRunner(PutLakeParquet.class);
        useReader(VITALS_SCHEMA);
        useAwsEndpoint(S3.endpoint(), "30 secs");
        runner.setProperty(PutLakeParquet.DATE_PARTITION_FIELD, "ts");
        runner.setProperty(PutLakeParquet.PARTITION_COLUMNS, "ward");
        runner.setProperty(PutLakeParquet.STAGING_DIRECTORY, staging.toString());
    }

    @Test
    void testVitalsLandPartitionedByEventDateAndReadBackWithDuckDb() throws Exception {
        enqueue(VITALS);
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 1);
        final MockFlowFile out = runner.getFlowFilesForRelationship(PutLakeParquet.REL_SUCCESS).getFirst();
        out.assertContentEquals(VITALS);
        out.assertAttributeEquals("lake.location", "s3://" + bucket + "/lake/structured/hospital/vitals/");
        out.assertAttributeEquals("lake.format", "parquet");
        out.assertAttributeEquals("lake.compression", "snappy");
        out.assertAttributeEquals("lake.object.count", "4");
        out.assertAttributeEquals("record.count", "6");
        assertThat(out.getAttribute("lake.partitions")).isEqualTo("[{\"event_date\":\"2026-11-23\",\"ward\":\"3/B\"},"
                + "{\"event_date\":\"2026-11-23\",\"ward\":\"__HIVE_DEFAULT_PARTITION__\"},{\"event_date\":\"2026-11-24\",\"ward\":\"ICU\"},"
                + "{\"event_date\":\"2026-11-24\",\"ward\":\"3/B\"}]");
        final Schema schema = new Schema.Parser().parse(out.getAttribute("lake.schema"));
        assertThat(schema.getFields()).extracting(Schema.Field::name)
                .containsExactly("patient_id", "ts", "heart_rate", "temp", "birth_date", "device", "readings", "labels", "status");

        final List<String> keys = S3.keys(bucket, "");
        assertThat(keys).hasSize(4).allMatch(key -> key.matches("lake/structured/hospital/vitals/event_date=2026-11-2[34]/"
                + "ward=(3%2FB|ICU|__HIVE_DEFAULT_PARTITION__)/part-00000-[0-9a-f]{20}\\.parquet"));
        assertThat(runner.getProvenanceEvents()).hasSize(4).allMatch(event -> event.getEventType() == ProvenanceEventType.SEND)
                .extracting(ProvenanceEventRecord::getTransitUri)
                .containsExactlyInAnyOrderElementsOf(keys.stream().map(key -> "s3://" + bucket + "/" + key).toList());

        final Path table = download();
        assertThat(ParquetReadBack.describe(table)).containsExactlyEntriesOf(ParquetReadBack.columns(
                "patient_id", "VARCHAR", "ts", "TIMESTAMP WITH TIME ZONE", "heart_rate", "INTEGER", "temp", "DECIMAL(5,2)",
                "birth_date", "DATE", "device", "STRUCT(model VARCHAR, battery DOUBLE)", "readings", "DOUBLE[]",
                "labels", "MAP(VARCHAR, VARCHAR)", "status", "VARCHAR", "event_date", "DATE", "ward", "VARCHAR"));
        // Hive, Athena and Spark read __HIVE_DEFAULT_PARTITION__ as NULL; DuckDB 1.4 keeps the marker text, so map it here.
        final List<Map<String, Object>> rows = ParquetReadBack.query("SELECT patient_id, epoch_ms(ts) AS ts, heart_rate, temp, birth_date,"
                + " device.model AS model, CAST(readings AS VARCHAR) AS readings, labels['unit'] AS unit, status, event_date,"
                + " NULLIF(ward, '__HIVE_DEFAULT_PARTITION__') AS ward"
                + " FROM " + ParquetReadBack.source(table) + " ORDER BY ts");
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).containsEntry("patient_id", "p1").containsEntry("ts", 1795420800000L).containsEntry("heart_rate", 72)
                .containsEntry("temp", new BigDecimal("36.60")).containsEntry("birth_date", LocalDate.of(1980, 5, 17))
                .containsEntry("model", "W-1").containsEntry("readings", "[72.0, 73.5]").containsEntry("unit", "bpm")
                .containsEntry("status", "FINAL").containsEntry("event_date", LocalDate.of(2026, 11, 23)).containsEntry("ward", "3/B");
        assertThat(rows.get(2)).containsEntry("patient_id", "p3").containsEntry("birth_date", null).containsEntry("model", null)
                .containsEntry("event_date", LocalDate.of(2026, 11, 23)).containsEntry("ward", null);
        assertThat(rows.get(3)).containsEntry("patient_id", "p1").containsEntry("event_date", LocalDate.of(2026, 11, 24)).containsEntry("ward", "ICU");
        assertThat(rows.get(4)).containsEntry("patient_id", "p2").containsEntry("heart_rate", null).containsEntry("temp", null);
        assertThat(rows).extracting(row -> row.get("patient_id")).containsExactly("p1", "p2", "p3", "p1", "p2", "p4");
        assertThat(stagingArea()).as("staged Parquet files are deleted").isEmptyDirectory();
    }

    @Test
    void testReplayOverwritesTheSameKeys() throws Exception {
        enqueue(VITALS);
        runner.run();
        final List<String> first = S3.keys(bucket, "");

        enqueue(VITALS);
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 2);
        assertThat(S3.keys(bucket, "")).isEqualTo(first).hasSize(4);
        assertThat(ParquetReadBack.query("SELECT count(*) AS n FROM " + ParquetReadBack.source(download())).getFirst()).containsEntry("n", 6L);
    }

    @Test
    void testMaxRecordsPerObjectRollsObjectsAndKeepsEveryRecord() throws Exception {
        runner.setProperty(PutLakeParquet.MAX_RECORDS_PER_OBJECT, "1");
        runner.setProperty(PutLakeParquet.COMPRESSION, ParquetCompression.ZSTD);
        runner.setProperty(PutLakeParquet.TIMESTAMP_PRECISION, "MILLIS");
        enqueue(VITALS);
        runner.run();

        final MockFlowFile out = runner.getFlowFilesForRelationship(PutLakeParquet.REL_SUCCESS).getFirst();
        out.assertAttributeEquals("lake.object.count", "6");
        out.assertAttributeEquals("lake.compression", "zstd");
        assertThat(S3.keys(bucket, "")).hasSize(6).anyMatch(key -> key.contains("/part-00001-"));
        final Path table = download();
        assertThat(ParquetReadBack.describe(table)).containsEntry("ts", "TIMESTAMP WITH TIME ZONE");
        assertThat(ParquetReadBack.query("SELECT count(*) AS n, count(DISTINCT patient_id) AS patients, CAST(sum(epoch_ms(ts)) AS BIGINT) AS ts_sum FROM "
                + ParquetReadBack.source(table)).getFirst()).containsEntry("n", 6L).containsEntry("patients", 4L)
                .containsEntry("ts_sum", 1795420800000L + 1795426200000L + 1795478399000L + 1795478401000L + 1795521600000L + 1795525200000L);
    }

    @Test
    void testRawStoresTheContentByteForByte() throws Exception {
        runner.setProperty(PutLakeParquet.OUTPUT_FORMAT, LakeOutputFormat.RAW);
        runner.setProperty(PutLakeParquet.PARTITION_ATTRIBUTES, "ingest.date");
        runner.enqueue(VITALS, Map.of("lake.bucket", bucket, "lake.prefix", "lake", "lake.zone", "raw", "lake.source", "device",
                "lake.dataset", "vitals", "filename", "Smith_John.json", "ingest.date", "2026-11-23"));
        runner.run();

        final MockFlowFile out = runner.getFlowFilesForRelationship(PutLakeParquet.REL_SUCCESS).getFirst();
        final String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(VITALS.getBytes(StandardCharsets.UTF_8)));
        final String key = "lake/raw/device/vitals/ingest_date=2026-11-23/" + sha256 + ".json";
        assertThat(S3.keys(bucket, "")).containsExactly(key);
        assertThat(S3.get(bucket, key)).isEqualTo(VITALS.getBytes(StandardCharsets.UTF_8));
        out.assertAttributeEquals("lake.format", "raw");
        out.assertAttributeEquals("lake.object.count", "1");
        out.assertAttributeNotExists("lake.schema");
        assertThat(runner.getProvenanceEvents()).singleElement().extracting(ProvenanceEventRecord::getTransitUri)
                .isEqualTo("s3://" + bucket + "/" + key);
    }

    @Test
    void testObjectTagsComeFromTheObjectTagsProperty() {
        runner.setProperty(PutLakeParquet.OBJECT_TAGS, "classification=phi, dataset=${lake.dataset}\nretention=${lake.dataset:substring(0,3)}");
        enqueue(VITALS);
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 1);
        assertThat(S3.keys(bucket, "")).hasSize(4).allSatisfy(key -> assertThat(tagsOf(key)).containsExactlyInAnyOrder(
                tuple("classification", "phi"), tuple("dataset", "vitals"), tuple("retention", "vit")));
    }

    @Test
    void testMoreThanTenTagsAreInvalid() {
        runner.setProperty(PutLakeParquet.OBJECT_TAGS, "t0=v,t1=v,t2=v,t3=v,t4=v,t5=v,t6=v,t7=v,t8=v,t9=v");
        runner.assertValid();
        runner.setProperty(PutLakeParquet.OBJECT_TAGS, "t0=v,t1=v,t2=v,t3=v,t4=v,t5=v,t6=v,t7=v,t8=v,t9=v,t10=v");
        runner.assertNotValid();
    }

    @Test
    void testObjectTagsWithoutAKeyOrWithARepeatedKeyAreInvalid() {
        runner.setProperty(PutLakeParquet.OBJECT_TAGS, "classification");
        runner.assertNotValid();
        runner.setProperty(PutLakeParquet.OBJECT_TAGS, "=phi");
        runner.assertNotValid();
        runner.setProperty(PutLakeParquet.OBJECT_TAGS, "classification=phi,classification=pii");
        runner.assertNotValid();
    }

    @Test
    void testAnOldFlowsRenamedPropertiesAndTagPropertiesMigrate() {
        // PutLakeParquet as an old flow configured it: the old names, and dynamic properties for the object tags
        runner.removeProperty(PutLakeParquet.MAX_RECORDS_PER_OBJECT);
        runner.setProperty("Max Records Per Object", "1");
        runner.setProperty("Server-Side Encryption", ServerSideEncryption.NONE.getValue());
        runner.setProperty("classification", "phi");
        runner.setProperty("dataset", "${lake.dataset}");

        final PropertyMigrationResult result = runner.migrateProperties();

        assertThat(result.getPropertiesRenamed()).containsEntry("Max Records Per Object", "Maximum Records Per Object")
                .containsEntry("Server-Side Encryption", "Server Side Encryption");
        assertThat(result.getPropertiesRemoved()).containsExactlyInAnyOrder("classification", "dataset");
        assertThat(runner.getProcessContext().getProperties().keySet()).extracting(PropertyDescriptor::getName)
                .doesNotContain("Max Records Per Object", "Server-Side Encryption", "classification", "dataset");
        assertThat(runner.getProcessContext().getProperties().get(PutLakeParquet.OBJECT_TAGS)).isEqualTo("classification=phi\ndataset=${lake.dataset}");
        runner.assertValid();

        enqueue(VITALS);
        runner.run();

        runner.getFlowFilesForRelationship(PutLakeParquet.REL_SUCCESS).getFirst().assertAttributeEquals("lake.object.count", "6");
        assertThat(S3.keys(bucket, "")).hasSize(6).allSatisfy(key -> assertThat(tagsOf(key)).containsExactlyInAnyOrder(
                tuple("classification", "phi"), tuple("dataset", "vitals")));
    }

    @Test
    void testAFlowOnTheCurrentNamesIsLeftAsItIs() {
        runner.setProperty(PutLakeParquet.OBJECT_TAGS, "classification=phi");
        final PropertyMigrationResult result = runner.migrateProperties();

        assertThat(result.getPropertiesRenamed()).isEmpty();
        assertThat(result.getPropertiesRemoved()).isEmpty();
        assertThat(runner.getProcessContext().getProperties().get(PutLakeParquet.OBJECT_TAGS)).isEqualTo("classification=phi");
        assertThat(runner.getProcessContext().getProperties().get(PutLakeParquet.PARTITION_COLUMNS)).isEqualTo("ward");
    }

    @Test
    void testPartitioningFollowsEachFlowFilesAttributes() throws Exception {
        runner.setProperty(PutLakeParquet.DATE_PARTITION_FIELD, "${lake.date.field}");
        runner.setProperty(PutLakeParquet.PARTITION_COLUMNS, "${lake.partition.columns}");
        final Map<String, String> byDateAndWard = new HashMap<>(attributes(bucket));
        byDateAndWard.putAll(Map.of("lake.dataset", "vitals", "lake.date.field", "ts", "lake.partition.columns", "ward"));
        final Map<String, String> byWard = new HashMap<>(attributes(bucket));
        byWard.putAll(Map.of("lake.dataset", "vitals_by_ward", "lake.partition.columns", "ward"));
        final Map<String, String> unpartitioned = new HashMap<>(attributes(bucket));
        unpartitioned.put("lake.dataset", "vitals_flat");
        runner.enqueue(VITALS, byDateAndWard);
        runner.enqueue(VITALS, byWard);
        runner.enqueue(VITALS, unpartitioned);
        runner.run(3);

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 3);
        assertThat(S3.keys(bucket, "lake/structured/hospital/vitals/")).hasSize(4)
                .allMatch(key -> key.matches("lake/structured/hospital/vitals/event_date=2026-11-2[34]/ward=[^/]+/part-[^/]+\\.parquet"));
        assertThat(S3.keys(bucket, "lake/structured/hospital/vitals_by_ward/")).hasSize(3)
                .allMatch(key -> key.matches("lake/structured/hospital/vitals_by_ward/ward=[^/]+/part-[^/]+\\.parquet"));
        assertThat(S3.keys(bucket, "lake/structured/hospital/vitals_flat/")).singleElement()
                .satisfies(key -> assertThat(key).matches("lake/structured/hospital/vitals_flat/part-[^/]+\\.parquet"));
        final MockFlowFile flat = runner.getFlowFilesForRelationship(PutLakeParquet.REL_SUCCESS).stream()
                .filter(out -> "vitals_flat".equals(out.getAttribute("lake.dataset"))).findFirst().orElseThrow();
        assertThat(new Schema.Parser().parse(flat.getAttribute("lake.schema")).getField("ward")).as("ward stays in the data").isNotNull();
    }

    @Test
    void testDatePartitionTakesTheDayInTheConfiguredTimeZone() throws Exception {
        runner.removeProperty(PutLakeParquet.PARTITION_COLUMNS);
        runner.setProperty(PutLakeParquet.DATE_PARTITION_TIME_ZONE, "Europe/Berlin");
        enqueue(VITALS);
        runner.run();

        // 2026-11-23T23:59:59Z is already 2026-11-24 in Berlin (UTC+1): p3 moves to the next day's partition
        runner.getFlowFilesForRelationship(PutLakeParquet.REL_SUCCESS).getFirst()
                .assertAttributeEquals("lake.partitions", "[{\"event_date\":\"2026-11-23\"},{\"event_date\":\"2026-11-24\"}]");
        final List<Map<String, Object>> days = ParquetReadBack.query("SELECT event_date, string_agg(patient_id, ',' ORDER BY ts) AS patients FROM "
                + ParquetReadBack.source(download()) + " GROUP BY event_date ORDER BY event_date");
        assertThat(days).extracting(day -> day.get("event_date"), day -> day.get("patients")).containsExactly(
                tuple(LocalDate.of(2026, 11, 23), "p1,p2"), tuple(LocalDate.of(2026, 11, 24), "p3,p1,p2,p4"));
    }

    @Test
    void testTheOutputDescribesWhereItWasWrittenNotWhereEarlierStepsWrote() {
        runner.setProperty(PutLakeParquet.ZONE, "quarantine");
        runner.setProperty(PutLakeParquet.DATASET, "${lake.dataset}_reports");
        final Map<String, String> attributes = new HashMap<>(attributes(bucket));
        attributes.putAll(Map.of("lake.zone", "raw", "glue.database", "lake", "glue.table", "structured_hospital_vitals", "glue.table.version", "3",
                "glue.partitions.created", "1", "lake.error", "an earlier failure"));
        runner.enqueue(VITALS, attributes);
        runner.run();

        final MockFlowFile out = runner.getFlowFilesForRelationship(PutLakeParquet.REL_SUCCESS).getFirst();
        out.assertAttributeEquals("lake.zone", "quarantine");
        out.assertAttributeEquals("lake.dataset", "vitals_reports");
        out.assertAttributeEquals("lake.location", "s3://" + bucket + "/lake/quarantine/hospital/vitals_reports/");
        for (final String stale : List.of("glue.database", "glue.table", "glue.table.version", "glue.partitions.created", "lake.error")) {
            out.assertAttributeNotExists(stale);
        }
    }

    @Test
    void testRecordPathPartitionsByANestedValueAndKeepsTheStruct() throws Exception {
        runner.setProperty(PutLakeParquet.PARTITION_COLUMNS, "device_model=/device/model");
        enqueue(VITALS);
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 1);
        assertThat(S3.keys(bucket, "")).hasSize(6).allMatch(key -> key.matches("lake/structured/hospital/vitals/event_date=2026-11-2[34]/"
                + "device_model=(W-1|W-2|W-3|__HIVE_DEFAULT_PARTITION__)/part-[^/]+\\.parquet"));
        final List<Map<String, Object>> rows = ParquetReadBack.query("SELECT patient_id, device.model AS model, device_model, ward FROM "
                + ParquetReadBack.source(download()) + " ORDER BY ts");
        assertThat(rows).extracting(row -> row.get("patient_id"), row -> row.get("model"), row -> row.get("device_model"), row -> row.get("ward"))
                .containsExactly(tuple("p1", "W-1", "W-1", "3/B"), tuple("p2", "W-2", "W-2", "3/B"),
                        tuple("p3", null, "__HIVE_DEFAULT_PARTITION__", null), tuple("p1", "W-1", "W-1", "ICU"),
                        tuple("p2", null, "__HIVE_DEFAULT_PARTITION__", "ICU"), tuple("p4", "W-3", "W-3", "3/B"));
    }

    @Test
    void testRecordPathThatDoesNotCompileMakesTheProcessorInvalid() {
        runner.setProperty(PutLakeParquet.PARTITION_COLUMNS, "model=/device[");
        runner.assertNotValid();
        runner.setProperty(PutLakeParquet.PARTITION_COLUMNS, "model=/device/model, ward");
        runner.setProperty(PutLakeParquet.DATE_PARTITION_FIELD, "/ts[");
        runner.assertNotValid();
        runner.setProperty(PutLakeParquet.DATE_PARTITION_FIELD, "/ts");
        runner.assertValid();
    }

    @Test
    void testRecordPathSelectingSeveralValuesFailsTheFlowFileNamingThePath() {
        runner.setProperty(PutLakeParquet.PARTITION_COLUMNS, "reading=/readings[*]");
        enqueue(VITALS);
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_FAILURE, 1);
        assertThat(runner.getFlowFilesForRelationship(PutLakeParquet.REL_FAILURE).getFirst().getAttribute("lake.error"))
                .contains("'/readings[*]'").contains("one partition value");
        assertThat(S3.keys(bucket, "")).isEmpty();
    }

    @Test
    void testDatePartitionTimeZoneMustBeATimeZone() {
        runner.setProperty(PutLakeParquet.DATE_PARTITION_TIME_ZONE, "Mars/Olympus");
        runner.assertNotValid();
        runner.setProperty(PutLakeParquet.DATE_PARTITION_TIME_ZONE, "+05:30");
        runner.assertValid();
    }

    @Test
    void testValueTheSchemaCannotRepresentFailsNamingRecordAndField() {
        enqueue(VITALS.replace("\"temp\": 37.25", "\"temp\": 1234.5"));
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_FAILURE, 1);
        runner.assertPenalizeCount(1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutLakeParquet.REL_FAILURE).getFirst();
        failed.assertAttributeEquals("lake.error", "record 2: value of field 'temp' cannot be represented as decimal(5,2)");
        failed.assertAttributeEquals("lake.error.code", "RecordConversion");
        assertThat(failed.getAttribute("lake.error")).doesNotContain("1234");
        assertThat(S3.keys(bucket, "")).isEmpty();
        assertThat(stagingArea()).isEmptyDirectory();
    }

    @Test
    void testBackgroundEncodingWritesTheSameObjectsAsTheTaskThread() throws Exception {
        final String content = smallThenLargePartition();
        enqueue(content);
        runner.run();
        final String foreground = "lake-test-" + BUCKETS.incrementAndGet();
        S3.createBucket(foreground);
        runner.setProperty(PutLakeParquet.BACKGROUND_ENCODING, "false");
        runner.enqueue(content, attributes(foreground));
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 2);
        final List<String> keys = S3.keys(bucket, "");
        assertThat(keys).hasSize(2).isEqualTo(S3.keys(foreground, ""));
        for (final String key : keys) {
            assertThat(S3.get(bucket, key)).as(key).isEqualTo(S3.get(foreground, key));
        }
        assertThat(ParquetReadBack.query("SELECT count(*) AS n, count(DISTINCT patient_id) AS patients FROM " + ParquetReadBack.source(download()))
                .getFirst()).containsEntry("n", 3001L).containsEntry("patients", 3001L);
    }

    @Test
    void testBadValueFarIntoALargeFlowFileFailsNamingItsRecordAndLeavesNothing() {
        final String content = smallThenLargePartition();
        final int badLine = 2500;
        final List<String> lines = new ArrayList<>(content.lines().toList());
        lines.set(badLine - 1, lines.get(badLine - 1).replace("\"heartRate\": ", "\"heartRate\": 1e12, \"ignored\": "));
        enqueue(String.join("\n", lines));
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(PutLakeParquet.REL_FAILURE).getFirst().assertAttributeEquals("lake.error",
                "record " + badLine + ": value of field 'heartRate' cannot be represented as int");
        assertThat(S3.keys(bucket, "")).isEmpty();
        assertThat(stagingArea()).isEmptyDirectory();
        assertThat(Thread.getAllStackTraces().keySet()).as("the encoder threads stop with the processor")
                .noneMatch(thread -> thread.getName().contains("Parquet encoder") && thread.isAlive());
    }

    @Test
    void testFieldTypeParquetCannotTakeFailsNamingTheField() {
        runner.removeProperty(PutLakeParquet.PARTITION_COLUMNS);
        useInferringReader();
        enqueue("""
                {"patientId": "p1", "ts": 1795420800000, "device": {"model": "W-1"}}
                {"patientId": "p2", "ts": 1795420800000, "device": "W-2"}
                """);
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(PutLakeParquet.REL_FAILURE).getFirst().assertAttributeEquals("lake.error",
                "field 'device' is a CHOICE of [STRING, RECORD], which cannot be one Parquet column: give the field one type in the reader's schema");
        assertThat(S3.keys(bucket, "")).isEmpty();
    }

    @Test
    void testMissingBucketFailsWithTheAwsErrorCode() {
        runner.enqueue(VITALS, attributes("no-such-bucket"));
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(PutLakeParquet.REL_FAILURE).getFirst();
        failed.assertAttributeEquals("lake.error.code", "NoSuchBucket");
        assertThat(failed.getAttribute("lake.error")).contains("NoSuchBucket");
        assertThat(((MockProcessContext) runner.getProcessContext()).isYieldCalled()).isFalse();
    }

    @Test
    void testServerDyingMidUploadRoutesToRetryAndTheRetryCompletesTheTableWithoutDuplicates() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(S3.endpoint().getPort())) {
            useAwsEndpoint(proxy.endpoint(), "30 secs");
            runner.setProperty(PutLakeParquet.MULTIPART_THRESHOLD, "0 B");
            enqueue(smallThenLargePartition());
            proxy.inject(FaultyProxy.Fault.CUT, 64 * 1024);
            runner.run();

            final MockFlowFile retry = assertRoutedToRetry(proxy);
            proxy.heal();
            runner.clearTransferState();
            runner.enqueue(retry);
            runner.run();
            runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 1);
            runner.getFlowFilesForRelationship(PutLakeParquet.REL_SUCCESS).getFirst().assertAttributeNotExists("lake.error");
            assertThat(S3.keys(bucket, "")).hasSize(2);
            assertThat(ParquetReadBack.query("SELECT count(*) AS n, count(DISTINCT patient_id) AS distinct_patients FROM "
                    + ParquetReadBack.source(download())).getFirst()).containsEntry("n", 3001L).containsEntry("distinct_patients", 3001L);
        }
    }

    @Test
    void testTimeoutMidUploadRoutesToRetry() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(S3.endpoint().getPort())) {
            useAwsEndpoint(proxy.endpoint(), "3 secs");
            enqueue(smallThenLargePartition());
            proxy.inject(FaultyProxy.Fault.STALL, 64 * 1024);
            runner.run();

            assertRoutedToRetry(proxy);
        }
    }

    @Test
    void testDuringAnOutageOneCheapProbeStandsInForReadingTheNextFlowFile() throws Exception {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        useAwsEndpoint(URI.create("http://127.0.0.1:" + closedPort), "5 secs");
        enqueue(VITALS);
        enqueue(VITALS);
        runner.run(1, false, true);

        final MockFlowFile retry = runner.getFlowFilesForRelationship(PutLakeParquet.REL_RETRY).getFirst();
        assertThat(retry.isPenalized()).isTrue();
        assertThat(retry.getAttribute("lake.error.code")).isNotBlank();
        assertThat(((MockProcessContext) runner.getProcessContext()).isYieldCalled()).isTrue();

        runner.run(1, false, false);
        assertThat(runner.getQueueSize().getObjectCount()).as("the second FlowFile is not taken while S3 is down").isEqualTo(1);
        runner.assertTransferCount(PutLakeParquet.REL_RETRY, 1);

        useAwsEndpoint(S3.endpoint(), "30 secs");
        runner.run(1, true, false);
        runner.assertTransferCount(PutLakeParquet.REL_SUCCESS, 1);
    }

    @Test
    void testVerifyChecksTheBucket() {
        final List<ConfigVerificationResult> found = ((PutLakeParquet) runner.getProcessor())
                .verify(runner.getProcessContext(), runner.getLogger(), attributes(bucket));
        assertThat(found).singleElement().extracting(ConfigVerificationResult::getOutcome).isEqualTo(Outcome.SUCCESSFUL);

        final List<ConfigVerificationResult> missing = ((PutLakeParquet) runner.getProcessor())
                .verify(runner.getProcessContext(), runner.getLogger(), attributes("no-such-bucket"));
        assertThat(missing).singleElement().satisfies(result -> {
            assertThat(result.getOutcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.getExplanation()).contains("no-such-bucket").contains("404");
        });
    }

    /** Transient trouble mid-upload: retry, penalized, the cause named; no multipart upload is left open. */
    private MockFlowFile assertRoutedToRetry(final FaultyProxy proxy) {
        assertThat(proxy.faultsInjected()).isPositive();
        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_RETRY, 1);
        final MockFlowFile retry = runner.getFlowFilesForRelationship(PutLakeParquet.REL_RETRY).getFirst();
        assertThat(retry.isPenalized()).isTrue();
        assertThat(retry.getAttribute("lake.error")).isNotBlank();
        assertThat(((MockProcessContext) runner.getProcessContext()).isYieldCalled()).isTrue();
        assertThat(S3.inProgressUploads(bucket)).as("multipart uploads of the failed attempt").isEmpty();
        return retry;
    }

    private List<Tuple> tagsOf(final String key) {
        return S3.client().getObjectTagging(request -> request.bucket(bucket).key(key)).tagSet().stream()
                .map(tag -> tuple(tag.key(), tag.value())).toList();
    }

    private Path stagingArea() {
        return staging.resolve(runner.getProcessor().getIdentifier());
    }

    /** One record in ward A (a small object, uploaded first), then 3000 in ward B (an object larger than 64 KB). */
    private static String smallThenLargePartition() {
        final StringBuilder json = new StringBuilder("{\"patientId\": \"p0\", \"ts\": 1795420800000, \"ward\": \"A\", \"readings\": [], \"labels\": {},"
                + " \"status\": \"FINAL\"}\n");
        final Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            json.append("{\"patientId\": \"").append(Long.toHexString(random.nextLong())).append("\", \"ts\": ").append(1795420800000L + i)
                    .append(", \"ward\": \"B\", \"heartRate\": ").append(40 + random.nextInt(120)).append(", \"readings\": [")
                    .append(random.nextDouble()).append("], \"labels\": {}, \"status\": \"FINAL\"}\n");
        }
        return json.toString();
    }

    private void enqueue(final String json) {
        runner.enqueue(json, attributes(bucket));
    }

    private static Map<String, String> attributes(final String bucketName) {
        return Map.of("lake.bucket", bucketName, "lake.prefix", "lake", "lake.zone", "structured", "lake.source", "hospital", "lake.dataset", "vitals");
    }

    private Path download() throws Exception {
        final Path table = downloads.resolve("t" + System.nanoTime());
        ParquetReadBack.download(S3.client(), bucket, "", table);
        return table;
    }

    private void useReader(final String avroSchema) throws InitializationException {
        LakeRunners.useJsonReader(runner, PutLakeParquet.RECORD_READER, avroSchema);
    }

    private void useInferringReader() {
        final JsonTreeReader reader = (JsonTreeReader) runner.getControllerService("reader");
        runner.disableControllerService(reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaInferenceUtil.INFER_SCHEMA);
        runner.enableControllerService(reader);
    }

    private void useAwsEndpoint(final URI endpoint, final String apiCallTimeout) throws InitializationException {
        LakeRunners.useS3Endpoint(runner, PutLakeParquet.AWS_CONNECTION_SERVICE, endpoint, null, apiCallTimeout);
    }
}
