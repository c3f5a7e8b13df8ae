package io.nifidataops.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.nifidataops.validation.Harness.columns;
import static io.nifidataops.validation.Harness.compile;
import static io.nifidataops.validation.Harness.expectation;
import static org.assertj.core.api.Assertions.assertThat;

class ValidationReportWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode write(final ValidationResult result, final Map<String, Object> meta) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ValidationReportWriter.write(result, meta, out);
        return MAPPER.readTree(out.toByteArray());
    }

    @Test
    void testWritesGe1SuiteValidationResultShape() throws IOException {
        final ValidationResult result = columns("hr", Arrays.asList(70, 300, null), "other", List.of(1, 2, 3)).run(compile(
                expectation("expect_column_values_to_be_between", "column", "hr", "min_value", 30, "max_value", 220),
                expectation("expect_column_values_to_not_be_null", "column", "missing_column"),
                expectation("expect_table_row_count_to_equal", "value", 3)), ValidationOptions.defaults()).validation();

        final JsonNode report = write(result, Map.of("run_id", Map.of("run_name", "ff-1")));

        assertThat(report.fieldNames()).toIterable()
                .containsExactly("success", "results", "suite_name", "suite_parameters", "statistics", "meta");
        assertThat(report.get("success").asBoolean()).isFalse();
        assertThat(report.get("suite_name").asText()).isEqualTo("test_suite");
        assertThat(report.get("suite_parameters").isEmpty()).isTrue();
        assertThat(report.get("statistics").toString()).isEqualTo("{\"evaluated_expectations\":3,"
                + "\"successful_expectations\":1,\"unsuccessful_expectations\":2,\"success_percent\":33.333333333333336}");
        assertThat(report.get("meta").toString()).isEqualTo("{\"run_id\":{\"run_name\":\"ff-1\"},"
                + "\"great_expectations_version\":\"1.2.0\"}");

        final JsonNode between = report.get("results").get(0);
        assertThat(between.fieldNames()).toIterable()
                .containsExactly("success", "expectation_config", "result", "meta", "exception_info");
        assertThat(between.get("expectation_config").toString()).isEqualTo("{\"type\":\"expect_column_values_to_be_between\","
                + "\"kwargs\":{\"column\":\"hr\",\"min_value\":30,\"max_value\":220},\"meta\":{}}");
        assertThat(between.get("result").get("partial_unexpected_index_list").toString()).isEqualTo("[1]");
        assertThat(between.get("result").has("partial_unexpected_list")).isFalse();
        assertThat(between.get("exception_info").toString()).isEqualTo("{\"raised_exception\":false,"
                + "\"exception_traceback\":null,\"exception_message\":null}");

        final JsonNode missing = report.get("results").get(1);
        assertThat(missing.get("result").isEmpty()).isTrue();
        assertThat(missing.get("exception_info").get("raised_exception").asBoolean()).isTrue();
        assertThat(missing.get("exception_info").get("exception_message").asText())
                .isEqualTo("Column 'missing_column' is not in the record schema [hr, other]");
        assertThat(report.get("results").get(2).get("result").toString()).isEqualTo("{\"observed_value\":3}");
    }

    @Test
    void testRecordValuesAreSerialisedAsGeDoes() throws IOException {
        final ValidationResult result = columns("v", Arrays.asList(Timestamp.valueOf("2024-01-02 03:04:05"),
                LocalDate.of(2024, 1, 2), new BigDecimal("1.50"), 7L, Double.POSITIVE_INFINITY, new Object[] {1, "a"},
                Map.of("k", true), new byte[] {1, 2}))
                .run(compile(expectation("expect_column_values_to_be_in_set", "column", "v", "value_set", List.of())))
                .validation();

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ValidationReportWriter.write(result, null, out);

        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("\"unexpected_list\":"
                + "[\"2024-01-02T03:04:05\",\"2024-01-02\",1.50,7,null,[1,\"a\"],{\"k\":true},\"AQI=\"]");
    }

    @Test
    void testEmptySuiteHasNullSuccessPercent() throws IOException {
        final JsonNode report = write(columns("a", List.of()).run(compile()).validation(), Map.of());

        assertThat(report.get("statistics").get("success_percent").isNull()).isTrue();
        assertThat(report.get("success").asBoolean()).isTrue();
    }

    @Test
    void testLeavesTheStreamOpen() throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("closed");
            }
        };
        ValidationReportWriter.write(columns("a", List.of()).run(compile()).validation(), Map.of(), out);

        assertThat(out.size()).isPositive();
    }
}
