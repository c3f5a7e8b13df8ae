package io.nifidataops.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestExpectationSuiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String VITALS = """
            [{"patient_id": "p-0001", "heart_rate": 72, "spo2": 98.5, "activity": "rest"},
             {"patient_id": null,     "heart_rate": 80, "spo2": 97.0, "activity": "walk"},
             {"patient_id": "p-0003", "heart_rate": 131, "spo2": 96.0, "activity": "run"},
             {"patient_id": "p-0004", "heart_rate": 65, "spo2": 99.0, "activity": "rest"},
             {"patient_id": "p-0005", "heart_rate": 58, "spo2": 94.5, "activity": "sleep"}]""";

    @Test
    void suggestsTypesNullRatesRangesAndSmallValueSets() throws Exception {
        final TestRunner runner = profiler(3);
        runner.enqueue(VITALS, Map.of("lake.dataset", "vitals"));
        runner.run();

        runner.assertTransferCount(SuggestExpectationSuite.SUCCESS, 1);
        runner.assertTransferCount(SuggestExpectationSuite.ORIGINAL, 1);
        final MockFlowFile suggestion = runner.getFlowFilesForRelationship(SuggestExpectationSuite.SUCCESS).getFirst();
        suggestion.assertAttributeEquals("mime.type", "application/json");
        suggestion.assertAttributeEquals("profile.record.count", "5");
        final JsonNode suite = JSON.readTree(suggestion.getContent());
        assertThat(suite.path("name").asText()).isEqualTo("vitals");
        final List<String> lines = new ArrayList<>();
        suite.path("expectations").forEach(e -> lines.add(e.path("type").asText() + " " + e.path("kwargs")));
        assertThat(lines).containsExactly(
                "expect_table_columns_to_match_set {\"column_set\":[\"patient_id\",\"heart_rate\",\"spo2\",\"activity\"],\"exact_match\":true}",
                "expect_column_proportion_of_non_null_values_to_be_between {\"column\":\"patient_id\",\"min_value\":0.8}",
                "expect_column_values_to_be_in_type_list {\"column\":\"patient_id\",\"type_list\":[\"str\"]}",
                // four distinct ids, more than the set size of 3: a length range instead
                "expect_column_value_lengths_to_be_between {\"column\":\"patient_id\",\"min_value\":6,\"max_value\":6}",
                "expect_column_values_to_not_be_null {\"column\":\"heart_rate\"}",
                "expect_column_values_to_be_in_type_list {\"column\":\"heart_rate\",\"type_list\":[\"int\"]}",
                "expect_column_values_to_be_between {\"column\":\"heart_rate\",\"min_value\":58,\"max_value\":131}",
                "expect_column_values_to_not_be_null {\"column\":\"spo2\"}",
                "expect_column_values_to_be_in_type_list {\"column\":\"spo2\",\"type_list\":[\"float\"]}",
                "expect_column_values_to_be_between {\"column\":\"spo2\",\"min_value\":94.5,\"max_value\":99.0}",
                "expect_column_values_to_not_be_null {\"column\":\"activity\"}",
                "expect_column_values_to_be_in_type_list {\"column\":\"activity\",\"type_list\":[\"str\"]}",
                // four distinct activities, more than 3: lengths again
                "expect_column_value_lengths_to_be_between {\"column\":\"activity\",\"min_value\":3,\"max_value\":5}");
    }

    @Test
    void theSuggestedSuiteRunsInValidateRecordExpectationsAndTheSamplePassesIt() throws Exception {
        final TestRunner runner = profiler(10);
        runner.enqueue(VITALS);
        runner.run();
        final String suite = runner.getFlowFilesForRelationship(SuggestExpectationSuite.SUCCESS).getFirst().getContent();
        assertThat(JSON.readTree(suite).path("name").asText()).isEqualTo("suggested");
        assertThat(suite).contains("\"value_set\" : [ \"rest\", \"run\", \"sleep\", \"walk\" ]");

        final TestRunner validator = TestRunners.newTestRunner(ValidateRecordExpectations.class);
        addReader(validator);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        validator.addControllerService("writer", writer);
        validator.enableControllerService(writer);
        validator.setProperty(ValidateRecordExpectations.RECORD_READER, "reader");
        validator.setProperty(ValidateRecordExpectations.RECORD_WRITER, "writer");
        validator.setProperty(ValidateRecordExpectations.EXPECTATION_SUITE, suite);
        validator.enqueue(VITALS);
        validator.run();

        validator.assertTransferCount(ValidateRecordExpectations.REL_VALID, 1);
        validator.assertTransferCount(ValidateRecordExpectations.REL_INVALID, 0);
        validator.getFlowFilesForRelationship(ValidateRecordExpectations.REL_VALID).getFirst().assertAttributeEquals("record.count", "5");
        final JsonNode report = JSON.readTree(validator.getFlowFilesForRelationship(ValidateRecordExpectations.REL_REPORT).getFirst().getContent());
        assertThat(report.path("success").asBoolean()).as("report %s", report).isTrue();
        assertThat(report.path("statistics").path("evaluated_expectations").asInt()).isEqualTo(13);

        // A record outside what the sample showed is caught by the suggestion
        validator.clearTransferState();
        validator.enqueue("[{\"patient_id\": \"p-0009\", \"heart_rate\": 240, \"spo2\": 97.0, \"activity\": \"swim\"}]");
        validator.run();
        validator.assertTransferCount(ValidateRecordExpectations.REL_INVALID, 1);
    }

    @Test
    void profilesOnlyTheSampleSize() throws Exception {
        final TestRunner runner = profiler(10);
        runner.setProperty(SuggestExpectationSuite.SAMPLE_SIZE, "2");
        runner.enqueue(VITALS);
        runner.run();
        final MockFlowFile suggestion = runner.getFlowFilesForRelationship(SuggestExpectationSuite.SUCCESS).getFirst();
        suggestion.assertAttributeEquals("profile.record.count", "2");
        assertThat(suggestion.getContent()).contains("\"max_value\" : 80").doesNotContain("131");
    }

    @Test
    void unreadableContentGoesToFailureWithoutQuotingIt() throws Exception {
        final TestRunner runner = profiler(10);
        runner.enqueue("[{\"patient_id\": \"p-secret-77\", \"heart_rate\": ");
        runner.run();
        runner.assertAllFlowFilesTransferred(SuggestExpectationSuite.FAILURE, 1);
        final String error = runner.getFlowFilesForRelationship(SuggestExpectationSuite.FAILURE).getFirst().getAttribute("validation.error");
        assertThat(error).startsWith("Records could not be profiled: ").doesNotContain("p-secret-77");
    }

    private static TestRunner profiler(final int maxValueSetSize) throws InitializationException, IOException {
        final TestRunner runner = TestRunners.newTestRunner(SuggestExpectationSuite.class);
        addReader(runner);
        runner.setProperty(SuggestExpectationSuite.RECORD_READER, "reader");
        runner.setProperty(SuggestExpectationSuite.MAX_VALUE_SET_SIZE, String.valueOf(maxValueSetSize));
        return runner;
    }

    private static void addReader(final TestRunner runner) throws InitializationException {
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
    }
}
