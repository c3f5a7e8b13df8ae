package io.nifidataops.processors;

import org.apache.nifi.processor.Relationship;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteToLakeZoneTest {

    private static final String CONTENT = "{\"patient\":\"someone\"}";

    private TestRunner runner;

    @BeforeEach
    void setUp() {
        runner = TestRunners.newTestRunner(RouteToLakeZone.class);
        runner.setProperty(RouteToLakeZone.DEFAULT_BUCKET, "lake");
    }

    @Test
    void builtInRelationshipsExistWithoutConfiguration() {
        assertThat(runner.getProcessor().getRelationships()).extracting(Relationship::getName)
                .containsExactlyInAnyOrder("raw", "quarantine", "structured", "curated", "unmatched");
    }

    @Test
    void noValidationAttributesGoToRaw() {
        final MockFlowFile routed = route(Map.of("lake.source", "device"), "raw");

        routed.assertAttributeEquals("lake.zone", "raw");
        routed.assertAttributeEquals("lake.bucket", "lake");
        routed.assertAttributeEquals("lake.prefix", "");
        routed.assertContentEquals(CONTENT);
    }

    @Test
    void failedValidationGoesToQuarantine() {
        route(Map.of("validation.success", "false", "validation.unexpected.count", "3"), "quarantine")
                .assertAttributeEquals("lake.zone", "quarantine");
    }

    @Test
    void unexpectedValuesGoToQuarantineEvenWhenSuccessIsTrue() {
        route(Map.of("validation.success", "true", "validation.unexpected.count", "1"), "quarantine");
    }

    @Test
    void passedValidationGoesToStructured() {
        route(Map.of("validation.success", "true", "validation.unexpected.count", "0"), "structured")
                .assertAttributeEquals("lake.zone", "structured");
    }

    @Test
    void curatedRuleSendsScoredDataToCurated() {
        runner.setProperty(RouteToLakeZone.CURATED_RULE, "${model.name:isEmpty():not()}");

        route(Map.of("validation.success", "true", "model.name", "readmission-risk"), "curated");
        route(Map.of("validation.success", "true"), "structured");
    }

    @Test
    void anUnreadableOutcomeIsUnmatchedAndLosesStaleZoneAttributes() {
        final MockFlowFile routed = route(Map.of("validation.success", "maybe", "lake.zone", "raw", "lake.bucket", "old", "lake.prefix", "raw"), "unmatched");

        routed.assertAttributeNotExists("lake.zone");
        routed.assertAttributeNotExists("lake.bucket");
        routed.assertAttributeNotExists("lake.prefix");
    }

    @Test
    void userZonesGetRelationshipsAndComeBeforeTheBuiltInDecision() {
        runner.setProperty("restricted", "${sensitivity:equals('restricted')}");
        runner.setProperty("restricted.location", "phi-lake/secure");
        runner.setProperty("lab", "${lake.source:equals('lab'):and(${validation.outcome:equals('valid')})}");

        assertThat(runner.getProcessor().getRelationships()).extracting(Relationship::getName).contains("restricted", "lab")
                .doesNotContain("restricted.location");

        final MockFlowFile restricted = route(Map.of("sensitivity", "restricted", "validation.outcome", "invalid"), "restricted");
        restricted.assertAttributeEquals("lake.zone", "restricted");
        restricted.assertAttributeEquals("lake.bucket", "phi-lake");
        restricted.assertAttributeEquals("lake.prefix", "secure");

        final MockFlowFile lab = route(Map.of("lake.source", "lab", "validation.outcome", "valid"), "lab");
        lab.assertAttributeEquals("lake.bucket", "lake");
        lab.assertAttributeEquals("lake.prefix", "");

        route(Map.of("lake.source", "lab", "validation.outcome", "invalid"), "quarantine");
    }

    @Test
    void theExampleRuleOfTheIssueWorks() {
        runner.setProperty("lab_sensitive", "${lake.source:equals('lab'):and(${sensitivity:equals('high')})}");

        route(Map.of("lake.source", "lab", "sensitivity", "high"), "lab_sensitive");
        route(Map.of("lake.source", "lab", "sensitivity", "low"), "raw");
    }

    @Test
    void zoneRuleOrderDecidesBetweenOverlappingRules() {
        runner.setProperty("lab", "${lake.source:equals('lab')}");
        runner.setProperty("restricted", "${sensitivity:equals('restricted')}");
        final Map<String, String> both = Map.of("lake.source", "lab", "sensitivity", "restricted");

        route(both, "lab");

        runner.setProperty(RouteToLakeZone.ZONE_RULE_ORDER, "restricted, lab");
        route(both, "restricted");
    }

    @Test
    void removingAZoneRemovesItsRelationship() {
        runner.setProperty("lab", "${lake.source:equals('lab')}");
        runner.removeProperty("lab");

        assertThat(runner.getProcessor().getRelationships()).extracting(Relationship::getName).doesNotContain("lab");
    }

    @Test
    void builtInZonesCanLiveInTheirOwnBuckets() {
        runner.setProperty(RouteToLakeZone.QUARANTINE_BUCKET, "lake-quarantine");
        runner.setProperty(RouteToLakeZone.QUARANTINE_PREFIX, "/q/2026/");

        final MockFlowFile routed = route(Map.of("validation.success", "false"), "quarantine");

        routed.assertAttributeEquals("lake.bucket", "lake-quarantine");
        routed.assertAttributeEquals("lake.prefix", "q/2026");
    }

    @Test
    void defaultPrefixAppliesWhereNoZoneNamesItsOwn() {
        runner.setProperty(RouteToLakeZone.DEFAULT_PREFIX, "/lake/v1/");
        runner.setProperty(RouteToLakeZone.RAW_PREFIX, "landing");
        runner.setProperty("restricted", "${sensitivity:equals('restricted')}");
        runner.setProperty("restricted.location", "phi-lake");

        route(Map.of("validation.success", "true"), "structured").assertAttributeEquals("lake.prefix", "lake/v1");
        route(Map.of(), "raw").assertAttributeEquals("lake.prefix", "landing");
        final MockFlowFile restricted = route(Map.of("sensitivity", "restricted"), "restricted");
        restricted.assertAttributeEquals("lake.bucket", "phi-lake");
        restricted.assertAttributeEquals("lake.prefix", "lake/v1");
    }

    @Test
    void locationsMayComeFromTheEnvironment() {
        runner.setEnvironmentVariableValue("PHI_BUCKET", "phi-prod");
        runner.setProperty("restricted", "${sensitivity:equals('restricted')}");
        runner.setProperty("restricted.location", "${PHI_BUCKET}/restricted");

        route(Map.of("sensitivity", "restricted"), "restricted").assertAttributeEquals("lake.bucket", "phi-prod");
    }

    @Test
    void recordsARouteEventNamingZoneAndRuleButNoValues() {
        runner.setProperty("restricted", "${sensitivity:equals('restricted')}");
        route(Map.of("sensitivity", "restricted", "patient.id", "12345"), "restricted");
        route(Map.of("validation.success", "false", "validation.unexpected.count", "7"), "quarantine");

        assertThat(runner.getProvenanceEvents()).extracting(ProvenanceEventRecord::getEventType).containsOnly(ProvenanceEventType.ROUTE);
        assertThat(runner.getProvenanceEvents()).extracting(ProvenanceEventRecord::getDetails).containsExactly(
                "Zone restricted by rule of zone restricted",
                "Zone quarantine by validation.success=false");
        assertThat(runner.getProvenanceEvents()).extracting(ProvenanceEventRecord::getDetails).noneMatch(details -> details.contains("12345"));
    }

    @Test
    void rejectsBadZoneNamesLocationsAndOrders() {
        runner.setProperty("Restricted", "${sensitivity:equals('restricted')}");
        runner.assertNotValid();
        runner.removeProperty("Restricted");

        runner.setProperty("curated", "${a:equals('b')}");
        runner.assertNotValid();
        runner.removeProperty("curated");

        runner.setProperty("lab", "not a boolean expression ${");
        runner.assertNotValid();
        runner.setProperty("lab", "${lake.source:equals('lab')}");
        runner.assertValid();

        runner.setProperty("lab.location", "Not_A_Bucket/lab");
        runner.assertNotValid();
        runner.setProperty("lab.location", "lab-bucket");
        runner.assertValid();

        runner.setProperty("device.location", "lake/device");
        runner.assertNotValid();
        runner.removeProperty("device.location");

        runner.setProperty(RouteToLakeZone.ZONE_RULE_ORDER, "lab, device");
        runner.assertNotValid();
        runner.setProperty(RouteToLakeZone.ZONE_RULE_ORDER, "lab");
        runner.assertValid();

        runner.setProperty(RouteToLakeZone.DEFAULT_BUCKET, "x");
        runner.assertNotValid();
    }

    private MockFlowFile route(final Map<String, String> attributes, final String expectedRelationship) {
        runner.clearTransferState();
        runner.enqueue(CONTENT, new HashMap<>(attributes));
        runner.run();
        runner.assertAllFlowFilesTransferred(expectedRelationship, 1);
        return runner.getFlowFilesForRelationship(expectedRelationship).getFirst();
    }
}
