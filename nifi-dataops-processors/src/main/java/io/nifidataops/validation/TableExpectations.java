package io.nifidataops.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GE table expectations on the record schema's columns and on the number of records. */
final class TableExpectations {

    private TableExpectations() {
    }

    static void register(final Map<String, ExpectationFactory> factories) {
        factories.put("expect_column_to_exist", TableExpectations::columnExists);
        factories.put("expect_table_columns_to_match_ordered_list", TableExpectations::orderedColumns);
        factories.put("expect_table_columns_to_match_set", TableExpectations::columnSet);
        factories.put("expect_table_column_count_to_be_between", k -> count(k, Bounds.from(k, Bounds.Kind.INTEGER, false), true));
        factories.put("expect_table_column_count_to_equal", k -> count(k, exactly(k), true));
        factories.put("expect_table_row_count_to_be_between", k -> count(k, Bounds.from(k, Bounds.Kind.INTEGER, false), false));
        factories.put("expect_table_row_count_to_equal", k -> count(k, exactly(k), false));
        factories.put("expect_table_row_count_to_equal_other_table", TableExpectations::equalsOtherTable);
    }

    /**
     * The other table's row count comes from the run (the processor reads it from a FlowFile attribute, since a
     * record stream has no other tables); a table whose count was not given fails the expectation closed.
     */
    private static Expectation equalsOtherTable(final Kwargs kwargs) {
        final String other = kwargs.string("other_table_name");
        return new TableExpectation(kwargs, (context, names, rows, result) -> {
            final Long count = context.otherTableRowCounts().get(other);
            if (count == null) {
                throw new TableExpectation.NotEvaluable("no row count was given for other table '" + other + "'");
            }
            final Map<String, Object> observed = new LinkedHashMap<>();
            observed.put("self", rows);
            observed.put("other", count);
            result.put("observed_value", observed);
            return rows == count;
        });
    }

    private static Bounds exactly(final Kwargs kwargs) {
        final Long value = kwargs.optionalInteger("value");
        if (value == null) {
            throw kwargs.wrongType("value", "an integer", null);
        }
        final Constant constant = Constant.of(value);
        return new Bounds(constant, constant, false, false);
    }

    private static TableExpectation count(final Kwargs kwargs, final Bounds bounds, final boolean columns) {
        return new TableExpectation(kwargs, (context, names, rows, result) -> {
            final long observed = columns ? names.size() : rows;
            result.put("observed_value", observed);
            return bounds.contains(observed);
        });
    }

    /** With column_index, the column must also sit at that 0-based position. */
    private static TableExpectation columnExists(final Kwargs kwargs) {
        final String column = kwargs.column();
        final Long index = kwargs.optionalInteger("column_index");
        return new TableExpectation(kwargs, (context, names, rows, result) -> index == null ? names.contains(column)
                : index >= 0 && index < names.size() && names.get(index.intValue()).equals(column));
    }

    /** A null column_list holds vacuously; mismatches list each position with what was expected and found. */
    private static TableExpectation orderedColumns(final Kwargs kwargs) {
        final List<String> expected = kwargs.has("column_list") ? kwargs.stringList("column_list", 0) : null;
        return new TableExpectation(kwargs, (context, names, rows, result) -> {
            result.put("observed_value", names);
            if (expected == null || expected.equals(names)) {
                return true;
            }
            final List<Map<String, Object>> mismatched = new ArrayList<>();
            for (int i = 0; i < Math.max(expected.size(), names.size()); i++) {
                final String want = i < expected.size() ? expected.get(i) : null;
                final String found = i < names.size() ? names.get(i) : null;
                if (want == null || !want.equals(found)) {
                    final Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("Expected Column Position", i);
                    entry.put("Expected", want);
                    entry.put("Found", found);
                    mismatched.add(entry);
                }
            }
            result.put("details", Map.of("mismatched", mismatched));
            return false;
        });
    }

    /**
     * With exact_match (the default) the columns must be exactly column_set; without it, column_set must be a
     * subset. A null column_set is vacuously true without exact_match and matches nothing with it.
     */
    private static TableExpectation columnSet(final Kwargs kwargs) {
        final List<String> expected = kwargs.has("column_set") ? kwargs.stringList("column_set", 0) : null;
        final boolean exact = kwargs.bool("exact_match", true);
        return new TableExpectation(kwargs, (context, names, rows, result) -> {
            result.put("observed_value", names);
            if (expected == null && !exact) {
                return true;
            }
            final List<String> wanted = expected == null ? List.of() : expected;
            final List<String> unexpected = names.stream().filter(c -> !wanted.contains(c)).toList();
            final List<String> missing = wanted.stream().filter(c -> !names.contains(c)).distinct().toList();
            final Map<String, Object> mismatched = new LinkedHashMap<>();
            if (!unexpected.isEmpty()) {
                mismatched.put("unexpected", unexpected);
            }
            if (!missing.isEmpty()) {
                mismatched.put("missing", missing);
            }
            result.put("details", Map.of("mismatched", mismatched));
            return missing.isEmpty() && (!exact || unexpected.isEmpty());
        });
    }
}
