package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.nifidataops.validation.Harness.columns;
import static io.nifidataops.validation.Harness.compile;
import static io.nifidataops.validation.Harness.expectation;
import static io.nifidataops.validation.Harness.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The GE 1.x core expectations added to the catalog, on cases written from GE's documented semantics. */
class CoreExpectationsTest {

    @Test
    void testDistinctValuesContainAndEqualSet() {
        final Harness.Table t = columns("x", Arrays.asList("a", "b", "b", null, "c"));

        final ExpectationResult contains = t.check("expect_column_distinct_values_to_contain_set", "column", "x", "value_set", List.of("a", "b"));
        assertThat(contains.success()).isTrue();
        assertThat(contains.result().get("observed_value")).isEqualTo(List.of("a", "b", "c"));
        assertThat(contains.result().get("details")).isEqualTo(Map.of("value_counts", List.of(
                map("value", "a", "count", 1L), map("value", "b", "count", 2L), map("value", "c", "count", 1L))));
        assertThat(t.check("expect_column_distinct_values_to_contain_set", "column", "x", "value_set", List.of("a", "z")).success()).isFalse();
        assertThat(t.check("expect_column_distinct_values_to_equal_set", "column", "x", "value_set", List.of("c", "b", "a")).success()).isTrue();
        assertThat(t.check("expect_column_distinct_values_to_equal_set", "column", "x", "value_set", List.of("a", "b")).success()).isFalse();
    }

    @Test
    void testMostCommonValueWithAndWithoutTies() {
        final Harness.Table t = columns("x", List.of(1, 2, 2, 3, 3));

        final ExpectationResult tiesOkay = t.check("expect_column_most_common_value_to_be_in_set", "column", "x",
                "value_set", List.of(2), "ties_okay", true);
        assertThat(tiesOkay.success()).isTrue();
        assertThat(tiesOkay.result().get("observed_value")).isEqualTo(List.of(2, 3));
        assertThat(t.check("expect_column_most_common_value_to_be_in_set", "column", "x", "value_set", List.of(2, 3)).success()).isFalse();
        assertThat(columns("x", List.of(1, 2, 2)).check("expect_column_most_common_value_to_be_in_set", "column", "x",
                "value_set", List.of(2.0)).success()).isTrue();
    }

    @Test
    void testUniqueValueCountAndNonNullProportion() {
        final Harness.Table t = columns("x", Arrays.asList(1, 2, 2, null));

        final ExpectationResult unique = t.check("expect_column_unique_value_count_to_be_between", "column", "x", "min_value", 2, "max_value", 2);
        assertThat(unique.success()).isTrue();
        assertThat(unique.result().get("observed_value")).isEqualTo(2L);
        final ExpectationResult nonNull = t.check("expect_column_proportion_of_non_null_values_to_be_between", "column", "x", "min_value", 0.8);
        assertThat(nonNull.success()).isFalse();
        assertThat(nonNull.result().get("observed_value")).isEqualTo(0.75);
    }

    @Test
    void testQuantilesNearestByDefaultAndLinearOnRequest() {
        final Harness.Table t = columns("x", Arrays.asList(4, 1, null, 3, 2));
        final Map<String, Object> ranges = map("quantiles", List.of(0.0, 0.5, 1.0),
                "value_ranges", Arrays.asList(List.of(0, 1), List.of(3, 3), Arrays.asList(4, null)));

        final ExpectationResult nearest = t.check("expect_column_quantile_values_to_be_between", "column", "x", "quantile_ranges", ranges);
        assertThat(nearest.success()).isTrue();
        assertThat(nearest.result().get("observed_value")).isEqualTo(map("quantiles", List.of(0.0, 0.5, 1.0), "values", List.of(1.0, 3.0, 4.0)));
        assertThat(nearest.result().get("details")).isEqualTo(Map.of("success_details", List.of(true, true, true)));

        final ExpectationResult linear = t.check("expect_column_quantile_values_to_be_between", "column", "x",
                "quantile_ranges", ranges, "allow_relative_error", "linear");
        assertThat(linear.success()).isFalse();
        assertThat(linear.result().get("details")).isEqualTo(Map.of("success_details", List.of(true, false, true)));
    }

    @Test
    void testKlDivergenceOfCategoricalPartition() {
        final Map<String, Object> partition = map("values", List.of("a", "b"), "weights", List.of(0.5, 0.5));

        final ExpectationResult same = columns("x", List.of("a", "b", "a", "b"))
                .check("expect_column_kl_divergence_to_be_less_than", "column", "x", "partition_object", partition, "threshold", 0.1);
        assertThat(same.success()).isTrue();
        assertThat((Double) same.result().get("observed_value")).isCloseTo(0.0, within(1e-12));

        final ExpectationResult skewed = columns("x", List.of("a", "a", "a", "b"))
                .check("expect_column_kl_divergence_to_be_less_than", "column", "x", "partition_object", partition, "threshold", 0.1);
        assertThat(skewed.success()).isFalse();
        // 0.75 ln(0.75/0.5) + 0.25 ln(0.25/0.5), as scipy.stats.entropy
        assertThat((Double) skewed.result().get("observed_value")).isCloseTo(0.1308120, within(1e-6));
    }

