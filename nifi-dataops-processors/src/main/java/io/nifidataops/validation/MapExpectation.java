package io.nifidataops.validation;

import java.util.List;

/**
 * A row-level expectation (GE column map or multicolumn map): each considered row is expected or unexpected,
 * and the expectation holds when the expected share of non-missing rows reaches {@code mostly}.
 */
final class MapExpectation extends BaseExpectation {

    /** Creates the per-run rule; {@code label} names the expectation in limit messages. */
    @FunctionalInterface
    interface RuleFactory {
        RowRule create(RunContext context, String label);
    }

    private final List<String> columns;
    private final boolean reportsMissing;
    private final RuleFactory rules;
    private final double mostly;

    /**
     * @param reportsMissing false for the null checks, whose GE results have no missing_* keys and whose
     *                       {@code mostly} counts every row
     */
    MapExpectation(final Kwargs kwargs, final List<String> columns, final boolean reportsMissing,
                   final RuleFactory rules) {
        super(kwargs);
        this.columns = List.copyOf(columns);
        this.reportsMissing = reportsMissing;
        this.rules = rules;
        this.mostly = kwargs.mostly();
    }

    @Override
    public String label() {
        return config().type() + "(" + String.join(",", columns) + ")";
    }

    boolean reportsMissing() {
        return reportsMissing;
    }

    double mostly() {
        return mostly;
    }

    @Override
    public Evaluator newEvaluator(final RunContext context) {
        final String missing = absentColumns(context, columns);
        final RowRule rule = missing == null ? rules.create(context, label()) : null;
        return new MapEvaluator(this, rule, missing, format(context), context.limit());
    }
}
