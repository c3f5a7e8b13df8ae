package io.nifidataops.processors;

import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.LakeRunners;
import io.nifidataops.testing.ParquetReadBack;
import io.nifidataops.testing.S3TestServer;
import io.nifidataops.testing.StagingCrash;
import io.nifidataops.testing.WriteOnlyRoleS3Proxy;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lake's promises under the conditions every production NiFi has: concurrent tasks writing duplicate FlowFiles while
 * writes fail, a write-only role, a schema the table refuses, and a node that dies mid-write.
 */
class LakeWriteGuaranteesTest {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    @RegisterExtension
    final GlueStandIn glue = new GlueStandIn();

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final String SCHEMA = """
            {"type": "record", "name": "vitals", "fields": [
              {"name": "id", "type": "string"}, {"name": "ward", "type": "string"}, {"name": "heart_rate", "type": ["null", "int"]}]}""";
    private static final int BATCHES = 8;
    private static final int RECORDS_PER_WARD = 10;
    private static final List<String> WARDS = List.of("A", "B", "C");

    @TempDir
    Path staging;

    @TempDir
    Path downloads;

    private WriteOnlyRoleS3Proxy writeOnly;
    private TestRunner runner;
    private String bucket;

    @BeforeEach
    void setUp() throws Exception {
        bucket = "guarantees-" + BUCKETS.incrementAndGet();
        S3.createBucket(bucket);
        writeOnly = new WriteOnlyRoleS3Proxy(S3.endpoint());
        runner = TestRunners.newTestRunner(PutLakeParquet.class);
        LakeRunners.useJsonReader(runner, PutLakeParquet.RECORD_READER, SCHEMA);
        LakeRunners.useS3Endpoint(runner, PutLakeParquet.AWS_CONNECTION_SERVICE, writeOnly.endpoint(), glue.endpoint(), "30 secs");
        runner.setProperty(PutLakeParquet.PARTITION_COLUMNS, "ward");
        runner.setProperty(PutLakeParquet.STAGING_DIRECTORY, staging.toString());
    }

    @AfterEach
    void tearDown() {
        writeOnly.close();
    }

    @Test
    void testDuplicatesOnFourThreadsWithFailuresNeitherLoseNorDuplicateARecord() throws Exception {
        // The second writer of each ward=C object fails after rewriting A and B, the objects its twin already reported
        writeOnly.failRepeatedPutsOfKeysContaining("ward=C", 5);
        writeOnly.delayPuts(20);
        runner.setThreadCount(4);
        for (int batch = 0; batch < BATCHES; batch++) {
            runner.enqueue(batch(batch), attributes());
            runner.enqueue(batch(batch), attributes());
        }
        runner.run(2 * BATCHES);

        final List<MockFlowFile> succeeded = runner.getFlowFilesForRelationship(PutLakeParquet.REL_SUCCESS);
        final List<MockFlowFile> retried = runner.getFlowFilesForRelationship(PutLakeParquet.REL_RETRY);
        runner.assertTransferCount(PutLakeParquet.REL_FAILURE, 0);
        assertThat(succeeded.size() + retried.size()).isEqualTo(2 * BATCHES);
        assertThat(retried).as("duplicates whose writes failed").isNotEmpty();
        assertThat(writeOnly.failedPuts()).isPositive();
        final Path afterFailures = download();
        for (final MockFlowFile reported : succeeded) {
            final String batch = reported.getContent().substring(8, reported.getContent().indexOf('-'));
            assertThat(ParquetReadBack.query("SELECT count(*) AS n, count(DISTINCT id) AS ids FROM " + ParquetReadBack.source(afterFailures)
                    + " WHERE id LIKE '" + batch + "-%'").getFirst())
                    .as("records of batch %s, reported as written", batch)
                    .containsEntry("n", (long) WARDS.size() * RECORDS_PER_WARD).containsEntry("ids", (long) WARDS.size() * RECORDS_PER_WARD);
        }

        // NiFi's retry of the retry relationship: each retried FlowFile goes again until written
        List<MockFlowFile> pending = retried;
        for (int round = 0; round < 5 && !pending.isEmpty(); round++) {
            runner.clearTransferState();
            pending.forEach(runner::enqueue);
            runner.run(pending.size());
            pending = runner.getFlowFilesForRelationship(PutLakeParquet.REL_RETRY);
        }
        assertThat(pending).isEmpty();
        final long expected = (long) BATCHES * WARDS.size() * RECORDS_PER_WARD;
        assertThat(ParquetReadBack.query("SELECT count(*) AS n, count(DISTINCT id) AS ids FROM " + ParquetReadBack.source(download())).getFirst())
                .containsEntry("n", expected).containsEntry("ids", expected);
        assertThat(S3.keys(bucket, "")).hasSize(BATCHES * WARDS.size());
        assertThat(writeOnly.refusedDataCalls()).as("no read, list or delete was needed").isEmpty();
    }

