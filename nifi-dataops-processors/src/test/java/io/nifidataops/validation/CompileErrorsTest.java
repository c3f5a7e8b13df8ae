package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.nifidataops.validation.Harness.compile;
import static io.nifidataops.validation.Harness.expectation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a suite author reads when compile() rejects the suite. */
class CompileErrorsTest {

    @Test
    void testSupportsEveryListedExpectation() {
        assertThat(CompiledSuite.supportedTypes()).containsExactlyInAnyOrder(
                "expect_column_values_to_not_be_null", "expect_column_values_to_be_null",
                "expect_column_values_to_be_of_type", "expect_column_values_to_be_in_type_list",
                "expect_column_values_to_match_regex", "expect_column_values_to_not_match_regex",
                "expect_column_values_to_match_regex_list", "expect_column_values_to_not_match_regex_list",
                "expect_column_values_to_be_between", "expect_column_values_to_be_in_set",
                "expect_column_values_to_not_be_in_set", "expect_column_values_to_be_unique",
                "expect_column_values_to_match_strftime_format", "expect_column_values_to_be_dateutil_parseable",
                "expect_column_values_to_be_json_parseable", "expect_column_value_lengths_to_be_between",
                "expect_column_value_lengths_to_equal", "expect_compound_columns_to_be_unique",
                "expect_column_pair_values_a_to_be_greater_than_b", "expect_multicolumn_sum_to_equal",
                "expect_select_column_values_to_be_unique_within_record",
                "expect_column_to_exist", "expect_table_columns_to_match_ordered_list",
                "expect_table_columns_to_match_set", "expect_table_column_count_to_be_between",
                "expect_table_column_count_to_equal", "expect_table_row_count_to_be_between",
                "expect_table_row_count_to_equal", "expect_column_min_to_be_between",
                "expect_column_max_to_be_between", "expect_column_mean_to_be_between",
                "expect_column_sum_to_be_between", "expect_column_stdev_to_be_between",
                "expect_column_median_to_be_between", "expect_column_distinct_values_to_be_in_set",
                "expect_column_proportion_of_unique_values_to_be_between",
                // the rest of GE 1.2's core (all but unexpected_rows_expectation, which runs SQL) and one later 1.x type
                "expect_column_distinct_values_to_contain_set", "expect_column_distinct_values_to_equal_set",
                "expect_column_kl_divergence_to_be_less_than", "expect_column_most_common_value_to_be_in_set",
                "expect_column_pair_values_to_be_equal", "expect_column_pair_values_to_be_in_set",
                "expect_column_quantile_values_to_be_between", "expect_column_unique_value_count_to_be_between",
                "expect_column_value_z_scores_to_be_less_than", "expect_column_values_to_be_decreasing",
                "expect_column_values_to_be_increasing", "expect_column_values_to_match_json_schema",
                "expect_column_values_to_match_like_pattern", "expect_column_values_to_match_like_pattern_list",
                "expect_column_values_to_not_match_like_pattern", "expect_column_values_to_not_match_like_pattern_list",
                "expect_multicolumn_values_to_be_unique", "expect_table_row_count_to_equal_other_table",
                "expect_column_proportion_of_non_null_values_to_be_between",
                // the nifi-dataops extensions
                "expect_nifi_column_newest_value_to_be_fresh", "expect_nifi_column_values_to_be_in_reference_set",
                "expect_nifi_table_row_count_to_be_within_history", "expect_nifi_column_null_rate_to_be_within_history",
                "expect_nifi_column_mean_to_be_within_history");
    }

