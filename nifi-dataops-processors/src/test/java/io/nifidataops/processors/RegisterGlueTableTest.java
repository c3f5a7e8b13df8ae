package io.nifidataops.processors;

import io.nifidataops.catalog.GlueCatalogService;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.GlueStandIn.Fault;
import io.nifidataops.testing.LakeAttributesFixture;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockConfigurationContext;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterGlueTableTest {

    @RegisterExtension
    final GlueStandIn glue = new GlueStandIn();

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = glue.newCatalogRunner(RegisterGlueTable.class, RegisterGlueTable.CATALOG_SERVICE,
                Map.of("Database", "Lake ${lake.source}", "Create Database", "true"));
    }

    @Test
    void testRegistersTheTableAndReportsWhatChanged() {
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23", "2026-11-24").build());
        runner.run();

        final MockFlowFile registered = runner.getFlowFilesForRelationship(RegisterGlueTable.REL_SUCCESS).get(0);
        registered.assertAttributeEquals("glue.database", "lake_device");
        registered.assertAttributeEquals("glue.table", "structured_device_vitals");
        registered.assertAttributeEquals("glue.table.version", "0");
        registered.assertAttributeEquals("glue.partitions.created", "2");
        registered.assertAttributeNotExists("lake.schema");
        final ProvenanceEventRecord event = runner.getProvenanceEvents().get(0);
        assertThat(event.getEventType()).isEqualTo(ProvenanceEventType.REMOTE_INVOCATION);
        assertThat(event.getTransitUri()).isEqualTo("glue://us-east-1/lake_device/structured_device_vitals");
        assertThat(event.getDetails()).isEqualTo("lake_device.structured_device_vitals: created database; created table; added 2 partitions");
        assertThat(glue.partitionValues("lake_device", "structured_device_vitals")).containsExactly(List.of("2026-11-23"), List.of("2026-11-24"));
    }

    @Test
    void testASteadyStreamIntoKnownPartitionsMakesNoGlueCall() {
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run(1, false, true);
        glue.resetCalls();

        for (int i = 0; i < 100; i++) {
            runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        }
        runner.run(100, true, false);

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_SUCCESS, 101);
        assertThat(glue.totalCalls()).isZero();
        assertThat(runner.getProvenanceEvents().get(100).getDetails()).isEqualTo("lake_device.structured_device_vitals: no change, table and partitions already registered");
    }

    @Test
    void testOneBatchOfSmallWritesRegistersItsNewPartitionsTogether() {
        for (int day = 0; day < 150; day++) {
            runner.enqueue("", new LakeAttributesFixture().dayRange(day, 1).build());
        }
        runner.enqueue("", new LakeAttributesFixture().dayRange(0, 1).field("Bad Name", "\"int\"").build());
        runner.run(2);

        runner.assertTransferCount(RegisterGlueTable.REL_SUCCESS, 150);
        runner.assertTransferCount(RegisterGlueTable.REL_FAILURE, 1);
        assertThat(glue.calls("BatchCreatePartition")).isEqualTo(2);
        assertThat(runner.getFlowFilesForRelationship(RegisterGlueTable.REL_SUCCESS))
                .allSatisfy(flowFile -> flowFile.assertAttributeEquals("glue.partitions.created", "1"));
    }

    @Test
    void testATableDroppedOutsideNiFiComesBackOnceTheCacheExpires() throws InterruptedException {
        glue.reconfigure(runner, Map.of("Cache Expiration", "200 millis"));
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run(1, false, true);
        glue.dropTable("lake_device", "structured_device_vitals");
        Thread.sleep(300);

        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run(1, true, false);

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_SUCCESS, 2);
        assertThat(glue.table("lake_device", "structured_device_vitals")).isNotNull();
        assertThat(glue.partitionValues("lake_device", "structured_device_vitals")).containsExactly(List.of("2026-11-23"));
        assertThat(runner.getProvenanceEvents().get(1).getDetails()).isEqualTo("lake_device.structured_device_vitals: created table; added 1 partition");
    }

    @Test
    void testARestartOfTheProcessorKeepsWhatTheServiceKnows() {
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();
        glue.resetCalls();

        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();

        assertThat(glue.totalCalls()).isZero();
        runner.getFlowFilesForRelationship(RegisterGlueTable.REL_SUCCESS).get(1).assertAttributeEquals("glue.partitions.created", "0");
    }

    @Test
    void testTwoSourcesWithOneDatasetNameGetTwoTables() {
        runner.enqueue("", new LakeAttributesFixture().set("lake.source", "hospital").set("lake.location", "s3://lake/structured/hospital/vitals/")
                .days("2026-11-23").build());
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_SUCCESS, 2);
        assertThat(runner.getFlowFilesForRelationship(RegisterGlueTable.REL_SUCCESS)).extracting(flowFile -> flowFile.getAttribute("glue.table"))
                .containsExactly("structured_hospital_vitals", "structured_device_vitals");
        assertThat(glue.partitionLocation("lake_hospital", "structured_hospital_vitals", List.of("2026-11-23")))
                .isEqualTo("s3://lake/structured/hospital/vitals/event_date=2026-11-23/");
        assertThat(glue.partitionLocation("lake_device", "structured_device_vitals", List.of("2026-11-23")))
                .isEqualTo("s3://lake/structured/device/vitals/event_date=2026-11-23/");
    }

    @Test
    void testATableAtAnotherLocationIsRefusedNamingBothLocations() {
        glue.reconfigure(runner, Map.of("Database", "lake", "Table", "${lake.zone}_${lake.dataset}"));
        runner.enqueue("", new LakeAttributesFixture().set("lake.source", "hospital").set("lake.location", "s3://lake/structured/hospital/vitals/")
                .days("2026-11-23").build());
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();

        runner.assertTransferCount(RegisterGlueTable.REL_SUCCESS, 1);
        final MockFlowFile refused = runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE).get(0);
        refused.assertAttributeEquals("glue.error", "table lake.structured_vitals is at s3://lake/structured/hospital/vitals/ but lake.location"
                + " is s3://lake/structured/device/vitals/; give the data a table of its own (Table property) or write it to the table's location");
        refused.assertAttributeEquals("glue.error.code", "Invalid");
        assertThat(refused.isPenalized()).isTrue();
        assertThat(glue.partitionValues("lake", "structured_vitals")).containsExactly(List.of("2026-11-23"));
    }

    @Test
    void testAPartitionRegisteredElsewhereIsRefusedNotCountedAsSuccess() {
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();
        glue.putPartition("lake_device", "structured_device_vitals", List.of("2026-11-24"), "s3://elsewhere/vitals/event_date=2026-11-24/");

        runner.enqueue("", new LakeAttributesFixture().days("2026-11-24").build());
        runner.run();

        final MockFlowFile refused = runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE).get(0);
        refused.assertAttributeEquals("glue.error", "1 of 1 partitions of lake_device.structured_device_vitals are registered at a location"
                + " other than their path under s3://lake/structured/device/vitals/");
        refused.assertAttributeEquals("glue.error.code", "PartitionRefused");
        assertThat(glue.partitionLocation("lake_device", "structured_device_vitals", List.of("2026-11-24")))
                .isEqualTo("s3://elsewhere/vitals/event_date=2026-11-24/");
    }

    @Test
    void testDataAnotherWriterWroteIsRegisteredFromAvroSchemaAndPartitionAttributes() {
        runner.setProperty(RegisterGlueTable.PARTITION_ATTRIBUTES, "ingest.date");
        final Map<String, String> attributes = new HashMap<>(Map.of("lake.location", "s3://lake/structured/lab/results/", "lake.format", "parquet",
                "lake.zone", "structured", "lake.source", "lab", "lake.dataset", "results", "ingest.date", "2026-12-04",
                "avro.schema", "{\"type\":\"record\",\"name\":\"r\",\"fields\":[{\"name\":\"test_code\",\"type\":\"string\"}]}"));
        runner.enqueue("", attributes);
        attributes.remove("ingest.date");
        runner.enqueue("", attributes);
        runner.run();

        runner.assertTransferCount(RegisterGlueTable.REL_SUCCESS, 1);
        assertThat(glue.columns("lake_lab", "structured_lab_results")).containsExactly(Map.entry("test_code", "string"));
        assertThat(glue.partitionLocation("lake_lab", "structured_lab_results", List.of("2026-12-04")))
                .isEqualTo("s3://lake/structured/lab/results/ingest_date=2026-12-04/");
        runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE).getFirst()
                .assertAttributeEquals("glue.error", "attribute ingest.date (a Partition Attribute) is missing");
    }

    @Test
    void testACrossAccountCatalogIsNamedInEveryCall() {
        glue.shareCatalog("123456789012");
        glue.reconfigure(runner, Map.of("Catalog ID", "123456789012"));
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_SUCCESS, 1);
        assertThat(glue.catalogIdsSeen()).containsExactly("123456789012");
    }

    @Test
    void testNewColumnsAndWideningFollowTheProperty() {
        glue.reconfigure(runner, Map.of("Schema Evolution", "ALLOW_SAFE_WIDENING", "Table Versioning", "false"));
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.enqueue("", new LakeAttributesFixture().withoutFields().field("device_id", "\"string\"").field("heart_rate", "\"long\"")
                .field("spo2", "\"double\"").build());
        runner.run(2);

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_SUCCESS, 2);
        assertThat(runner.getProvenanceEvents().get(1).getDetails()).isEqualTo("lake_device.structured_device_vitals: added columns spo2; widened columns heart_rate");
        assertThat(glue.columns("lake_device", "structured_device_vitals")).containsEntry("heart_rate", "bigint").containsEntry("spo2", "double");
        assertThat(glue.archivedVersions("lake_device", "structured_device_vitals")).isZero();
    }

    @Test
    void testAnIncompatibleChangeFailsNamingTheColumnAndTypes() {
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.enqueue("", new LakeAttributesFixture().withoutFields().field("device_id", "\"int\"").build());
        runner.run(2);

        final MockFlowFile failed = runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE).get(0);
        failed.assertAttributeEquals("glue.error", "column 'device_id' is string in table lake_device.structured_device_vitals but int in the data;"
                + " Hive cannot change it safely");
        failed.assertAttributeEquals("glue.error.code", "Invalid");
        failed.assertAttributeNotExists("glue.table");
        runner.assertPenalizeCount(1);
    }

    @Test
    void testMissingOrMalformedLakeAttributesFailNamingTheAttribute() {
        runner.enqueue("", new LakeAttributesFixture().set("lake.location", null).build());
        runner.enqueue("", new LakeAttributesFixture().set("lake.partitions", "[{\"event_date\":").build());
        runner.enqueue("", new LakeAttributesFixture().field("reading", "[\"null\",\"int\",\"string\"]").build());
        runner.run(3);

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_FAILURE, 3);
        assertThat(runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE)).extracting(flowFile -> flowFile.getAttribute("glue.error"))
                .containsExactly("attribute lake.location is missing; it is written by PutLakeParquet", "lake.partitions is not JSON",
                        "field 'reading' is a union of [int, string], which Hive cannot express");
        assertThat(glue.totalCalls()).isZero();
    }

    @Test
    void testAMissingDatabaseFailsUnlessItMayBeCreated() {
        glue.reconfigure(runner, Map.of("Create Database", "false"));
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.run();

        runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE).get(0)
                .assertAttributeEquals("glue.error", "database lake_device does not exist and Create Database is false");
    }

    @Test
    void testThrottlingRoutesToRetryPenalizedThenTheRetrySucceeds() {
        glue.failNext("GetTable", Fault.THROTTLING, 10);
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();

        final MockFlowFile retry = runner.getFlowFilesForRelationship(RegisterGlueTable.REL_RETRY).get(0);
        retry.assertAttributeEquals("glue.error.code", "ThrottlingException");
        assertThat(retry.isPenalized()).isTrue();
        runner.assertTransferCount(RegisterGlueTable.REL_FAILURE, 0);
        runner.assertQueueEmpty();

        glue.resetFaults();
        runner.clearTransferState();
        runner.enqueue(retry);
        runner.run();
        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_SUCCESS, 1);
        runner.getFlowFilesForRelationship(RegisterGlueTable.REL_SUCCESS).get(0).assertAttributeNotExists("glue.error");
    }

    @Test
    void testServerErrorsRouteToRetry() {
        glue.failNext("GetTable", Fault.INTERNAL_ERROR, 10);
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.run();

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_RETRY, 1);
        runner.getFlowFilesForRelationship(RegisterGlueTable.REL_RETRY).get(0).assertAttributeEquals("glue.error.code", "InternalServiceException");
    }

    @Test
    void testAccessDeniedFails() {
        glue.failNext("GetTable", Fault.ACCESS_DENIED, 1);
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE).get(0);
        failed.assertAttributeEquals("glue.error.code", "AccessDeniedException");
        failed.assertAttributeEquals("glue.error", "Glue AccessDeniedException (HTTP 400)");
        assertThat(failed.isPenalized()).isTrue();
    }

    @Test
    void testAnEndpointThatIsDownRoutesToRetry() {
        glue.close();
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.run();

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_RETRY, 1);
        assertThat(runner.getFlowFilesForRelationship(RegisterGlueTable.REL_RETRY).get(0).isPenalized()).isTrue();
    }

    @Test
    void testVerifyChecksTheDatabase() {
        glue.putDatabase("lake_lab");
        assertThat(verify(Map.of("Database", "Lake ${lake.source}", "Create Database", "true"), Map.of("lake.source", "lab")))
                .extracting(ConfigVerificationResult::getOutcome).containsExactly(Outcome.SUCCESSFUL);

        final List<ConfigVerificationResult> missing = verify(Map.of("Database", "Lake ${lake.source}", "Create Database", "false"),
                Map.of("lake.source", "device"));
        assertThat(missing.get(0).getOutcome()).isEqualTo(Outcome.FAILED);
        assertThat(missing.get(0).getExplanation()).isEqualTo("Database lake_device does not exist and Create Database is false");

        glue.failNext("GetDatabase", Fault.ACCESS_DENIED, 1);
        assertThat(verify(Map.of("Database", "Lake ${lake.source}"), Map.of("lake.source", "lab")).get(0).getExplanation())
                .startsWith("Failed to get database lake_lab: Glue AccessDeniedException");
    }

    private List<ConfigVerificationResult> verify(final Map<String, String> properties, final Map<String, String> attributes) {
        final GlueCatalogService catalog = (GlueCatalogService) runner.getControllerService("catalog");
        final Map<PropertyDescriptor, String> configured = new HashMap<>();
        configured.put(GlueCatalogService.AWS_CONNECTION_SERVICE, "aws");
        properties.forEach((name, value) -> configured.put(catalog.getPropertyDescriptor(name), value));
        final MockConfigurationContext context = new MockConfigurationContext(catalog, configured,
                ((MockProcessContext) runner.getProcessContext()).getControllerServiceLookup(), Map.of());
        return catalog.verify(context, new MockComponentLog("verify", catalog), attributes);
    }
}
