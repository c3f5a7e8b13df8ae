package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validation of one FlowFile's records; single-threaded. When {@link #needsPreparationPass()} is true, call
 * {@link #prepare} for every record first, then {@link #evaluate} for every record in the same order, then
 * {@link #finish}. Records are never kept: only counts and bounded samples are.
 */
public final class SuiteRun {

    private static final List<String> VALID = List.of();

    private final String suiteName;
    private final Evaluator[] evaluators;
    private final String[] labels;
    private final boolean needsPreparation;
    private final Map<String, Double> observedMetrics;
    private long prepared;
    private long rows;
    private boolean finished;

    SuiteRun(final String suiteName, final Evaluator[] evaluators, final String[] labels, final Map<String, Double> observedMetrics) {
        this.observedMetrics = observedMetrics;
        this.suiteName = suiteName;
        this.evaluators = evaluators;
        this.labels = labels;
        boolean preparation = false;
        for (final Evaluator evaluator : evaluators) {
            preparation |= evaluator.needsPreparation();
        }
        this.needsPreparation = preparation;
    }

    /** True when an expectation (uniqueness) must see every record before judging any: read the content twice. */
    public boolean needsPreparationPass() {
        return needsPreparation;
    }

    /** First pass; only when {@link #needsPreparationPass()}. */
    public void prepare(final RecordView row) {
        if (finished || rows > 0) {
            throw new IllegalStateException("prepare() must be called for every record before the first evaluate()");
        }
        for (final Evaluator evaluator : evaluators) {
            evaluator.prepare(row);
        }
        prepared++;
    }

    /**
     * Second pass, every record in order.
     *
     * @return the labels of the row-level expectations this record breaks, such as
     * {@code expect_column_values_to_be_between(heart_rate)}; an empty shared list when the record is valid
     * @throws TrackedValuesLimitExceededException when an expectation would keep more than maxTrackedValues values
     */
    public List<String> evaluate(final RecordView row) {
        if (finished) {
            throw new IllegalStateException("evaluate() after finish()");
        }
        if (needsPreparation && rows >= prepared) {
            throw new IllegalStateException("This suite needs a preparation pass: call prepare() for every record"
                    + " before evaluate(); " + prepared + " prepared, evaluating record " + rows);
        }
        List<String> broken = VALID;
        for (int i = 0; i < evaluators.length; i++) {
            if (evaluators[i].evaluate(row, rows) && labels[i] != null) {
                if (broken == VALID) {
                    broken = new ArrayList<>(2);
                }
                broken.add(labels[i]);
            }
        }
        rows++;
        return broken;
    }

    /** Ends the run; call once, after every record was evaluated. */
    public ValidationResult finish() {
        if (finished) {
            throw new IllegalStateException("finish() was already called");
        }
        if (needsPreparation && rows != prepared) {
            throw new IllegalStateException(prepared + " records were prepared but " + rows + " evaluated");
        }
        finished = true;
        final List<ExpectationResult> results = new ArrayList<>(evaluators.length);
        for (final Evaluator evaluator : evaluators) {
            results.add(evaluator.finish());
        }
        return ValidationResult.of(suiteName, results);
    }

    /**
     * The dataset metrics the history expectations observed in this run, by metric key; complete after
     * {@link #finish}. The caller appends them to the history (only when the suite succeeded, so an anomalous batch
     * does not become the baseline).
     */
    public Map<String, Double> observedMetrics() {
        return Map.copyOf(observedMetrics);
    }

    /** Records evaluated so far. */
    public long rowCount() {
        return rows;
    }
}