    @Test
    void testUnknownTypeListsAllSupportedTypes() {
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_be_purple", "column", "x")))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessageStartingWith("Expectation #1: unsupported expectation type 'expect_column_values_to_be_purple'."
                        + " Supported types: expect_column_distinct_values_to_be_in_set, ")
                .hasMessageContaining(String.join(", ", CompiledSuite.supportedTypes()));
    }

    @Test
    void testWrongKwargTypeNamesExpectationKwargExpectationAndValue() {
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_be_between", "column", "hr", "min_value", true)))
                .hasMessage("Expectation #1 (expect_column_values_to_be_between): kwarg 'min_value' must be a number,"
                        + " a string or null, got boolean true");
        assertThatThrownBy(() -> compile(expectation("expect_table_row_count_to_equal", "value", "hello")))
                .hasMessage("Expectation #1 (expect_table_row_count_to_equal): kwarg 'value' must be an integer or null,"
                        + " got string \"hello\"");
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_be_in_set", "column", "x", "value_set", "a")))
                .hasMessageContaining("kwarg 'value_set' must be a list, got string \"a\"");
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_not_be_null", "column", "x", "mostly", 1.5)))
                .hasMessageContaining("kwarg 'mostly' must be a number between 0 and 1, got number 1.5");
    }

    @Test
    void testMissingRequiredKwarg() {
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_not_be_null")))
                .hasMessage("Expectation #1 (expect_column_values_to_not_be_null): kwarg 'column' must be a non-empty string, got null");
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_be_between", "column", "x")))
                .hasMessageContaining("min_value and max_value cannot both be null");
        assertThatThrownBy(() -> compile(expectation("expect_multicolumn_sum_to_equal", "column_list", List.of("a", "b"))))
                .hasMessageContaining("kwarg 'sum_total' must be a number, got null");
    }

    @Test
    void testInvalidRegexNamesPatternAndError() {
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_match_regex", "column", "mrn", "regex", "^MRN-(\\d+")))
                .hasMessageStartingWith("Expectation #1 (expect_column_values_to_match_regex): regex \"^MRN-(\\d+\""
                        + " is not a valid regular expression: Unclosed group");
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_not_match_regex_list", "column", "x",
                "regex_list", List.of("ok", "[z-a]"))))
                .hasMessageContaining("regex \"[z-a]\" is not a valid regular expression: Illegal character range");
    }

    @Test
    void testInvalidStrftimeFormat() {
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_match_strftime_format", "column", "d",
                "strftime_format", "%Y-%m-%D")))
                .hasMessage("Expectation #1 (expect_column_values_to_match_strftime_format): strftime_format \"%Y-%m-%D\""
                        + " cannot be used: 'D' is a bad directive in format '%Y-%m-%D'");
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_match_strftime_format", "column", "d",
                "strftime_format", "%Y %Y")))
                .hasMessageContaining("a directive appears twice in the format");
    }

    @Test
    void testUnknownKwargIsATypo() {
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_be_between", "column", "x", "min_value", 1,
                "max_vlaue", 5)))
                .hasMessage("Expectation #1 (expect_column_values_to_be_between): unknown kwarg(s) [max_vlaue]; this"
                        + " expectation takes [column, condition_parser, max_value, min_value, mostly, result_format,"
                        + " row_condition, strict_max, strict_min]");
    }

    @Test
    void testGeBookkeepingKwargsAreAccepted() {
        compile(expectation("expect_column_values_to_not_be_null", "column", "x", "catch_exceptions", true,
                "include_config", true, "batch_id", "b1", "meta", null));
    }

    @Test
    void testEveryProblemIsListed() {
        assertThatThrownBy(() -> compile(expectation("expect_nothing"), expectation("expect_column_values_to_be_unique"),
                expectation("expect_column_values_to_not_be_null", "column", "ok")))
                .hasMessageStartingWith("Expectation suite 'test_suite' has 2 problems:\n- Expectation #1: unsupported")
                .hasMessageContaining("\n- Expectation #2 (expect_column_values_to_be_unique): kwarg 'column'");
    }

    @Test
    void testSuiteParametersAreRejectedClearly() {
        assertThatThrownBy(() -> compile(expectation("expect_column_max_to_be_between", "column", "x",
                "max_value", Harness.map("$PARAMETER", "now()"))))
                .hasMessageContaining("kwarg 'max_value' uses a suite parameter ($PARAMETER), which is not supported");
    }

    @Test
    void testBoundsOrderAndKind() {
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_be_between", "column", "x", "min_value", 10, "max_value", 0)))
                .hasMessageContaining("min_value cannot be greater than max_value");
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_be_between", "column", "x", "min_value", "a", "max_value", 0)))
                .hasMessageContaining("min_value and max_value must be of the same kind, got string \"a\" and number 0");
    }

    @Test
    void testResultFormatAndConditionKwargs() {
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_not_be_null", "column", "x", "result_format", "FULL")))
                .hasMessageContaining("result_format 'FULL' is not one of BOOLEAN_ONLY, BASIC, SUMMARY, COMPLETE");
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_not_be_null", "column", "x",
                "row_condition", "a > 1", "condition_parser", "spark")))
                .hasMessageContaining("condition_parser 'spark' is not supported");
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_not_be_null", "column", "x",
                "row_condition", "a > ", "condition_parser", "pandas")))
                .hasMessageContaining("row_condition \"a > \" cannot be parsed: unexpected end");
        assertThatThrownBy(() -> compile(expectation("expect_column_values_to_be_of_type", "column", "x", "type_", "flot")))
                .hasMessageContaining("kwarg 'type_' has unknown type name string \"flot\"");
        assertThatThrownBy(() -> compile(expectation("expect_compound_columns_to_be_unique", "column_list", List.of("a", "b"),
                "ignore_row_if", "both_values_are_missing")))
                .hasMessageContaining("ignore_row_if 'both_values_are_missing' is not one of [all_values_are_missing,"
                        + " any_value_is_missing, never]");
    }
}
