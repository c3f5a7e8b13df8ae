package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.nifidataops.validation.Harness.columns;
import static io.nifidataops.validation.Harness.compile;
import static io.nifidataops.validation.Harness.expectation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys of the GE result dictionary per result format, and the PHI rule for record values. */
class ResultFormatTest {

    private static final Harness.Table CODES = columns("code", Arrays.asList("A", "B", "B", null, "C", "B"));
    private static final CompiledSuite IN_SET = compile(expectation("expect_column_values_to_be_in_set",
            "column", "code", "value_set", List.of("A")));

    private static Map<String, Object> result(final ResultFormat format, final boolean values) {
        return CODES.run(IN_SET, new ValidationOptions(format, values, 2, 1000)).first().result();
    }

    @Test
    void testBooleanOnlyHasNoResult() {
        assertThat(result(ResultFormat.BOOLEAN_ONLY, true)).isEmpty();
    }

    @Test
    void testBasic() {
        assertThat(result(ResultFormat.BASIC, true)).containsOnlyKeys("element_count", "missing_count", "missing_percent",
                        "unexpected_count", "unexpected_percent", "unexpected_percent_total", "unexpected_percent_nonmissing",
                        "partial_unexpected_list")
                .containsEntry("element_count", 6L).containsEntry("missing_count", 1L)
                .containsEntry("missing_percent", 100.0 / 6).containsEntry("unexpected_count", 4L)
                .containsEntry("unexpected_percent", 80.0).containsEntry("unexpected_percent_total", 400.0 / 6)
                .containsEntry("unexpected_percent_nonmissing", 80.0)
                .containsEntry("partial_unexpected_list", List.of("B", "B"));
    }

    @Test
    void testSummary() {
        assertThat(result(ResultFormat.SUMMARY, true))
                .containsEntry("partial_unexpected_list", List.of("B", "B"))
                .containsEntry("partial_unexpected_counts", List.of(Map.of("value", "B", "count", 2L)))
                .containsEntry("partial_unexpected_index_list", List.of(1L, 2L))
                .doesNotContainKeys("unexpected_list", "unexpected_index_list");
    }

    @Test
    void testComplete() {
        assertThat(result(ResultFormat.COMPLETE, true))
                .containsEntry("partial_unexpected_counts", List.of(Map.of("value", "B", "count", 3L),
                        Map.of("value", "C", "count", 1L)))
                .containsEntry("unexpected_list", List.of("B", "B", "C", "B"))
                .containsEntry("unexpected_index_list", List.of(1L, 2L, 4L, 5L));
    }

    @Test
    void testRecordValuesAreOmittedUnlessIncluded() {
        final Map<String, Object> complete = result(ResultFormat.COMPLETE, false);

        assertThat(complete).doesNotContainKeys("partial_unexpected_list", "partial_unexpected_counts", "unexpected_list")
                .containsEntry("unexpected_count", 4L)
                .containsEntry("partial_unexpected_index_list", List.of(1L, 2L))
                .containsEntry("unexpected_index_list", List.of(1L, 2L, 4L, 5L));
        assertThat(result(ResultFormat.BASIC, false)).doesNotContainKey("partial_unexpected_list");
        assertThat(ValidationOptions.defaults())
                .isEqualTo(new ValidationOptions(ResultFormat.SUMMARY, false, 20, 1_000_000));
    }

    @Test
    void testExpectationResultFormatOverridesTheRunButCannotAddValues() {
        final CompiledSuite suite = compile(
                expectation("expect_column_values_to_be_in_set", "column", "code", "value_set", List.of("A"),
                        "result_format", "BOOLEAN_ONLY"),
                expectation("expect_column_values_to_be_in_set", "column", "code", "value_set", List.of("A"),
                        "result_format", Harness.map("result_format", "COMPLETE", "partial_unexpected_count", 1)),
                expectation("expect_column_values_to_be_in_set", "column", "code", "value_set", List.of("A"),
                        "result_format", Harness.map("exclude_unexpected_values", true)));

        final List<ExpectationResult> withValues = CODES.run(suite, new ValidationOptions(ResultFormat.SUMMARY, true, 20, 100))
                .validation().results();
        assertThat(withValues.get(0).result()).isEmpty();
        assertThat(withValues.get(1).result()).containsEntry("partial_unexpected_list", List.of("B"))
                .containsEntry("unexpected_list", List.of("B", "B", "C", "B"));
        assertThat(withValues.get(2).result()).doesNotContainKeys("partial_unexpected_list", "partial_unexpected_counts")
                .containsKey("partial_unexpected_index_list");

        final ExpectationResult withoutValues = CODES.run(suite, ValidationOptions.defaults()).validation().results().get(1);
        assertThat(withoutValues.result()).doesNotContainKeys("partial_unexpected_list", "unexpected_list")
                .containsEntry("unexpected_index_list", List.of(1L, 2L, 4L, 5L));
    }

    @Test
    void testNullChecksReportNoMissingCountsLikeGe() {
        final ExpectationResult result = CODES.run(compile(expectation("expect_column_values_to_not_be_null", "column", "code")),
                new ValidationOptions(ResultFormat.BASIC, true, 20, 100)).first();

        assertThat(result.result()).containsOnlyKeys("element_count", "unexpected_count", "unexpected_percent",
                "partial_unexpected_list").containsEntry("partial_unexpected_list", Arrays.asList((Object) null));
    }

    @Test
    void testCompleteListsAreBoundedByMaxTrackedValues() {
        assertThatThrownBy(() -> CODES.run(IN_SET, new ValidationOptions(ResultFormat.COMPLETE, false, 20, 3)))
                .isInstanceOf(TrackedValuesLimitExceededException.class)
                .hasMessage("expect_column_values_to_be_in_set(code): the COMPLETE result format keeps every unexpected row,"
                        + " and there are more than maxTrackedValues = 3; use the SUMMARY result format or raise the limit");
        assertThat(CODES.run(IN_SET, new ValidationOptions(ResultFormat.SUMMARY, true, 20, 3)).first().success()).isFalse();
    }

    @Test
    void testUniquenessStateIsBoundedByMaxTrackedValues() {
        assertThatThrownBy(() -> columns("id", List.of(1, 2, 3)).run(compile(expectation("expect_column_values_to_be_unique",
                "column", "id")), new ValidationOptions(ResultFormat.SUMMARY, false, 20, 2)))
                .isInstanceOf(TrackedValuesLimitExceededException.class)
                .hasMessage("expect_column_values_to_be_unique(id) must remember more than maxTrackedValues = 2 distinct"
                        + " values to find duplicates; raise the limit or split the FlowFile");
    }

    @Test
    void testPartialCountsOfUnorderableValuesBecomeAnErrorNoteLikeGe() {
        final ExpectationResult result = columns("v", List.of("a", 1)).check("expect_column_values_to_be_in_set",
                "column", "v", "value_set", List.of());

        assertThat(result.result()).doesNotContainKey("partial_unexpected_counts").containsEntry("details",
                Map.of("partial_unexpected_counts_error", "partial_unexpected_counts requested, but requires a hashable type"));
    }
}