    @Test
    void testKlDivergenceOfContinuousPartitionCountsValuesOutsideAsTails() {
        final Map<String, Object> partition = map("bins", List.of(0, 1, 2), "weights", List.of(0.5, 0.5));

        final ExpectationResult inside = columns("x", List.of(0.2, 0.5, 1.5, 2))
                .check("expect_column_kl_divergence_to_be_less_than", "column", "x", "partition_object", partition, "threshold", 0.01);
        assertThat(inside.success()).isTrue();
        @SuppressWarnings("unchecked")
        final Map<String, Object> observed = (Map<String, Object>) ((Map<String, Object>) inside.result().get("details")).get("observed_partition");
        assertThat(observed).containsEntry("weights", List.of(0.5, 0.5)).containsEntry("tail_weights", List.of(0.0, 0.0));

        final ExpectationResult outside = columns("x", List.of(0.2, 0.5, 1.5, 3))
                .check("expect_column_kl_divergence_to_be_less_than", "column", "x", "partition_object", partition, "threshold", 0.01);
        assertThat(outside.success()).isFalse();
        assertThat(outside.result().get("observed_value")).isNull();
    }

    @Test
    void testIncreasingComparesWithThePreviousValue() {
        final Harness.Table t = columns("x", Arrays.asList(1, 2, 2, null, 3, 1));

        final ExpectationResult increasing = t.check("expect_column_values_to_be_increasing", "column", "x");
        assertThat(increasing.success()).isFalse();
        assertThat(increasing.result()).containsEntry("unexpected_list", List.of(1)).containsEntry("unexpected_index_list", List.of(5L));
        assertThat(t.check("expect_column_values_to_be_increasing", "column", "x", "strictly", true).result())
                .containsEntry("unexpected_index_list", List.of(2L, 5L));
        assertThat(t.check("expect_column_values_to_be_decreasing", "column", "x").result())
                .containsEntry("unexpected_index_list", List.of(1L, 4L));
        assertThat(columns("s", List.of("a", "b")).check("expect_column_values_to_be_increasing", "column", "s").exceptionMessage())
                .contains("numbers or dates");
    }

    @Test
    void testZScoresAgainstColumnMeanAndSampleDeviation() {
        final Harness.Table t = columns("x", List.of(1, 1, 1, 3, 3));

        final ExpectationResult result = t.check("expect_column_value_z_scores_to_be_less_than", "column", "x", "threshold", 1, "double_sided", true);
        assertThat(result.success()).isFalse();
        assertThat(result.result()).containsEntry("unexpected_list", List.of(3, 3)).containsEntry("unexpected_index_list", List.of(3L, 4L));
        assertThat(t.check("expect_column_value_z_scores_to_be_less_than", "column", "x", "threshold", 1.96, "double_sided", true).success()).isTrue();
        assertThat(t.check("expect_column_value_z_scores_to_be_less_than", "column", "x", "threshold", 0, "double_sided", false).result())
                .containsEntry("unexpected_index_list", List.of(3L, 4L));
    }

    @Test
    void testLikePatternsWithWildcardsAndEscape() {
        final Harness.Table t = columns("x", Arrays.asList("abc", "xbc", "50%", "500", null));

        assertThat(t.check("expect_column_values_to_match_like_pattern", "column", "x", "like_pattern", "_bc").result())
                .containsEntry("unexpected_list", List.of("50%", "500"));
        assertThat(t.check("expect_column_values_to_match_like_pattern", "column", "x", "like_pattern", "50\\%").result())
                .containsEntry("unexpected_list", List.of("abc", "xbc", "500"));
        assertThat(t.check("expect_column_values_to_not_match_like_pattern", "column", "x", "like_pattern", "a%").result())
                .containsEntry("unexpected_list", List.of("abc"));
        assertThat(t.check("expect_column_values_to_match_like_pattern_list", "column", "x",
                "like_pattern_list", List.of("%b%", "5%"), "match_on", "any").success()).isTrue();
        assertThat(t.check("expect_column_values_to_match_like_pattern_list", "column", "x",
                "like_pattern_list", List.of("%b%", "a%"), "match_on", "all").result()).containsEntry("unexpected_count", 3L);
        assertThat(t.check("expect_column_values_to_not_match_like_pattern_list", "column", "x",
                "like_pattern_list", List.of("x%", "5__")).result()).containsEntry("unexpected_list", List.of("xbc", "50%", "500"));
    }

