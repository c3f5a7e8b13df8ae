package io.nifidataops.validation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts one row-level expectation over a run and builds GE's map result. When a needed column is absent
 * it fails closed: every row breaks it and the result carries the reason as exception_info.
 */
final class MapEvaluator implements Evaluator {

    private final MapExpectation expectation;
    private final RowRule rule;
    private final String absentColumns;
    private final ReportFormat format;
    private final UnexpectedTracker tracker;
    private long considered;
    private long missing;
    private long unexpected;
    private long typeErrors;
    private String firstTypeError;

    MapEvaluator(final MapExpectation expectation, final RowRule rule, final String absentColumns,
                 final ReportFormat format, final long limit) {
        this.expectation = expectation;
        this.rule = rule;
        this.absentColumns = absentColumns;
        this.format = format;
        this.tracker = new UnexpectedTracker(format, limit, expectation.label());
    }

    @Override
    public boolean needsPreparation() {
        return rule != null && rule.needsPreparation();
    }

    @Override
    public void prepare(final RecordView row) {
        if (rule != null && expectation.selects(row)) {
            rule.prepare(row);
        }
    }

    @Override
    public boolean evaluate(final RecordView row, final long index) {
        if (rule == null) {
            unexpected++;
            return true;
        }
        if (!expectation.selects(row)) {
            return false;
        }
        considered++;
        final int outcome = rule.test(row);
        if (outcome == RowRule.EXPECTED) {
            return false;
        }
        if (outcome == RowRule.MISSING) {
            missing++;
            return false;
        }
        if (outcome == RowRule.TYPE_ERROR && typeErrors++ == 0) {
            firstTypeError = "first at record " + index + ", a " + Values.typeName(rule.reportedValue(row));
        }
        unexpected++;
        tracker.add(index, row, rule);
        return true;
    }

    @Override
    public ExpectationResult finish() {
        final ExpectationConfiguration config = expectation.config();
        if (rule == null) {
            return new ExpectationResult(config, false, Map.of(), absentColumns, true, unexpected);
        }
        final long nonMissing = considered - missing;
        final boolean mostlyHolds = nonMissing == 0
                || (double) (nonMissing - unexpected) / nonMissing >= expectation.mostly();
        final String error = typeErrors == 0 ? null : expectation.label() + ": " + typeErrors + " value(s) failed because "
                + rule.typeErrorMessage() + " (" + firstTypeError + ")";
        return new ExpectationResult(config, mostlyHolds && error == null, result(nonMissing), error, true, unexpected);
    }

    private Map<String, Object> result(final long nonMissing) {
        final Map<String, Object> result = new LinkedHashMap<>();
        if (!format.includes(ResultFormat.BASIC)) {
            return result;
        }
        final boolean reportsMissing = expectation.reportsMissing();
        result.put("element_count", considered);
        if (reportsMissing) {
            result.put("missing_count", missing);
            result.put("missing_percent", percent(missing, considered));
        }
        result.put("unexpected_count", unexpected);
        result.put("unexpected_percent", percent(unexpected, reportsMissing ? nonMissing : considered));
        if (reportsMissing) {
            result.put("unexpected_percent_total", percent(unexpected, considered));
            result.put("unexpected_percent_nonmissing", percent(unexpected, nonMissing));
        }
        tracker.putInto(result);
        return result;
    }

    /** GE reports None when there is nothing to take a percentage of. */
    private static Double percent(final long part, final long whole) {
        return whole == 0 ? null : part * 100.0 / whole;
    }
}
