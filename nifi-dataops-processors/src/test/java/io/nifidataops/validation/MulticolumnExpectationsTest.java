package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.nifidataops.validation.Harness.columns;
import static io.nifidataops.validation.Harness.compile;
import static io.nifidataops.validation.Harness.expectation;
import static org.assertj.core.api.Assertions.assertThat;

class MulticolumnExpectationsTest {

    private static List<Object> list(final Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void testCompoundUniqueMarksEveryRowOfARepeatedCombination() {
        final Harness.Table table = columns("patient", list(1, 1, 2, 1L, null, null),
                "visit", list("a", "b", "a", "a", null, null));

        final Harness.Outcome outcome = table.run(compile(expectation("expect_compound_columns_to_be_unique",
                "column_list", List.of("patient", "visit"))));

        assertThat(outcome.invalidRows()).containsExactly(0, 3);
        assertThat(outcome.first().result()).containsEntry("missing_count", 2L)
                .containsEntry("unexpected_list", List.of(Map.of("patient", 1, "visit", "a"), Map.of("patient", 1L, "visit", "a")))
                .containsEntry("details", Map.of("partial_unexpected_counts_error",
                        "partial_unexpected_counts requested, but requires a hashable type"));
        assertThat(outcome.broken().get(0)).containsExactly("expect_compound_columns_to_be_unique(patient,visit)");
    }

    @Test
    void testCompoundUniqueCountsRowsWithSomeNullsUnlessIgnored() {
        final Harness.Table table = columns("a", list(1, 1, 2), "b", list(null, null, 3));

        assertThat(table.check("expect_compound_columns_to_be_unique", "column_list", List.of("a", "b"))
                .result().get("unexpected_index_list")).isEqualTo(List.of(0L, 1L));
        assertThat(table.check("expect_compound_columns_to_be_unique", "column_list", List.of("a", "b"),
                "ignore_row_if", "any_value_is_missing").result().get("unexpected_index_list")).isEqualTo(List.of());
    }

    @Test
    void testPairGreaterThanWithOrEqualAndIgnoreRowIf() {
        final Harness.Table table = columns("systolic", list(120, 80, 90, null, 100, null),
                "diastolic", list(80, 80, 95, 70, null, null));

        assertThat(table.check("expect_column_pair_values_a_to_be_greater_than_b", "column_A", "systolic",
                "column_B", "diastolic").result().get("unexpected_index_list")).isEqualTo(List.of(1L, 2L, 3L, 4L));
        final ExpectationResult orEqual = table.check("expect_column_pair_values_a_to_be_greater_than_b", "column_A", "systolic",
                "column_B", "diastolic", "or_equal", true, "ignore_row_if", "either_value_is_missing");
        assertThat(orEqual.result()).containsEntry("unexpected_index_list", List.of(2L))
                .containsEntry("unexpected_list", List.of(List.of(90, 95))).containsEntry("missing_count", 3L);
    }

    @Test
    void testPairOfIncomparableKindsFails() {
        final ExpectationResult result = columns("a", list("10"), "b", list(5))
                .check("expect_column_pair_values_a_to_be_greater_than_b", "column_A", "a", "column_B", "b");

        assertThat(result.success()).isFalse();
        assertThat(result.exceptionMessage()).contains("column_A and column_B values cannot be compared");
    }

    @Test
    void testMulticolumnSumIsExactForIntegersAndDecimalsAndIeeeForFloats() {
        final Harness.Table table = columns("a", list(1, 2.7, new BigDecimal("0.1"), Long.MAX_VALUE, 2, null),
                "b", list(2, 0.3, new BigDecimal("0.2"), 1, null, null),
                "c", list(0, 0, new BigDecimal("2.7"), -1, 1, null));

        final ExpectationResult result = table.check("expect_multicolumn_sum_to_equal", "column_list", List.of("a", "b", "c"),
                "sum_total", 3);

        assertThat(result.result().get("unexpected_index_list")).isEqualTo(List.of(3L, 4L));
        assertThat(result.result()).containsEntry("missing_count", 1L);
    }

    @Test
    void testSelectColumnValuesUniqueWithinRecord() {
        final Harness.Table table = columns("phone", list("1", "1", null, 2), "mobile", list("2", "1", null, 2.0),
                "work", list("3", "3", null, null));

        assertThat(table.check("expect_select_column_values_to_be_unique_within_record",
                "column_list", List.of("phone", "mobile", "work")).result().get("unexpected_index_list"))
                .isEqualTo(List.of(1L, 3L));
    }
}
