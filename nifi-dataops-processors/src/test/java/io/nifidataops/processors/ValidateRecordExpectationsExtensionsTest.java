package io.nifidataops.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.lookup.LookupFailureException;
import org.apache.nifi.lookup.StringLookupService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The expect_nifi_* extensions, the metrics and the data docs relationships, as a flow designer meets them. */
class ValidateRecordExpectationsExtensionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static final String LABS = """
            [{"patient_id": "MRN-1001", "loinc": "8867-4", "value": 72, "measured_at": "2025-06-01T10:00:00Z"},
             {"patient_id": "MRN-1002", "loinc": "2708-6", "value": 97, "measured_at": "2025-06-01T10:05:00Z"},
             {"patient_id": "MRN-1003", "loinc": "0000-0", "value": 80, "measured_at": "2025-06-01T10:10:00Z"}]""";

    private ValidateRecordExpectations processor;
    private TestRunner runner;

    /** A reference set held in memory, as a CSV lookup service would serve it. */
    private static final class KnownCodes extends AbstractControllerService implements StringLookupService {
        private final Set<String> codes;
        private boolean failing;

        KnownCodes(final Set<String> codes) {
            this.codes = codes;
        }

        @Override
        public Optional<String> lookup(final Map<String, Object> coordinates) throws LookupFailureException {
            if (failing) {
                throw new LookupFailureException("lookup of " + coordinates.get("key") + " failed");
            }
            final Object key = coordinates.get("key");
            return codes.contains(key) ? Optional.of("known") : Optional.empty();
        }

        @Override
        public Set<String> getRequiredKeys() {
            return Set.of("key");
        }
    }

    @BeforeEach
    void setUp() throws InitializationException {
        processor = new ValidateRecordExpectations();
        processor.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
        runner = TestRunners.newTestRunner(processor);
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(ValidateRecordExpectations.RECORD_READER, "reader");
        runner.setProperty(ValidateRecordExpectations.RECORD_WRITER, "writer");
    }

    private static String suite(final String... expectations) {
        return "{\"name\": \"labs\", \"expectations\": [" + String.join(",", expectations) + "]}";
    }

    private KnownCodes addLoincCodes() throws InitializationException {
        final KnownCodes codes = new KnownCodes(Set.of("8867-4", "2708-6"));
        runner.addControllerService("loinc-lookup", codes);
        runner.enableControllerService(codes);
        runner.setProperty("loinc_codes", "loinc-lookup");
        return codes;
    }

    private static final String IN_LOINC = """
            {"type": "expect_nifi_column_values_to_be_in_reference_set", "kwargs": {"column": "loinc", "reference_set": "loinc_codes"}}""";

    @Test
    void testReferenceSetFromALookupServiceQuarantinesUnknownCodes() throws Exception {
        addLoincCodes();
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, suite(IN_LOINC));
        runner.enqueue(LABS);
        runner.run();

        runner.assertTransferCount(ValidateRecordExpectations.REL_VALID, 1);
        runner.assertTransferCount(ValidateRecordExpectations.REL_INVALID, 1);
        final MockFlowFile invalid = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_INVALID).getFirst();
        assertThat(records(invalid)).extracting(node -> node.get("patient_id").asText()).containsExactly("MRN-1003");
        invalid.assertAttributeEquals("validation.batch.success", "false");
    }

    @Test
    void testMissingOrFailingReferenceSetRoutesToFailureWithoutValues() throws Exception {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, suite(IN_LOINC));
        runner.enqueue(LABS);
        runner.run();
        runner.assertAllFlowFilesTransferred(ValidateRecordExpectations.REL_FAILURE, 1);
        assertThat(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_FAILURE).getFirst().getAttribute("validation.error"))
                .contains("reference set 'loinc_codes', which is not configured");

        runner.clearTransferState();
        addLoincCodes().failing = true;
        runner.enqueue(LABS);
        runner.run();
        runner.assertAllFlowFilesTransferred(ValidateRecordExpectations.REL_FAILURE, 1);
        final String error = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_FAILURE).getFirst().getAttribute("validation.error");
        assertThat(error).contains("Reference set 'loinc_codes' could not be consulted (LookupFailureException)")
                .doesNotContain("8867-4");
    }

    @Test
    void testFreshnessAgainstTheValidationTime() throws Exception {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, suite("""
                {"type": "expect_nifi_column_newest_value_to_be_fresh", "kwargs": {"column": "measured_at", "max_age": "PT3H"}}"""));
        runner.enqueue(LABS);
        runner.run();
        runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst().assertAttributeEquals("validation.batch.success", "true");

        runner.clearTransferState();
        processor.setClock(Clock.fixed(NOW.plusSeconds(6 * 3600), ZoneOffset.UTC));
        runner.enqueue(LABS);
        runner.run();
        final MockFlowFile report = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_REPORT).getFirst();
        report.assertAttributeEquals("validation.batch.success", "false");
        final JsonNode result = JSON.readTree(report.getContent());
        assertThat(result.at("/meta/validation_time").asText()).isEqualTo("2025-06-01T18:00:00Z");
        // the newest timestamp is a record value: not in the report without Include Unexpected Values
        assertThat(report.getContent()).doesNotContain("2025-06-01T10:10");
    }

    private static String batch(final int rows) {
        final List<String> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            records.add("{\"patient_id\": \"MRN-" + i + "\", \"loinc\": \"8867-4\", \"value\": " + (70 + i % 5) + "}");
        }
        return "[" + String.join(",", records) + "]";
    }

    @Test
    void testRowCountHistoryInClusterStateSurvivesARestartAndLearnsOnlyFromSuccess() throws Exception {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, suite("""
                {"type": "expect_nifi_table_row_count_to_be_within_history", "kwargs": {"min_history": 3}}""",
                """
                {"type": "expect_nifi_column_mean_to_be_within_history", "kwargs": {"column": "value", "min_history": 3}}"""));
        runner.setProperty(ValidateRecordExpectations.METRIC_HISTORY_SIZE, "4");
        for (final int rows : new int[] {50, 52, 48}) {
            runner.enqueue(batch(rows));
        }
        runner.run(3);
        runner.assertTransferCount(ValidateRecordExpectations.REL_VALID, 3);
        runner.getStateManager().assertStateEquals("labs/row_count", "50.0,52.0,48.0", Scope.CLUSTER);

        // a new run of the same processor (stopped and started again): the history is still there
        runner.clearTransferState();
        runner.enqueue(batch(51));
        runner.run();
        runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst().assertAttributeEquals("validation.batch.success", "true");
        runner.getStateManager().assertStateEquals("labs/row_count", "50.0,52.0,48.0,51.0", Scope.CLUSTER);

        // a batch one tenth the usual size fails the suite and does not become part of the baseline
        runner.clearTransferState();
        runner.enqueue(batch(5));
        runner.run();
        final MockFlowFile report = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_REPORT).getFirst();
        report.assertAttributeEquals("validation.batch.success", "false");
        assertThat(JSON.readTree(report.getContent()).at("/results/0/success").asBoolean()).isFalse();
        runner.getStateManager().assertStateEquals("labs/row_count", "50.0,52.0,48.0,51.0", Scope.CLUSTER);

        // the bound: 4 values
        runner.clearTransferState();
        runner.enqueue(batch(49));
        runner.run();
        runner.getStateManager().assertStateEquals("labs/row_count", "52.0,48.0,51.0,49.0", Scope.CLUSTER);
    }

    @Test
    void testOptionalRelationshipsAppearOnlyWhenTurnedOn() {
        assertThat(runner.getProcessor().getRelationships()).extracting("name").containsExactlyInAnyOrder("valid", "invalid", "report", "failure");
        runner.setProperty(ValidateRecordExpectations.DATA_QUALITY_METRICS, "true");
        runner.setProperty(ValidateRecordExpectations.DATA_DOCS, "true");
        assertThat(runner.getProcessor().getRelationships()).extracting("name").contains("metrics", "data docs");
        runner.setProperty(ValidateRecordExpectations.DATA_DOCS, "false");
        assertThat(runner.getProcessor().getRelationships()).extracting("name").doesNotContain("data docs");
    }

    private static final String VALUE_CHECKS = suite("""
            {"type": "expect_column_values_to_be_between", "kwargs": {"column": "value", "min_value": 0, "max_value": 90}}""", """
            {"type": "expect_column_max_to_be_between", "kwargs": {"column": "value", "max_value": 200}}""", """
            {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}""");

    @Test
    void testMetricsRelationshipHasOneRecordPerExpectationAndNoRecordValues() throws Exception {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, VALUE_CHECKS);
        runner.setProperty(ValidateRecordExpectations.DATA_QUALITY_METRICS, "true");
        runner.enqueue(LABS, Map.of("lake.dataset", "lab_results"));
        runner.run();

        runner.assertTransferCount(ValidateRecordExpectations.REL_METRICS, 1);
        final MockFlowFile metrics = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_METRICS).getFirst();
        metrics.assertAttributeEquals("record.count", "3");
        metrics.assertAttributeEquals("mime.type", "application/json");
        final List<JsonNode> rows = records(metrics);
        assertThat(rows).extracting(r -> r.get("expectation_type").asText()).containsExactly("expect_column_values_to_be_between",
                "expect_column_max_to_be_between", "expect_table_row_count_to_be_between");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("suite").asText()).isEqualTo("labs");
            assertThat(r.get("dataset").asText()).isEqualTo("lab_results");
            assertThat(r.get("run_time").isNull()).isFalse();
        });
        final JsonNode between = rows.getFirst();
        assertThat(between.get("column").asText()).isEqualTo("value");
        assertThat(between.get("success").asBoolean()).isFalse();
        assertThat(between.get("element_count").asLong()).isEqualTo(3);
        assertThat(between.get("unexpected_count").asLong()).isEqualTo(1);
        // the max is a record value (97): withheld, as in the report
        assertThat(rows.get(1).get("observed_value").isNull()).isTrue();
        assertThat(rows.get(2).get("observed_value").asDouble()).isEqualTo(3.0);
        assertThat(metrics.getContent()).doesNotContain("MRN-", "8867-4", ":97");
    }

    @Test
    void testDataDocsPageShowsTheOutcomeWithoutRecordValues() throws Exception {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, VALUE_CHECKS);
        runner.setProperty(ValidateRecordExpectations.DATA_DOCS, "true");
        runner.enqueue(LABS, Map.of("filename", "labs.json"));
        runner.run();

        runner.assertTransferCount(ValidateRecordExpectations.REL_DATA_DOCS, 1);
        final MockFlowFile page = runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_DATA_DOCS).getFirst();
        page.assertAttributeEquals("mime.type", "text/html");
        page.assertAttributeEquals("filename", "labs.json.validation-report.html");
        final Document html = Jsoup.parse(page.getContent());
        assertThat(html.title()).isEqualTo("Validation report: labs");
        assertThat(html.getElementById("outcome").text()).isEqualTo("Failed");
        assertThat(html.select("script, link, img")).isEmpty();
        final List<Element> rows = html.select("#results tr").subList(1, 4);
        assertThat(rows.get(0).select("td").get(0).text()).contains("failed");
        assertThat(rows.get(0).select("td").get(1).text()).isEqualTo("expect_column_values_to_be_between");
        assertThat(rows.get(0).select("td").get(6).text()).startsWith("1 (33.33 %)");
        assertThat(rows.get(2).select("td").get(4).text()).isEqualTo("3");
        assertThat(html.getElementById("statistics").select("td").eachText()).containsExactly("3", "2", "1", "66.7 %");
        assertThat(html.text()).doesNotContain("MRN-", "8867-4");
        assertThat(html.getElementById("results").text()).doesNotContain("97");
    }

    @Test
    void testDataDocsShowUnexpectedValuesOnlyWhenAllowed() throws Exception {
        runner.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, VALUE_CHECKS);
        runner.setProperty(ValidateRecordExpectations.DATA_DOCS, "true");
        runner.setProperty(ValidateRecordExpectations.INCLUDE_UNEXPECTED_VALUES, "true");
        runner.enqueue(LABS);
        runner.run();
        final Document html = Jsoup.parse(runner.getFlowFilesForRelationship(ValidateRecordExpectations.REL_DATA_DOCS).getFirst().getContent());
        final List<Element> rows = html.select("#results tr");
        assertThat(rows.get(1).select("td").get(7).text()).contains("partial_unexpected_list").contains("97");
        assertThat(rows.get(2).select("td").get(4).text()).isEqualTo("97");
    }

    private static List<JsonNode> records(final MockFlowFile flowFile) throws IOException {
        final List<JsonNode> records = new ArrayList<>();
        JSON.readTree(flowFile.getContent()).forEach(records::add);
        return records;
    }
}
