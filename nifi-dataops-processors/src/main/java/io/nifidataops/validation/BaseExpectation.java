package io.nifidataops.validation;

import java.util.Collection;

/** What every compiled expectation reads from its kwargs: its config, result_format override and row_condition. */
abstract class BaseExpectation implements Expectation {

    private final ExpectationConfiguration config;
    private final ReportFormat.Override format;
    private final RowCondition condition;

    BaseExpectation(final Kwargs kwargs) {
        this.config = kwargs.config();
        this.format = ReportFormat.Override.from(kwargs);
        this.condition = RowCondition.from(kwargs);
    }

    @Override
    public ExpectationConfiguration config() {
        return config;
    }

    /** Not row-level unless overridden. */
    @Override
    public String label() {
        return null;
    }

    /** Whether the row_condition (if any) selects this row. */
    final boolean selects(final RecordView row) {
        return condition == null || condition.test(row);
    }

    /** Why this run cannot evaluate the expectation (its or its condition's columns are absent), or null. */
    final String absentColumns(final RunContext context, final Collection<String> own) {
        return context.missing(RowCondition.neededColumns(own, condition));
    }

    final ReportFormat format(final RunContext context) {
        return context.format(format);
    }
}
