package io.nifidataops.validation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.nifidataops.validation.Harness.columns;
import static io.nifidataops.validation.Harness.compile;
import static io.nifidataops.validation.Harness.expectation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AggregateExpectationsTest {

    private static final Harness.Table HR = columns("hr", Arrays.asList(60, 72L, null, 88.5, new BigDecimal("100"), Double.NaN));

    private static Object observed(final String type, final Object... kwargs) {
        return HR.check(type, kwargs).result().get("observed_value");
    }

    @Test
    void testStatisticsSkipMissingValues() {
        assertThat(observed("expect_column_min_to_be_between", "column", "hr", "min_value", 0)).isEqualTo(60);
        assertThat(observed("expect_column_max_to_be_between", "column", "hr", "max_value", 200)).isEqualTo(new BigDecimal("100"));
        assertThat(observed("expect_column_sum_to_be_between", "column", "hr", "min_value", 0)).isEqualTo(320.5);
        assertThat(observed("expect_column_mean_to_be_between", "column", "hr", "min_value", 0)).isEqualTo(80.125);
        assertThat((Double) observed("expect_column_stdev_to_be_between", "column", "hr", "min_value", 0))
                .isCloseTo(17.665290826929514, within(1e-12)); // Python statistics.stdev
        assertThat(observed("expect_column_median_to_be_between", "column", "hr", "min_value", 0)).isEqualTo(80.25);
    }

    @Test
    void testBoundsDecideSuccess() {
        assertThat(HR.check("expect_column_mean_to_be_between", "column", "hr", "min_value", 80, "max_value", 81).success()).isTrue();
        assertThat(HR.check("expect_column_mean_to_be_between", "column", "hr", "max_value", 80.125, "strict_max", true).success()).isFalse();
        assertThat(HR.check("expect_column_max_to_be_between", "column", "hr", "max_value", 99.99).success()).isFalse();
    }

    @Test
    void testIntegerSumStaysExact() {
        assertThat(columns("n", List.of(Long.MAX_VALUE - 1, 1)).check("expect_column_sum_to_be_between", "column", "n",
                "min_value", 0).result().get("observed_value")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void testMinOfDatesAgainstIsoBound() {
        final ExpectationResult result = columns("d", List.of(LocalDate.of(2024, 5, 1), LocalDate.of(2023, 1, 2)))
                .check("expect_column_min_to_be_between", "column", "d", "min_value", "2023-01-01");

        assertThat(result.success()).isTrue();
        assertThat(result.result().get("observed_value")).isEqualTo(LocalDate.of(2023, 1, 2));
    }

    @Test
    void testDataValuedObservationsAreOmittedWithoutValuesButStatisticsStay() {
        final ValidationOptions noValues = new ValidationOptions(ResultFormat.SUMMARY, false, 20, 1_000_000, 4);
        final ValidationResult result = HR.run(compile(
                expectation("expect_column_min_to_be_between", "column", "hr", "min_value", 0),
                expectation("expect_column_median_to_be_between", "column", "hr", "min_value", 0),
                expectation("expect_column_distinct_values_to_be_in_set", "column", "hr", "value_set", List.of(60)),
                expectation("expect_column_mean_to_be_between", "column", "hr", "min_value", 0),
                expectation("expect_column_proportion_of_unique_values_to_be_between", "column", "hr", "min_value", 0)),
                noValues).validation();

        assertThat(result.results()).extracting(ExpectationResult::result)
                .containsExactly(Map.of(), Map.of(), Map.of(), Map.of("observed_value", 80.125), Map.of("observed_value", 1.0));
        assertThat(result.results()).extracting(ExpectationResult::success).containsExactly(true, true, false, true, true);
    }

    @Test
    void testStatisticsOfTooFewValuesAreWithheldUnlessValuesMayBeReported() {
        final Harness.Table onePatient = columns("hr", Arrays.asList(131, null));
        final Harness.Table tenPatients = columns("hr", List.of(60, 62, 64, 66, 68, 70, 72, 74, 76, 78));
        final CompiledSuite suite = compile(
                expectation("expect_column_mean_to_be_between", "column", "hr", "max_value", 120),
                expectation("expect_column_sum_to_be_between", "column", "hr", "min_value", 0),
                expectation("expect_column_stdev_to_be_between", "column", "hr", "min_value", 0),
                expectation("expect_column_proportion_of_unique_values_to_be_between", "column", "hr", "min_value", 0));

        final ValidationResult withheld = onePatient.run(suite, ValidationOptions.defaults()).validation();
        assertThat(withheld.results()).allSatisfy(result -> assertThat(result.result())
                .doesNotContainKey("observed_value")
                .containsEntry("details", Map.of("observed_value_withheld", "computed from 1 value(s), fewer than the 10 required to report it"))
                .asString().doesNotContain("131"));
        assertThat(withheld.results()).extracting(ExpectationResult::success).containsExactly(false, true, false, true);

        final List<ExpectationResult> reported = tenPatients.run(suite, ValidationOptions.defaults()).validation().results();
        assertThat(reported).extracting(result -> result.result().get("observed_value")).element(0).isEqualTo(69.0);
        assertThat(reported).extracting(result -> result.result().get("observed_value")).element(1).isEqualTo(690L);
        assertThat((Double) reported.get(2).result().get("observed_value")).isCloseTo(Math.sqrt(330.0 / 9), within(1e-12));
        assertThat(onePatient.run(suite, new ValidationOptions(ResultFormat.SUMMARY, true, 20, 1_000_000)).first().result())
                .containsEntry("observed_value", 131.0);
    }

    @Test
    void testDistinctValuesInSetReportsSortedValuesAndCounts() {
        final ExpectationResult result = columns("unit", Arrays.asList("mmol/L", "mg/dL", null, "mg/dL", "g/L"))
                .check("expect_column_distinct_values_to_be_in_set", "column", "unit", "value_set", List.of("mg/dL", "mmol/L"));

        assertThat(result.success()).isFalse();
        assertThat(result.result()).containsEntry("observed_value", List.of("g/L", "mg/dL", "mmol/L"))
                .containsEntry("details", Map.of("value_counts", List.of(Map.of("value", "g/L", "count", 1L),
                        Map.of("value", "mg/dL", "count", 2L), Map.of("value", "mmol/L", "count", 1L))));
        assertThat(columns("unit", List.of("x")).check("expect_column_distinct_values_to_be_in_set", "column", "unit",
                "value_set", null).success()).isTrue();
    }

    @Test
    void testProportionOfUniqueValues() {
        final ExpectationResult result = columns("v", Arrays.asList(1, 1.0, 2, 3, null))
                .check("expect_column_proportion_of_unique_values_to_be_between", "column", "v", "min_value", 0.8);

        assertThat(result.result().get("observed_value")).isEqualTo(0.75);
        assertThat(result.success()).isFalse();
    }

    @Test
    void testNonNumericValuesFailNumericStatistics() {
        final ExpectationResult result = columns("v", Arrays.asList(1, "two"))
                .check("expect_column_mean_to_be_between", "column", "v", "min_value", 0);

        assertThat(result.success()).isFalse();
        assertThat(result.exceptionMessage())
                .isEqualTo("expect_column_mean_to_be_between(v): values must be numbers (found a java.lang.String)");
        assertThat(columns("v", Arrays.asList(1, "two")).check("expect_column_max_to_be_between", "column", "v",
                "min_value", 0).exceptionMessage()).contains("values of different kinds cannot be ordered");
    }

    @Test
    void testNoValuesMeansNoStatisticAndFailure() {
        final ExpectationResult result = columns("v", Arrays.asList(null, null))
                .check("expect_column_max_to_be_between", "column", "v", "max_value", 5);

        assertThat(result.success()).isFalse();
        assertThat(result.result()).containsEntry("observed_value", null);
    }

    @Test
    void testMedianAndDistinctValuesAreBoundedByMaxTrackedValues() {
        final ValidationOptions small = new ValidationOptions(ResultFormat.SUMMARY, false, 20, 2);
        final Harness.Table table = columns("v", List.of(1, 2, 3));

        assertThatThrownBy(() -> table.run(compile(expectation("expect_column_median_to_be_between", "column", "v",
                "min_value", 0)), small))
                .isInstanceOf(TrackedValuesLimitExceededException.class)
                .hasMessage("expect_column_median_to_be_between(v) must keep every value to find the median, and there"
                        + " are more than maxTrackedValues = 2; raise the limit or split the FlowFile");
        assertThatThrownBy(() -> table.run(compile(expectation("expect_column_distinct_values_to_be_in_set", "column", "v",
                "value_set", List.of(1))), small))
                .isInstanceOf(TrackedValuesLimitExceededException.class)
                .hasMessageContaining("expect_column_distinct_values_to_be_in_set(v) must remember more than maxTrackedValues = 2");
    }
}
