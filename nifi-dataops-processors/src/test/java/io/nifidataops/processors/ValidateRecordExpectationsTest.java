package io.nifidataops.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.csv.CSVReader;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.PropertyMigrationResult;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateRecordExpectationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String VITALS_SUITE = """
            {"name": "vitals", "expectations": [
              {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "patient_id"}},
              {"type": "expect_column_values_to_be_between", "kwargs": {"column": "heart_rate", "min_value": 20, "max_value": 250}},
              {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "device_id", "regex": "^dev-[0-9]+$"}}
            ]}""";

    private static final String VITALS = """
            [{"patient_id": "p-1", "device_id": "dev-1", "heart_rate": 72, "spo2": 98.5},
             {"patient_id": null,  "device_id": "dev-2", "heart_rate": 80, "spo2": 97.0},
             {"patient_id": "p-3", "device_id": "dev-3", "heart_rate": 999, "spo2": 96.0},
             {"patient_id": "p-4", "device_id": "dev-4", "heart_rate": 65, "spo2": 99.0}]""";

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(ValidateRecordExpectations.class);
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(ValidateRecordExpectations.RECORD_READER, "reader");
        runner.setProperty(ValidateRecordExpectations.RECORD_WRITER, "writer");
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, VITALS_SUITE);
    }

    @Test
    void splitsValidAndInvalidRecordsAndKeepsEveryRecord() throws IOException {
        runner.enqueue(VITALS);
        runner.run();

        runner.assertTransferCount(ValidateRecordExpectations.REL_VALID, 1);
        runner.assertTransferCount(ValidateRecordExpectations.REL_INVALID, 1);
        runner.assertTransferCount(ValidateRecordExpectations.REL_REPORT, 1);
        runner.assertTransferCount(ValidateRecordExpectations.REL_FAILURE, 0);

        final MockFlowFile valid = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst();
        final MockFlowFile invalid = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_INVALID).getFirst();
        assertThat(patientIds(valid)).containsExactly("p-1", "p-4");
        assertThat(records(invalid)).extracting(node -> node.get("heart_rate").asInt()).containsExactly(80, 999);
        valid.assertAttributeEquals("record.count", "2");
        invalid.assertAttributeEquals("record.count", "2");
        valid.assertAttributeEquals("validation.outcome", "valid");
        invalid.assertAttributeEquals("validation.outcome", "invalid");
        for (final MockFlowFile output : List.of(valid, invalid)) {
            output.assertAttributeEquals("validation.suite", "vitals");
            output.assertAttributeEquals("validation.batch.success", "false");
            output.assertAttributeEquals("validation.batch.unexpected.count", "2");
            output.assertAttributeEquals("mime.type", "application/json");
        }
        assertThat(runner.getCounterValue("Records Validated")).isEqualTo(4);
    }

    @Test
    void reportIsGreatExpectationsResultWithoutRecordValuesByDefault() throws IOException {
        runner.enqueue(VITALS);
        runner.run();

        final MockFlowFile reportFlowFile = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_REPORT).getFirst();
        reportFlowFile.assertAttributeEquals("mime.type", "application/json");
        assertThat(reportFlowFile.getAttribute("filename")).endsWith(".validation-report.json");
        final JsonNode report = JSON.readTree(reportFlowFile.getContent());
        assertThat(report.get("success").asBoolean()).isFalse();
        assertThat(report.get("suite_name").asText()).isEqualTo("vitals");
        assertThat(report.get("statistics").get("evaluated_expectations").asInt()).isEqualTo(3);
        assertThat(report.get("statistics").get("successful_expectations").asInt()).isEqualTo(1);
        final JsonNode between = report.get("results").get(1);
        assertThat(between.get("expectation_config").get("type").asText()).isEqualTo("expect_column_values_to_be_between");
        assertThat(between.get("result").get("unexpected_count").asInt()).isEqualTo(1);
        assertThat(between.get("result").has("partial_unexpected_list")).isFalse();
        assertThat(withoutRunMeta(reportFlowFile.getContent())).doesNotContain("999").doesNotContain("p-3");
    }

    @Test
    void reportCarriesUnexpectedValuesOnlyWhenAllowed() throws IOException {
        runner.setProperty(ValidateRecordExpectations.INCLUDE_UNEXPECTED_VALUES, "true");
        runner.setProperty(ValidateRecordExpectations.RESULT_FORMAT, "COMPLETE");
        runner.enqueue(VITALS);
        runner.run();

        final JsonNode report = JSON.readTree(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_REPORT).getFirst().getContent());
        final JsonNode between = report.get("results").get(1).get("result");
        assertThat(between.get("unexpected_list")).extracting(JsonNode::asInt).containsExactly(999);
        assertThat(between.get("unexpected_index_list")).extracting(JsonNode::asInt).containsExactly(2);
    }

    @Test
    void provenanceRoutesWithCountsButNoValues() {
        runner.enqueue(VITALS);
        runner.run();

        final List<ProvenanceEventRecord> routes = runner.getProvenanceEvents().stream()
                .filter(event -> event.getEventType() == ProvenanceEventType.ROUTE).toList();
        assertThat(routes).hasSize(3);
        assertThat(routes).allSatisfy(event -> assertThat(event.getDetails())
                .contains("Suite 'vitals' failed", "2 valid and 2 invalid records", "1 of 3 expectations met")
                .doesNotContain("999").doesNotContain("p-3"));
    }

    @Test
    void theForkNamesTheSuiteTheCountsAndItsChildren() {
        runner.enqueue(VITALS);
        runner.run();

        // nifi-mock adds a FORK of its own for every child; NiFi's session keeps the processor's FORK instead of its own when
        // the children agree (StandardProcessSession, "if the Processor has generated a FORK event, we don't want to use the
        // Framework-created one")
        final List<ProvenanceEventRecord> forks = runner.getProvenanceEvents().stream()
                .filter(event -> event.getEventType() == ProvenanceEventType.FORK && event.getDetails() != null).toList();
        final List<String> children = Stream.of(ValidateRecordExpectations.REL_VALID, ValidateRecordExpectations.REL_INVALID,
                ValidateRecordExpectations.REL_REPORT).map(relationship -> runner.getFlowFilesForRelationship(relationship).getFirst().getAttribute("uuid")).toList();
        assertThat(forks).singleElement().satisfies(fork -> {
            assertThat(fork.getDetails()).isEqualTo("Suite 'vitals' failed: 2 valid and 2 invalid records; 1 of 3 expectations met;"
                    + " forked into 3 FlowFiles");
            assertThat(fork.getChildUuids()).containsExactlyInAnyOrderElementsOf(children);
        });
    }

    @Test
    void attributesOfAnEarlierValidationDoNotFollowTheOutputs() {
        runner.enqueue(VITALS, Map.of("validation.success", "true", "validation.unexpected.count", "0", "validation.outcome", "valid",
                "validation.error", "an earlier failure"));
        runner.run();

        final MockFlowFile valid = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst();
        final MockFlowFile report = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_REPORT).getFirst();
        for (final MockFlowFile output : List.of(valid, report)) {
            output.assertAttributeNotExists("validation.success");
            output.assertAttributeNotExists("validation.unexpected.count");
            output.assertAttributeNotExists("validation.error");
            output.assertAttributeEquals("validation.batch.success", "false");
        }
        valid.assertAttributeEquals("validation.outcome", "valid");
        report.assertAttributeNotExists("validation.outcome");
    }

    @Test
    void invalidRecordsNameTheExpectationsTheyBroke() throws IOException {
        runner.setProperty(ValidateRecordExpectations.FAILED_EXPECTATIONS_FIELD, "_failed_expectations");
        runner.enqueue(VITALS);
        runner.run();

        final List<JsonNode> invalid = records(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_INVALID).getFirst());
        assertThat(invalid.get(0).get("_failed_expectations")).extracting(JsonNode::asText)
                .containsExactly("expect_column_values_to_not_be_null(patient_id)");
        assertThat(invalid.get(1).get("_failed_expectations")).extracting(JsonNode::asText)
                .containsExactly("expect_column_values_to_be_between(heart_rate)");
        final List<JsonNode> valid = records(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst());
        assertThat(valid).allSatisfy(node -> assertThat(node.has("_failed_expectations")).isFalse());
    }

    @Test
    void duplicatesAreAllInvalidWhenUniquenessIsExpected() throws IOException {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, """
                {"expectation_suite_name": "encounters", "expectations": [
                  {"expectation_type": "expect_column_values_to_be_unique", "kwargs": {"column": "encounter_id"}}]}""");
        runner.enqueue("""
                [{"encounter_id": "e1"}, {"encounter_id": "e2"}, {"encounter_id": "e1"}, {"encounter_id": "e3"}]""");
        runner.run();

        assertThat(records(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst()))
                .extracting(node -> node.get("encounter_id").asText()).containsExactly("e2", "e3");
        assertThat(records(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_INVALID).getFirst()))
                .extracting(node -> node.get("encounter_id").asText()).containsExactly("e1", "e1");
        runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst().assertAttributeEquals("validation.suite", "encounters");
    }

    @Test
    void tableLevelFailureQuarantinesEverythingWhenAsked() throws IOException {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, """
                {"name": "vitals", "expectations": [
                  {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "patient_id"}},
                  {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10}}]}""");
        runner.setProperty(ValidateRecordExpectations.SUITE_FAILURE_STRATEGY, SuiteFailureStrategy.ROUTE_ALL_TO_INVALID.getValue());
        runner.enqueue(VITALS);
        runner.run();

        runner.assertTransferCount(ValidateRecordExpectations.REL_VALID, 0);
        final List<MockFlowFile> invalid = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_INVALID);
        assertThat(invalid).hasSize(2);
        assertThat(invalid.stream().mapToInt(flowFile -> Integer.parseInt(flowFile.getAttribute("record.count"))).sum()).isEqualTo(4);
        assertThat(invalid).allSatisfy(flowFile -> flowFile.assertAttributeEquals("validation.outcome", "invalid"));
    }

    @Test
    void tableLevelFailureKeepsRowOutcomeByDefault() {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, """
                {"name": "vitals", "expectations": [
                  {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10}}]}""");
        runner.enqueue(VITALS);
        runner.run();

        runner.assertAllFlowFilesContainAttribute(ValidateRecordExpectations.REL_VALID, "validation.batch.success");
        runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst().assertAttributeEquals("record.count", "4");
        runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst().assertAttributeEquals("validation.batch.success", "false");
        runner.assertTransferCount(ValidateRecordExpectations.REL_INVALID, 0);
    }

    @Test
    void suiteIsChosenPerFlowFileByNameAndReloadedWhenChanged(@TempDir final Path suites) throws IOException {
        final Path vitals = suites.resolve("vitals.json");
        Files.writeString(vitals, VITALS_SUITE);
        useSuiteDirectory(suites);
        runner.enqueue(VITALS, Map.of("lake.dataset", "vitals"));
        runner.run();
        runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst().assertAttributeEquals("record.count", "2");

        Files.writeString(vitals, """
                {"name": "vitals-relaxed", "expectations": [
                  {"type": "expect_column_values_to_be_between", "kwargs": {"column": "heart_rate", "min_value": 20, "max_value": 1000}}]}""");
        Files.setLastModifiedTime(vitals, FileTime.from(Instant.now().plusSeconds(5)));
        runner.clearTransferState();
        runner.enqueue(VITALS, Map.of("lake.dataset", "vitals"));
        runner.run();

        final MockFlowFile valid = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst();
        valid.assertAttributeEquals("record.count", "4");
        valid.assertAttributeEquals("validation.suite", "vitals-relaxed");
    }

    @Test
    void missingSuiteSendsFlowFileToFailure(@TempDir final Path suites) {
        useSuiteDirectory(suites);
        runner.enqueue(VITALS, Map.of("lake.dataset", "unknown"));
        runner.run();

        runner.assertAllFlowFilesTransferred(ValidateRecordExpectations.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_FAILURE).getFirst();
        failed.assertContentEquals(VITALS);
        failed.assertAttributeEquals("validation.error",
                "Expectation suite could not be loaded: No suite named 'unknown' in the Suite Directory (no file unknown.json)");
        assertThat(runner.getLogger().getErrorMessages()).hasSize(1);
    }

    @Test
    void suiteNamesThatCouldLeaveTheDirectoryAreRefusedWithoutReadingAnything(@TempDir final Path root) throws IOException {
        final Path suites = Files.createDirectory(root.resolve("suites"));
        Files.writeString(root.resolve("outside.json"), VITALS_SUITE);
        Files.createSymbolicLink(suites.resolve("linked.json"), root.resolve("outside.json"));
        useSuiteDirectory(suites);
        final List<String> names = List.of("../outside", root.resolve("outside").toString(), "sub/outside", "..", "vitals.json", "linked", "");
        for (final String name : names) {
            runner.enqueue(VITALS, Map.of("lake.dataset", name));
        }
        runner.run(names.size());

        runner.assertAllFlowFilesTransferred(ValidateRecordExpectations.REL_FAILURE, names.size());
        assertThat(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_FAILURE)).extracting(flowFile -> flowFile.getAttribute("validation.error"))
                .containsExactly(
                        "Expectation suite could not be loaded: Suite Name is not a suite name: only letters, digits, '_' and '-' are allowed",
                        "Expectation suite could not be loaded: Suite Name is not a suite name: only letters, digits, '_' and '-' are allowed",
                        "Expectation suite could not be loaded: Suite Name is not a suite name: only letters, digits, '_' and '-' are allowed",
                        "Expectation suite could not be loaded: Suite Name is not a suite name: only letters, digits, '_' and '-' are allowed",
                        "Expectation suite could not be loaded: Suite Name is not a suite name: only letters, digits, '_' and '-' are allowed",
                        "Expectation suite could not be loaded: Suite 'linked' links to a file outside the Suite Directory",
                        "Expectation suite could not be loaded: Suite Name is empty for this FlowFile");
        assertThat(runner.getLogger().getErrorMessages()).hasSize(names.size());
    }

    @Test
    void aPerFlowFileSuitePathMigratesToSuiteDirectoryAndName() {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, "#{suite.dir}/${lake.dataset}.json");

        final PropertyMigrationResult result = runner.migrateProperties();

        assertThat(result.getPropertiesUpdated()).isNotEmpty();
        final Map<PropertyDescriptor, String> properties = runner.getProcessContext().getProperties();
        assertThat(properties.get(ValidateRecordExpectations.SUITE_SOURCE)).isEqualTo("SUITE_DIRECTORY");
        assertThat(properties.get(ValidateRecordExpectations.SUITE_DIRECTORY)).isEqualTo("#{suite.dir}");
        assertThat(properties.get(ValidateRecordExpectations.SUITE_NAME)).isEqualTo("${lake.dataset}");
        assertThat(properties.get(ValidateRecordExpectations.EXPECTATION_SUITE)).isNull();
    }

    @Test
    void aOneRecordReportDoesNotCarryThatPatientsValueAsTheMean() throws IOException {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, """
                {"name": "vitals", "expectations": [
                  {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "heart_rate", "min_value": 20, "max_value": 250}}]}""");
        final String onePatient = "[{\"patient_id\": \"p-1\", \"heart_rate\": 131}]";
        runner.enqueue(onePatient);
        runner.run();

        final String withheld = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_REPORT).getFirst().getContent();
        assertThat(JSON.readTree(withheld).get("results").get(0).get("result").has("observed_value")).isFalse();
        assertThat(withoutRunMeta(withheld)).doesNotContain("131");

        runner.clearTransferState();
        runner.setProperty(ValidateRecordExpectations.MINIMUM_RECORDS_FOR_AGGREGATES, "1");
        runner.enqueue(onePatient);
        runner.run();
        final JsonNode reported = JSON.readTree(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_REPORT).getFirst().getContent());
        assertThat(reported.get("results").get(0).get("result").get("observed_value").asDouble()).isEqualTo(131.0);
    }

    @Test
    void brokenInlineSuiteMakesProcessorInvalid() {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, "{\"name\": \"x\", \"expectations\": [");
        runner.assertNotValid();

        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, """
                {"name": "x", "expectations": [{"type": "expect_column_values_to_be_purple", "kwargs": {"column": "a"}}]}""");
        assertThat(validationMessages()).contains("expect_column_values_to_be_purple").contains("expect_column_values_to_not_be_null");

        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, """
                {"name": "x", "expectations": [{"type": "expect_column_values_to_match_regex", "kwargs": {"column": "a", "regex": "(unclosed"}}]}""");
        assertThat(validationMessages()).contains("(unclosed");
    }

    @Test
    void malformedContentGoesToFailureWithoutEchoingIt() {
        final String malformed = "[{\"patient_id\": \"p-1\", \"heart_rate\": 72}, {\"patient_id\": Smith}]";
        runner.enqueue(malformed);
        runner.run();

        runner.assertAllFlowFilesTransferred(ValidateRecordExpectations.REL_FAILURE, 1);
        final MockFlowFile failed = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_FAILURE).getFirst();
        failed.assertContentEquals(malformed);
        assertThat(failed.getAttribute("validation.error")).startsWith("Records could not be validated").doesNotContain("Smith");
        // Unreadable content is quarantined by design: a WARN with the parser's position, no ERROR bulletin
        assertThat(runner.getLogger().getErrorMessages()).isEmpty();
        assertThat(runner.getLogger().getWarnMessages()).isNotEmpty()
                .allSatisfy(message -> assertThat(message.getMsg()).doesNotContain("Smith"));
        assertThat(failed.getAttribute("validation.error")).contains("JsonParseException at line 1, column ");
        assertThat(runner.getProvenanceEvents()).noneMatch(event -> event.getEventType() == ProvenanceEventType.ROUTE);
    }

    @Test
    void trackedValueLimitFailsTheFlowFileClearly() {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, """
                {"name": "encounters", "expectations": [
                  {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "encounter_id"}}]}""");
        runner.setProperty(ValidateRecordExpectations.MAXIMUM_TRACKED_VALUES, "2");
        runner.enqueue("[{\"encounter_id\": \"e1\"}, {\"encounter_id\": \"e2\"}, {\"encounter_id\": \"e3\"}]");
        runner.run();

        runner.assertAllFlowFilesTransferred(ValidateRecordExpectations.REL_FAILURE, 1);
        assertThat(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_FAILURE).getFirst().getAttribute("validation.error"))
                .contains("expect_column_values_to_be_unique").contains("encounter_id").contains("2");
    }

    @Test
    void csvIsValidatedAgainstItsHeaderSchema() throws InitializationException, IOException {
        final CSVReader csv = new CSVReader();
        runner.addControllerService("csv", csv);
        runner.enableControllerService(csv);
        runner.setProperty(ValidateRecordExpectations.RECORD_READER, "csv");
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, """
                {"name": "labs", "expectations": [
                  {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": ["patient_id", "loinc", "value"]}},
                  {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "loinc", "regex": "^[0-9]{1,5}-[0-9]$"}}]}""");
        runner.enqueue("patient_id,loinc,value\np-1,2345-7,5.4\np-2,bogus,6.1\n");
        runner.run();

        assertThat(records(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst()))
                .extracting(node -> node.get("patient_id").asText()).containsExactly("p-1");
        runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_INVALID).getFirst().assertAttributeEquals("record.count", "1");
    }

    @Test
    void verifyReportsSuiteOutcome(@TempDir final Path suites) throws IOException {
        final List<ConfigVerificationResult> ok = ((VerifiableProcessor) runner.getProcessor())
                .verify(runner.getProcessContext(), new MockComponentLog("verify", this), Map.of());
        assertThat(ok).singleElement().satisfies(result -> {
            assertThat(result.getOutcome()).isEqualTo(ConfigVerificationResult.Outcome.SUCCESSFUL);
            assertThat(result.getExplanation()).contains("vitals").contains("3 expectations");
        });

        useSuiteDirectory(suites);
        Files.writeString(suites.resolve("broken.json"), "{\"name\": 1");
        final List<ConfigVerificationResult> failed = ((VerifiableProcessor) runner.getProcessor())
                .verify(runner.getProcessContext(), new MockComponentLog("verify", this), Map.of("lake.dataset", "broken"));
        assertThat(failed).singleElement().satisfies(result -> assertThat(result.getOutcome()).isEqualTo(ConfigVerificationResult.Outcome.FAILED));
    }

    private void useSuiteDirectory(final Path suites) {
        runner.setProperty(ValidateRecordExpectations.SUITE_SOURCE, SuiteSource.SUITE_DIRECTORY.getValue());
        runner.setProperty(ValidateRecordExpectations.SUITE_DIRECTORY, suites.toString());
        runner.setProperty(ValidateRecordExpectations.SUITE_NAME, "${lake.dataset}");
    }

    private String validationMessages() {
        return String.join("\n", ((org.apache.nifi.util.MockProcessContext) runner.getProcessContext()).validate().stream()
                .map(org.apache.nifi.components.ValidationResult::getExplanation).toList());
    }

    /**
     * A report without its run's meta, after checking that the meta holds only the run's fields: the FlowFile UUID and the
     * validation time have digits of their own, which a search for a record's value must not find.
     */
    private static String withoutRunMeta(final String report) throws IOException {
        final ObjectNode tree = (ObjectNode) JSON.readTree(report);
        final List<String> metaFields = new java.util.ArrayList<>();
        tree.get("meta").fieldNames().forEachRemaining(metaFields::add);
        assertThat(metaFields).containsOnly("flowfile_uuid", "validation_time", "validator", "great_expectations_version");
        tree.remove("meta");
        return tree.toString();
    }

    private static List<String> patientIds(final MockFlowFile flowFile) throws IOException {
        return records(flowFile).stream().map(node -> node.get("patient_id").asText()).toList();
    }

    private static List<JsonNode> records(final MockFlowFile flowFile) throws IOException {
        final List<JsonNode> records = new java.util.ArrayList<>();
        JSON.readTree(flowFile.getContent()).forEach(records::add);
        return records;
    }
}
