package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.nifidataops.validation.Harness.columns;
import static io.nifidataops.validation.Harness.compile;
import static io.nifidataops.validation.Harness.expectation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnMapExpectationsTest {

    private static List<Object> list(final Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void testNotNullFailsOnNullAndNaN() {
        final ExpectationResult result = columns("id", list("a", null, Double.NaN, "d"))
                .check("expect_column_values_to_not_be_null", "column", "id");

        assertThat(result.success()).isFalse();
        assertThat(result.unexpectedCount()).isEqualTo(2);
        assertThat(result.result()).containsEntry("element_count", 4L).containsEntry("unexpected_count", 2L)
                .containsEntry("unexpected_percent", 50.0).containsEntry("unexpected_index_list", List.of(1L, 2L))
                .doesNotContainKeys("missing_count", "missing_percent");
    }

    @Test
    void testToBeNullWithMostly() {
        final Harness.Table table = columns("x", list(null, null, null, 5));

        assertThat(table.check("expect_column_values_to_be_null", "column", "x", "mostly", 0.75).success()).isTrue();
        assertThat(table.check("expect_column_values_to_be_null", "column", "x", "mostly", 0.8).success()).isFalse();
    }

    @Test
    void testBetweenComparesNumbersAcrossJavaTypes() {
        final Harness.Table table = columns("hr", list(30, 45L, (short) 220, 220.5d, 29.99f, new BigDecimal("221"),
                BigInteger.valueOf(100), (byte) 31, null));

        final ExpectationResult result = table.check("expect_column_values_to_be_between", "column", "hr",
                "min_value", 30, "max_value", 220.5);

        assertThat(result.result().get("unexpected_index_list")).isEqualTo(List.of(4L, 5L));
        assertThat(result.result()).containsEntry("missing_count", 1L).containsEntry("unexpected_percent", 25.0)
                .containsEntry("unexpected_percent_total", 100.0 * 2 / 9);
        assertThat(result.exceptionMessage()).isNull();
    }

    @Test
    void testBetweenStrictBoundsAndOpenSides() {
        final Harness.Table table = columns("x", list(1, 5, 10));

        assertThat(table.check("expect_column_values_to_be_between", "column", "x", "min_value", 1, "max_value", 10,
                "strict_min", true, "strict_max", true).result().get("unexpected_index_list")).isEqualTo(List.of(0L, 2L));
        assertThat(table.check("expect_column_values_to_be_between", "column", "x", "max_value", 5)
                .result().get("unexpected_index_list")).isEqualTo(List.of(2L));
        assertThat(table.check("expect_column_values_to_be_between", "column", "x", "min_value", 5, "max_value", null)
                .result().get("unexpected_index_list")).isEqualTo(List.of(0L));
    }

    @Test
    void testBetweenStringAgainstNumberFailsLikeGeTypeError() {
        final ExpectationResult result = columns("y", list(1, 2, 3, 4, 5, 6, 7, 8, 9, "abc"))
                .check("expect_column_values_to_be_between", "column", "y", "min_value", 1, "max_value", 10, "mostly", 0.8);

        assertThat(result.success()).isFalse();
        assertThat(result.unexpectedCount()).isEqualTo(1);
        assertThat(result.exceptionMessage()).isEqualTo("expect_column_values_to_be_between(y): 1 value(s) failed because"
                + " they cannot be compared with min_value/max_value (first at record 9, a java.lang.String)");
    }

    @Test
    void testBetweenDatesWithIsoStringBounds() {
        final Harness.Table table = columns("ts", list(Timestamp.valueOf("2024-01-01 10:00:00"),
                LocalDate.of(2023, 12, 31), LocalDateTime.of(2024, 6, 30, 23, 59), Instant.parse("2025-01-01T00:00:00Z"),
                "2024-03-01"));

        final ExpectationResult result = table.check("expect_column_values_to_be_between", "column", "ts",
                "min_value", "2024-01-01", "max_value", "2024-12-31T23:59:59");

        // strings still compare as strings: "2024-03-01" is within ["2024-01-01", "2024-12-31T23:59:59"]
        assertThat(result.result().get("unexpected_index_list")).isEqualTo(List.of(1L, 3L));
        assertThat(result.exceptionMessage()).isNull();
    }

    @Test
    void testInSetMatchesNumbersByValueAndDatesByIsoText() {
        final Harness.Table table = columns("v", list(1, 1L, 1.0, new BigDecimal("1.00"), 2, "1", LocalDate.of(2024, 1, 31), true));

        final ExpectationResult result = table.check("expect_column_values_to_be_in_set", "column", "v",
                "value_set", List.of(1, "2024-01-31", true));

        assertThat(result.result().get("unexpected_list")).isEqualTo(List.of(2, "1"));
        assertThat(result.result().get("unexpected_index_list")).isEqualTo(List.of(4L, 5L));
    }

    @Test
    void testNotInSet() {
        final ExpectationResult result = columns("unit", list("mg/dL", "bogus", null, "BOGUS"))
                .check("expect_column_values_to_not_be_in_set", "column", "unit", "value_set", list("bogus", null));

        assertThat(result.result().get("unexpected_list")).isEqualTo(List.of("bogus"));
    }

    @Test
    void testValueLengthsCountCodePointsAndRejectNonStrings() {
        final Harness.Table table = columns("code", list("abc", "ab", "a\uD83D\uDE00c", null, "abcd"));

        assertThat(table.check("expect_column_value_lengths_to_equal", "column", "code", "value", 3)
                .result().get("unexpected_index_list")).isEqualTo(List.of(1L, 4L));
        assertThat(table.check("expect_column_value_lengths_to_be_between", "column", "code", "min_value", 3)
                .result().get("unexpected_index_list")).isEqualTo(List.of(1L));

        final ExpectationResult numbers = columns("code", list(12, "ab"))
                .check("expect_column_value_lengths_to_be_between", "column", "code", "min_value", 1, "max_value", 2);
        assertThat(numbers.success()).isFalse();
        assertThat(numbers.exceptionMessage()).contains("values must be strings (first at record 0, a java.lang.Integer)");
    }

    @Test
    void testOfTypeMapsPandasSqlAndSparkNamesToJavaClasses() {
        final Harness.Table table = columns("v", list(1, 2L, BigInteger.ONE, 1.5, "s", true,
                Timestamp.valueOf("2024-01-01 00:00:00"), LocalDate.of(2024, 1, 1), Map.of("k", 1)));

        assertThat(unexpected(table, "int64")).isEqualTo(List.of(3L, 4L, 5L, 6L, 7L, 8L));
        assertThat(unexpected(table, "IntegerType")).isEqualTo(unexpected(table, "BIGINT"));
        assertThat(unexpected(table, "float")).isEqualTo(List.of(0L, 1L, 2L, 4L, 5L, 6L, 7L, 8L));
        assertThat(unexpected(table, "VARCHAR")).isEqualTo(List.of(0L, 1L, 2L, 3L, 5L, 6L, 7L, 8L));
        assertThat(unexpected(table, "datetime64[ns]")).isEqualTo(List.of(0L, 1L, 2L, 3L, 4L, 5L, 7L, 8L));
        assertThat(unexpected(table, "DateType")).isEqualTo(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 8L));
        assertThat(unexpected(table, "object")).isEqualTo(List.of());

        final ExpectationResult list = table.check("expect_column_values_to_be_in_type_list", "column", "v",
                "type_list", List.of("int", "float", "str", "bool", "TIMESTAMP", "DATE", "dict"));
        assertThat(list.success()).isTrue();
    }

    private static Object unexpected(final Harness.Table table, final String type) {
        return table.check("expect_column_values_to_be_of_type", "column", "v", "type_", type).result().get("unexpected_index_list");
    }

    @Test
    void testUniqueMarksEveryOccurrenceOfADuplicateAcrossJavaTypes() {
        final Harness.Outcome outcome = columns("id", list(7, "7", 7L, 8, null, null, 9.0, 9))
                .run(compile(expectation("expect_column_values_to_be_unique", "column", "id")));

        assertThat(outcome.first().result().get("unexpected_index_list")).isEqualTo(List.of(0L, 2L, 6L, 7L));
        assertThat(outcome.invalidRows()).containsExactly(0, 2, 6, 7);
        assertThat(outcome.broken().get(0)).containsExactly("expect_column_values_to_be_unique(id)");
    }

    @Test
    void testUniqueNeedsThePreparationPass() {
        final SuiteRun run = compile(expectation("expect_column_values_to_be_unique", "column", "id")).newRun(List.of("id"),
                ValidationOptions.defaults());

        assertThat(run.needsPreparationPass()).isTrue();
        assertThatThrownBy(() -> run.evaluate(c -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call prepare() for every record before evaluate()");
    }

    @Test
    void testMostlyUsesNonNullRowsAsDenominator() {
        final Harness.Table table = columns("z", list(1, 2, 3, 4, 5, null, null, null, null, null));

        assertThat(table.check("expect_column_values_to_be_between", "column", "z", "min_value", 1, "max_value", 4,
                "mostly", 0.8).success()).isTrue();
        assertThat(table.check("expect_column_values_to_be_between", "column", "z", "min_value", 1, "max_value", 4,
                "mostly", 0.81).success()).isFalse();
    }

    @Test
    void testNoNonNullValuesIsVacuouslyTrue() {
        assertThat(columns("x", list(null, null)).check("expect_column_values_to_be_in_set", "column", "x",
                "value_set", List.of()).success()).isTrue();
    }
}
