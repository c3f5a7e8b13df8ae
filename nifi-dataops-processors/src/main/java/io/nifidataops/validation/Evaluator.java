package io.nifidataops.validation;

/** One expectation's state for one run (one FlowFile); single-threaded. */
interface Evaluator {

    default boolean needsPreparation() {
        return false;
    }

    /** First pass over every row, for expectations that must see all values before judging any row. */
    default void prepare(final RecordView row) {
    }

    /** Second pass, every row in order; true when this row breaks a row-level expectation. */
    boolean evaluate(RecordView row, long index);

    ExpectationResult finish();
}
