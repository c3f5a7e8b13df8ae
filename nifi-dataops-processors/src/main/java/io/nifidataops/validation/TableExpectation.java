package io.nifidataops.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A GE table-level expectation: judged once per run from the schema's columns and the row count. */
final class TableExpectation extends BaseExpectation {

    /** Decides success and fills GE's result dictionary. */
    @FunctionalInterface
    interface Rule {
        boolean apply(RunContext context, List<String> columns, long rowCount, Map<String, Object> result);
    }

    /** Thrown by a rule that lacks what it needs from the run; fails the expectation with the message. */
    static final class NotEvaluable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotEvaluable(final String message) {
            super(message, null, false, false);
        }
    }

    private final Rule rule;

    TableExpectation(final Kwargs kwargs, final Rule rule) {
        super(kwargs);
        this.rule = rule;
    }

    @Override
    public Evaluator newEvaluator(final RunContext context) {
        final String missing = absentColumns(context, List.of());
        final ReportFormat reportFormat = format(context);
        return new Evaluator() {
            private long rows;

            @Override
            public boolean evaluate(final RecordView row, final long index) {
                if (missing == null && selects(row)) {
                    rows++;
                }
                return false;
            }

            @Override
            public ExpectationResult finish() {
                if (missing != null) {
                    return new ExpectationResult(config(), false, Map.of(), missing);
                }
                final Map<String, Object> result = new LinkedHashMap<>();
                final boolean success;
                try {
                    success = rule.apply(context, context.columns(), rows, result);
                } catch (final NotEvaluable e) {
                    return new ExpectationResult(config(), false, Map.of(), config().type() + ": " + e.getMessage());
                }
                return new ExpectationResult(config(), success,
                        reportFormat.includes(ResultFormat.BASIC) ? result : Map.of(), null);
            }
        };
    }
}
