package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteParserTest {

    @Test
    void testParsesGe018Form() {
        final ExpectationSuite suite = SuiteParser.parse("""
                {"expectation_suite_name": "vitals", "data_asset_type": null, "ge_cloud_id": null,
                 "expectations": [
                   {"expectation_type": "expect_column_values_to_be_between",
                    "kwargs": {"column": "heart_rate", "min_value": 30, "max_value": 220.5, "mostly": 0.99},
                    "meta": {"notes": "physiological range"}}],
                 "meta": {"great_expectations_version": "0.18.12"}}
                """);

        assertThat(suite.name()).isEqualTo("vitals");
        assertThat(suite.meta()).containsEntry("great_expectations_version", "0.18.12");
        assertThat(suite.expectations()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("expect_column_values_to_be_between");
            assertThat(e.kwargs()).containsEntry("column", "heart_rate").containsEntry("min_value", 30)
                    .containsEntry("max_value", 220.5).containsEntry("mostly", 0.99);
            assertThat(e.meta()).isEqualTo(Map.of("notes", "physiological range"));
        });
    }

    @Test
    void testParsesGe1Form() {
        final ExpectationSuite suite = SuiteParser.parse("""
                {"name": "labs", "id": "8d2c", "notes": null,
                 "expectations": [
                   {"type": "expect_column_values_to_be_in_set", "id": "e1",
                    "kwargs": {"column": "unit", "value_set": ["mg/dL", "mmol/L", null]}},
                   {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}, "meta": {}}]}
                """);

        assertThat(suite.name()).isEqualTo("labs");
        assertThat(suite.meta()).isEmpty();
        assertThat(suite.expectations()).extracting(ExpectationConfiguration::type)
                .containsExactly("expect_column_values_to_be_in_set", "expect_table_row_count_to_be_between");
        assertThat(suite.expectations().get(0).kwargs().get("value_set")).asList().containsExactly("mg/dL", "mmol/L", null);
        assertThat(suite.expectations().get(0).meta()).isEmpty();
    }

    @Test
    void testParsedSuiteCompiles() {
        final ExpectationSuite suite = SuiteParser.parse("""
                {"name": "s", "expectations": [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}}]}
                """);

        assertThat(CompiledSuite.compile(suite).suite()).isSameAs(suite);
    }

    @Test
    void testInvalidJsonNamesTheErrorTypeAndPositionButNotTheText() {
        assertThatThrownBy(() -> SuiteParser.parse("{\"name\": \"s\",\n \"expectations\": [PHI-MARKER-7731}"))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageStartingWith("Expectation suite is not valid JSON: JsonParseException")
                .hasMessageContaining("line 2, column")
                .hasMessageNotContaining("PHI-MARKER");
    }

    @Test
    void testDuplicateKeysAreRejected() {
        assertThatThrownBy(() -> SuiteParser.parse("""
                {"name": "s", "expectations": [{"type": "expect_column_values_to_be_between",
                  "kwargs": {"column": "x", "min_value": 1, "min_value": 2}}]}"""))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageStartingWith("Expectation suite is not valid JSON: ")
                .hasMessageContaining("line 2, column");
    }

    @Test
    void testMissingExpectationsArray() {
        assertThatThrownBy(() -> SuiteParser.parse("{\"name\": \"s\"}"))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessage("Expectation suite 's' has no 'expectations' array");
        assertThatThrownBy(() -> SuiteParser.parse("{\"name\": \"s\", \"expectations\": {}}"))
                .hasMessage("Expectation suite 's' has no 'expectations' array (got an object)");
    }

    @Test
    void testMissingNameAndType() {
        assertThatThrownBy(() -> SuiteParser.parse("{\"expectations\": []}"))
                .hasMessage("Expectation suite has no 'name' (GE 1.x) or 'expectation_suite_name' (GE 0.18) field");
        assertThatThrownBy(() -> SuiteParser.parse("{\"name\": \"s\", \"expectations\": [{\"kwargs\": {}}]}"))
                .hasMessage("Expectation #1 has no 'type' (GE 1.x) or 'expectation_type' (GE 0.18) field");
    }

    @Test
    void testWrongShapes() {
        assertThatThrownBy(() -> SuiteParser.parse("[]")).hasMessage("Expectation suite must be a JSON object, got an array");
        assertThatThrownBy(() -> SuiteParser.parse("  ")).hasMessage("Expectation suite is empty");
        assertThatThrownBy(() -> SuiteParser.parse("{\"name\": \"s\", \"expectations\": [{\"type\": \"t\", \"kwargs\": [1]}]}"))
                .hasMessage("Expectation #1 (t) 'kwargs' must be a JSON object, got an array");
        assertThatThrownBy(() -> SuiteParser.parse("{\"name\": 5, \"expectations\": []}"))
                .hasMessage("Expectation suite field 'name' must be a non-empty string, got a number");
    }
}
