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

class SuiteRunTest {

    private static final CompiledSuite VITALS = compile(
            expectation("expect_column_values_to_not_be_null", "column", "patient_id"),
            expectation("expect_column_values_to_be_between", "column", "heart_rate", "min_value", 30, "max_value", 220),
            expectation("expect_column_values_to_be_unique", "column", "reading_id"),
            expectation("expect_table_row_count_to_be_between", "min_value", 1),
            expectation("expect_column_mean_to_be_between", "column", "heart_rate", "max_value", 100));

    private static final Harness.Table READINGS = columns(
            "patient_id", Arrays.asList("p1", null, "p3", "p4"),
            "heart_rate", Arrays.asList(72, 250, 80, 60),
            "reading_id", Arrays.asList(1, 2, 3, 3));

    @Test
    void testEachRowListsTheRowLevelExpectationsItBreaks() {
        final Harness.Outcome outcome = READINGS.run(VITALS);

        assertThat(outcome.broken()).containsExactly(
                List.of(),
                List.of("expect_column_values_to_not_be_null(patient_id)", "expect_column_values_to_be_between(heart_rate)"),
                List.of("expect_column_values_to_be_unique(reading_id)"),
                List.of("expect_column_values_to_be_unique(reading_id)"));
        assertThat(outcome.validation().success()).isFalse();
        assertThat(outcome.validation().unexpectedCount()).isEqualTo(4);
        assertThat(outcome.validation().tableLevelSuccess()).isFalse();
        assertThat(outcome.validation().statistics()).isEqualTo(new Statistics(5, 1, 4, 20.0));
    }

    @Test
    void testValidRowsShareOneEmptyList() {
        final SuiteRun run = compile(expectation("expect_column_values_to_not_be_null", "column", "a"))
                .newRun(List.of("a"), ValidationOptions.defaults());

        final List<String> first = run.evaluate(c -> 1);
        final List<String> second = run.evaluate(c -> 2);

        assertThat(first).isEmpty();
        assertThat(second).isSameAs(first);
        assertThat(run.rowCount()).isEqualTo(2);
    }

    @Test
    void testColumnAbsentFromSchemaFailsClosed() {
        final Harness.Outcome outcome = columns("other", List.of(1, 2)).run(compile(
                expectation("expect_column_values_to_be_in_set", "column", "unit", "value_set", List.of("mg/dL")),
                expectation("expect_column_max_to_be_between", "column", "unit", "max_value", 1),
                expectation("expect_column_values_to_not_be_null", "column", "other", "row_condition", "flag == 1",
                        "condition_parser", "pandas")));

        assertThat(outcome.invalidRows()).containsExactly(0, 1);
        assertThat(outcome.broken().get(0)).containsExactly("expect_column_values_to_be_in_set(unit)",
                "expect_column_values_to_not_be_null(other)");
        final List<ExpectationResult> results = outcome.validation().results();
        assertThat(results).allSatisfy(r -> assertThat(r.success()).isFalse());
        assertThat(results.get(0).exceptionMessage()).isEqualTo("Column 'unit' is not in the record schema [other]");
        assertThat(results.get(0).result()).isEmpty();
        assertThat(results.get(0).unexpectedCount()).isEqualTo(2);
        assertThat(results.get(1).exceptionMessage()).isEqualTo("Column 'unit' is not in the record schema [other]");
        assertThat(results.get(2).exceptionMessage()).isEqualTo("Column 'flag' is not in the record schema [other]");
    }

    @Test
    void testRowConditionLimitsWhichRowsAreJudged() {
        final Harness.Outcome outcome = columns("kind", List.of("adult", "child", "adult"), "hr", List.of(70, 150, 150))
                .run(compile(expectation("expect_column_values_to_be_between", "column", "hr", "max_value", 120,
                        "row_condition", "kind == \"adult\"", "condition_parser", "pandas")));

        assertThat(outcome.invalidRows()).containsExactly(2);
        assertThat(outcome.first().result()).containsEntry("element_count", 2L).containsEntry("unexpected_index_list", List.of(2L));
    }

    @Test
    void testDuplicateLabelsAreNumbered() {
        final Harness.Outcome outcome = columns("x", List.of(50)).run(compile(
                expectation("expect_column_values_to_be_between", "column", "x", "max_value", 10),
                expectation("expect_column_values_to_be_between", "column", "x", "min_value", 100)));

        assertThat(outcome.broken().get(0)).containsExactly("expect_column_values_to_be_between(x)",
                "expect_column_values_to_be_between(x) #2");
    }

    @Test
    void testLifecycleIsEnforced() {
        final SuiteRun run = VITALS.newRun(READINGS.columns(), ValidationOptions.defaults());
        READINGS.rows().forEach(row -> run.prepare(row::get));
        run.evaluate(READINGS.rows().get(0)::get);

        assertThatThrownBy(() -> run.prepare(c -> null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(run::finish).hasMessage("4 records were prepared but 1 evaluated");
        READINGS.rows().subList(1, 4).forEach(row -> run.evaluate(row::get));
        run.finish();
        assertThatThrownBy(run::finish).hasMessage("finish() was already called");
    }

    @Test
    void testEmptyRunIsVacuouslyTrueForRowLevelExpectations() {
        final ValidationResult result = columns("patient_id", List.of(), "heart_rate", List.of(), "reading_id", List.of())
                .run(VITALS).validation();

        assertThat(result.results()).extracting(ExpectationResult::success).containsExactly(true, true, true, false, false);
        assertThat(result.results().get(0).result()).containsEntry("element_count", 0L).containsEntry("unexpected_percent", null);
    }

    @Test
    void testEmptySuite() {
        final ValidationResult result = columns("a", List.of(1)).run(compile()).validation();

        assertThat(result.success()).isTrue();
        assertThat(result.statistics().successPercent()).isNaN();
        assertThat(result.unexpectedCount()).isZero();
        assertThat(result.tableLevelSuccess()).isTrue();
    }

    @Test
    void testResultsAreReadOnly() {
        final ExpectationResult result = READINGS.run(VITALS).first();

        assertThatThrownBy(() -> result.result().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(result.config().kwargs()).isEqualTo(Map.of("column", "patient_id"));
    }
}