    @Test
    void testJsonSchema() {
        final Harness.Table t = columns("j", Arrays.asList("{\"a\": 1}", "{\"b\": 2}", "{\"a\": \"x\"}", null));
        final Map<String, Object> schema = map("type", "object", "properties", map("a", map("type", "integer")), "required", List.of("a"));

        final ExpectationResult result = t.check("expect_column_values_to_match_json_schema", "column", "j", "json_schema", schema);
        assertThat(result.success()).isFalse();
        assertThat(result.result()).containsEntry("unexpected_index_list", List.of(1L, 2L)).containsEntry("missing_count", 1L);
        assertThat(columns("j", List.of("not json")).check("expect_column_values_to_match_json_schema", "column", "j",
                "json_schema", schema).exceptionMessage()).contains("JSON text");
    }

    @Test
    void testColumnPairEqualAndInSet() {
        final Harness.Table t = columns("a", Arrays.asList(1, 2, null, 4, null), "b", Arrays.asList(1.0, 3, 3, null, null));

        final ExpectationResult equal = t.check("expect_column_pair_values_to_be_equal", "column_A", "a", "column_B", "b");
        assertThat(equal.result()).containsEntry("unexpected_index_list", List.of(1L, 2L, 3L)).containsEntry("missing_count", 1L);
        assertThat(t.check("expect_column_pair_values_to_be_equal", "column_A", "a", "column_B", "b",
                "ignore_row_if", "either_value_is_missing").result()).containsEntry("unexpected_list", List.of(List.of(2, 3)));
        assertThat(t.check("expect_column_pair_values_to_be_in_set", "column_A", "a", "column_B", "b",
                "value_pairs_set", List.of(List.of(1, 1), List.of(2, 3), Arrays.asList(null, 3))).result())
                .containsEntry("unexpected_index_list", List.of(3L));
    }

    @Test
    void testRowCountAgainstAnotherTablesGivenCount() {
        final Harness.Table t = columns("x", List.of(1, 2, 3));
        final CompiledSuite suite = compile(expectation("expect_table_row_count_to_equal_other_table", "other_table_name", "visits"));

        final SuiteRun run = suite.newRun(t.columns(), Harness.COMPLETE_WITH_VALUES, Map.of("visits", 3L));
        t.rows().forEach(row -> run.evaluate(row::get));
        final ExpectationResult result = run.finish().results().get(0);
        assertThat(result.success()).isTrue();
        assertThat(result.result().get("observed_value")).isEqualTo(map("self", 3L, "other", 3L));

        final ExpectationResult unknown = t.run(suite).first();
        assertThat(unknown.success()).isFalse();
        assertThat(unknown.exceptionMessage()).contains("no row count was given for other table 'visits'");
    }

    @Test
    void testBooleansCountAsZeroAndOneInNumericAggregates() {
        final Harness.Table t = columns("flag", List.of(true, false, true, true));

        assertThat(t.check("expect_column_mean_to_be_between", "column", "flag", "min_value", 0).result().get("observed_value")).isEqualTo(0.75);
        assertThat(t.check("expect_column_sum_to_be_between", "column", "flag", "min_value", 0).result().get("observed_value")).isEqualTo(3L);
        assertThat(t.check("expect_column_median_to_be_between", "column", "flag", "min_value", 0).result().get("observed_value")).isEqualTo(1.0);
        assertThat(columns("x", List.of(true, 2)).check("expect_column_max_to_be_between", "column", "x", "min_value", 0)
                .result().get("observed_value")).isEqualTo(2);
    }

    @Test
    void testCompleteAggregateResultCountsElementsAndMissing() {
        final ExpectationResult result = columns("x", Arrays.asList(1, null, 3, Double.NaN))
                .check("expect_column_max_to_be_between", "column", "x", "max_value", 5);

        assertThat(result.result()).containsEntry("observed_value", 3).containsEntry("element_count", 4L)
                .containsEntry("missing_count", 2L).containsEntry("missing_percent", 50.0);
    }

    @Test
    void testAggregateRangeWithNeitherBoundIsRefused() {
        assertThatThrownBy(() -> compile(expectation("expect_column_mean_to_be_between", "column", "x")))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessage("Expectation #1 (expect_column_mean_to_be_between): min_value and max_value cannot both be null");
        assertThatThrownBy(() -> compile(expectation("expect_column_unique_value_count_to_be_between", "column", "x",
                "min_value", null, "max_value", null)))
                .hasMessageContaining("expect_column_unique_value_count_to_be_between");
    }
}
