package io.nifidataops.validation;

/** A compiled expectation: immutable, shared across runs and threads; creates a fresh evaluator per run. */
interface Expectation {

    ExpectationConfiguration config();

    /** Row-level label such as {@code expect_column_values_to_be_between(heart_rate)}, or null when no row can break it. */
    String label();

    Evaluator newEvaluator(RunContext context);
}