    @Test
    void testAWriteOnlyRoleIsEnoughToWrite() throws Exception {
        runner.enqueue(batch(0), attributes());
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 1);
        assertThat(writeOnly.refusedCalls()).isEmpty();
        assertThat(ParquetReadBack.query("SELECT count(*) AS n FROM " + ParquetReadBack.source(download())).getFirst())
                .containsEntry("n", (long) WARDS.size() * RECORDS_PER_WARD);
    }

    @Test
    void testASchemaTheTableRefusesLandsNothingWhereReadersLook() throws Exception {
        runner.setProperty(PutLakeParquet.CATALOG_SERVICE, glue.addCatalogService(runner, Map.of("Database", "lake", "Create Database", "true")));
        runner.enqueue(batch(0), attributes());
        runner.run();
        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 1);
        assertThat(runner.getProvenanceEvents()).filteredOn(event -> event.getEventType() == ProvenanceEventType.REMOTE_INVOCATION)
                .singleElement().satisfies(event -> {
                    assertThat(event.getTransitUri()).isEqualTo("glue://us-east-1/lake/structured_device_vitals");
                    assertThat(event.getDetails()).isEqualTo("lake.structured_device_vitals: created database; created table");
                });
        final List<String> before = S3.keys(bucket, "");

        // heart_rate becomes a string: Add New Columns refuses the type change
        runner.disableControllerService(runner.getControllerService("reader"));
        runner.setProperty(runner.getControllerService("reader"), "schema-text", SCHEMA.replace("[\"null\", \"int\"]", "[\"null\", \"string\"]"));
        runner.enableControllerService(runner.getControllerService("reader"));
        runner.clearTransferState();
        runner.enqueue(batch(1).replaceAll("\"heart_rate\": (\\d+)", "\"heart_rate\": \"$1\""), attributes());
        runner.run();

        final MockFlowFile refused = runner.getFlowFilesForRelationship(PutLakeParquet.REL_FAILURE).getFirst();
        refused.assertAttributeEquals("lake.error.code", "CatalogRefused");
        assertThat(refused.getAttribute("lake.error")).contains("heart_rate").contains("lake.structured_device_vitals");
        assertThat(refused.isPenalized()).isTrue();
        assertThat(S3.keys(bucket, "")).as("no object of the refused FlowFile").isEqualTo(before);
        assertThat(glue.columns("lake", "structured_device_vitals")).containsEntry("heart_rate", "int");
    }

    @Test
    void testAGlueOutageRoutesToRetryWithNothingUploadedAndDoesNotHoldBackS3Writes() throws Exception {
        runner.setProperty(PutLakeParquet.CATALOG_SERVICE, glue.addCatalogService(runner, Map.of("Database", "lake", "Create Database", "true")));
        glue.failNext("GetTable", GlueStandIn.Fault.INTERNAL_ERROR, 10);
        runner.enqueue(batch(0), attributes());
        runner.enqueue(batch(1), attributes());
        runner.run(1, false, true);

        final MockFlowFile retry = runner.getFlowFilesForRelationship(PutLakeParquet.REL_RETRY).getFirst();
        retry.assertAttributeEquals("lake.error.code", "InternalServiceException");
        assertThat(retry.isPenalized()).isTrue();
        assertThat(S3.keys(bucket, "")).as("objects of a FlowFile whose table could not be prepared").isEmpty();

        // Glue is back; S3 never was away, so the next FlowFile is taken at once (no S3 probe holds it back)
        glue.resetFaults();
        runner.run(1, true, false);
        runner.assertTransferCount(PutLakeParquet.REL_SUCCESS, 1);
        assertThat(writeOnly.refusedCalls()).as("no HeadBucket probe").isEmpty();
    }

    @Test
    void testStagedFilesAKilledJvmLeftAreSweptWhenTheProcessorStarts() throws Exception {
        final Path area = staging.resolve(runner.getProcessor().getIdentifier());
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StagingCrash.class.getName(), area.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).startsWith("staged ");
        }
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (var left = Files.walk(area)) {
            assertThat(left.filter(Files::isRegularFile).count()).as("files the killed JVM left").isEqualTo(1);
        }

        runner.enqueue(batch(0), attributes());
        runner.run();

        runner.assertAllFlowFilesTransferred(PutLakeParquet.REL_SUCCESS, 1);
        assertThat(area).isEmptyDirectory();
    }

    /** Records c<batch>-<n>, ten per ward; each batch's content differs, so its objects have names of their own. */
    private static String batch(final int batch) {
        final StringBuilder json = new StringBuilder();
        int n = 0;
        for (final String ward : WARDS) {
            for (int i = 0; i < RECORDS_PER_WARD; i++, n++) {
                json.append("{\"id\": \"c").append(batch).append('-').append(n).append("\", \"ward\": \"").append(ward)
                        .append("\", \"heart_rate\": 7").append(n).append("}\n");
            }
        }
        return json.toString();
    }

    private Map<String, String> attributes() {
        return Map.of("lake.bucket", bucket, "lake.zone", "structured", "lake.source", "device", "lake.dataset", "vitals");
    }

    private Path download() throws Exception {
        final Path table = downloads.resolve("t" + System.nanoTime());
        ParquetReadBack.download(S3.client(), bucket, "", table);
        return table;
    }
}
