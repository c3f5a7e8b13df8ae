package io.nifidataops.processors;

import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.GlueStandIn.Fault;
import io.nifidataops.testing.LakeAttributesFixture;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterGlueTableTest {

    @RegisterExtension
    final GlueStandIn glue = new GlueStandIn();

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = glue.newRunner(RegisterGlueTable.class, RegisterGlueTable.AWS_CONNECTION_SERVICE);
        runner.setProperty(RegisterGlueTable.DATABASE, "Lake ${lake.source}");
        runner.setProperty(RegisterGlueTable.CREATE_DATABASE, "true");
    }

    @Test
    void testRegistersTheTableAndReportsWhatChanged() {
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23", "2026-11-24").build());
        runner.run();

        final MockFlowFile registered = runner.getFlowFilesForRelationship(RegisterGlueTable.REL_SUCCESS).get(0);
        registered.assertAttributeEquals("glue.database", "lake_device");
        registered.assertAttributeEquals("glue.table", "structured_vitals");
        registered.assertAttributeEquals("glue.table.version", "0");
        registered.assertAttributeEquals("glue.partitions.created", "2");
        final ProvenanceEventRecord event = runner.getProvenanceEvents().get(0);
        assertThat(event.getEventType()).isEqualTo(ProvenanceEventType.REMOTE_INVOCATION);
        assertThat(event.getTransitUri()).isEqualTo("glue://us-east-1/lake_device/structured_vitals");
        assertThat(event.getDetails()).isEqualTo("created database; created table; 2 partitions");
        assertThat(glue.partitionValues("lake_device", "structured_vitals")).containsExactly(List.of("2026-11-23"), List.of("2026-11-24"));
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
        assertThat(runner.getProvenanceEvents().get(100).getDetails()).isEqualTo("no change");
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
    void testARestartForgetsTheCachesAndCostsOneLookup() {
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();
        glue.resetCalls();

        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();

        assertThat(glue.callCounts()).containsOnly(Map.entry("GetTable", 1), Map.entry("BatchCreatePartition", 1));
        runner.getFlowFilesForRelationship(RegisterGlueTable.REL_SUCCESS).get(1).assertAttributeEquals("glue.partitions.created", "0");
    }

    @Test
    void testNewColumnsAndWideningFollowTheProperty() {
        runner.setProperty(RegisterGlueTable.SCHEMA_EVOLUTION, RegisterGlueTable.ALLOW_SAFE_WIDENING);
        runner.setProperty(RegisterGlueTable.TABLE_VERSIONING, "false");
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.enqueue("", new LakeAttributesFixture().withoutFields().field("device_id", "\"string\"").field("heart_rate", "\"long\"")
                .field("spo2", "\"double\"").build());
        runner.run(2);

        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_SUCCESS, 2);
        assertThat(runner.getProvenanceEvents().get(1).getDetails()).isEqualTo("added columns spo2; widened columns heart_rate");
        assertThat(glue.columns("lake_device", "structured_vitals")).containsEntry("heart_rate", "bigint").containsEntry("spo2", "double");
        assertThat(glue.archivedVersions("lake_device", "structured_vitals")).isZero();
    }

    @Test
    void testAnIncompatibleChangeFailsNamingTheColumnAndTypes() {
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.enqueue("", new LakeAttributesFixture().withoutFields().field("device_id", "\"int\"").build());
        runner.run(2);

        final MockFlowFile failed = runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE).get(0);
        failed.assertAttributeEquals("glue.error", "column 'device_id' is string in table lake_device.structured_vitals but int in the data;"
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
        runner.setProperty(RegisterGlueTable.CREATE_DATABASE, "false");
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.run();

        runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE).get(0)
                .assertAttributeEquals("glue.error", "database lake_device does not exist and Create Database is false");
    }

    @Test
    void testThrottlingRollsBackAndYieldsThenSucceeds() {
        glue.failNext("GetTable", Fault.THROTTLING, 10);
        runner.enqueue("", new LakeAttributesFixture().days("2026-11-23").build());
        runner.run();

        runner.assertTransferCount(RegisterGlueTable.REL_SUCCESS, 0);
        runner.assertTransferCount(RegisterGlueTable.REL_FAILURE, 0);
        runner.assertQueueNotEmpty();
        assertThat(runner.isYieldCalled()).isTrue();

        glue.resetFaults();
        runner.clearTransferState();
        runner.run();
        runner.assertAllFlowFilesTransferred(RegisterGlueTable.REL_SUCCESS, 1);
    }

    @Test
    void testServerErrorsRollBack() {
        glue.failNext("GetTable", Fault.INTERNAL_ERROR, 10);
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.run();

        runner.assertQueueNotEmpty();
        runner.assertTransferCount(RegisterGlueTable.REL_FAILURE, 0);
    }

    @Test
    void testAccessDeniedFails() {
        glue.failNext("GetTable", Fault.ACCESS_DENIED, 1);
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(RegisterGlueTable.REL_FAILURE).get(0);
        failed.assertAttributeEquals("glue.error.code", "AccessDeniedException");
        failed.assertAttributeEquals("glue.error", "Glue AccessDeniedException (HTTP 400)");
    }

    @Test
    void testAnEndpointThatIsDownRollsBackAndYields() {
        glue.close();
        runner.enqueue("", new LakeAttributesFixture().build());
        runner.run();

        runner.assertQueueNotEmpty();
        runner.assertTransferCount(RegisterGlueTable.REL_FAILURE, 0);
        assertThat(runner.isYieldCalled()).isTrue();
    }

    @Test
    void testVerifyChecksTheDatabase() {
        glue.putDatabase("lake_lab");
        assertThat(verify(Map.of("lake.source", "lab"))).extracting(ConfigVerificationResult::getOutcome).containsExactly(Outcome.SUCCESSFUL);

        runner.setProperty(RegisterGlueTable.CREATE_DATABASE, "false");
        final List<ConfigVerificationResult> missing = verify(Map.of("lake.source", "device"));
        assertThat(missing.get(0).getOutcome()).isEqualTo(Outcome.FAILED);
        assertThat(missing.get(0).getExplanation()).isEqualTo("Database lake_device does not exist and Create Database is false");

        glue.failNext("GetDatabase", Fault.ACCESS_DENIED, 1);
        assertThat(verify(Map.of("lake.source", "lab")).get(0).getExplanation()).startsWith("Failed to get database lake_lab: Glue AccessDeniedException");
    }

    private List<ConfigVerificationResult> verify(final Map<String, String> attributes) {
        return ((RegisterGlueTable) runner.getProcessor()).verify(runner.getProcessContext(), new MockComponentLog("verify", runner.getProcessor()), attributes);
    }
}
