package io.nifidataops.validation;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.nifidataops.validation.ColumnMapExpectations.outcome;

/** GE multicolumn and column-pair map expectations. */
final class MulticolumnExpectations {

    private static final String NOT_NUMBERS = "values must be numbers";
    private static final MultiColumnRule.Ignore DEFAULT_IGNORE = MultiColumnRule.Ignore.ALL_MISSING;

    private MulticolumnExpectations() {
    }

    static void register(final Map<String, ExpectationFactory> factories) {
        factories.put("expect_compound_columns_to_be_unique", MulticolumnExpectations::compoundUnique);
        factories.put("expect_select_column_values_to_be_unique_within_record", MulticolumnExpectations::uniqueWithinRecord);
        factories.put("expect_multicolumn_sum_to_equal", MulticolumnExpectations::sumEquals);
        factories.put("expect_column_pair_values_a_to_be_greater_than_b", MulticolumnExpectations::greaterThan);
        factories.put("expect_column_pair_values_to_be_equal", MulticolumnExpectations::pairEqual);
        factories.put("expect_column_pair_values_to_be_in_set", MulticolumnExpectations::pairInSet);
        // GE 1.x keeps this deprecated name for expect_select_column_values_to_be_unique_within_record
        factories.put("expect_multicolumn_values_to_be_unique", MulticolumnExpectations::uniqueWithinRecord);
    }

    /** A column-pair map over column_A and column_B with GE's pair ignore_row_if (default both_values_are_missing). */
    private static MapExpectation pair(final Kwargs kwargs, final MultiColumnRule.Check check, final String typeError) {
        final List<String> columns = List.of(kwargs.string("column_A"), kwargs.string("column_B"));
        final MultiColumnRule.Ignore ignore = MultiColumnRule.Ignore.from(kwargs, true, DEFAULT_IGNORE);
        return new MapExpectation(kwargs, columns, true, (context, label) ->
                new MultiColumnRule(columns, ignore, check, true, typeError));
    }

    /** pandas' column_A == column_B: a missing side is never equal (NaN != NaN), numbers match across types. */
    private static MapExpectation pairEqual(final Kwargs kwargs) {
        return pair(kwargs, values -> outcome(values[0] != null && values[1] != null
                && Values.equal(values[0], values[1])), null);
    }

    /** The pair (missing sides as None) must be one of value_pairs_set; a null set holds vacuously, as in GE. */
    private static MapExpectation pairInSet(final Kwargs kwargs) {
        final List<?> pairs = kwargs.has("value_pairs_set") ? kwargs.list("value_pairs_set") : null;
        final java.util.Set<List<Object>> allowed = new java.util.HashSet<>();
        if (pairs != null) {
            for (final Object entry : pairs) {
                if (!(entry instanceof List<?> p) || p.size() != 2) {
                    throw kwargs.wrongType("value_pairs_set", "a list of [A, B] pairs", entry);
                }
                allowed.add(Arrays.asList(Values.key(p.get(0)), Values.key(p.get(1))));
            }
        }
        return pair(kwargs, values -> pairs == null ? RowRule.EXPECTED
                : outcome(allowed.contains(Arrays.asList(Values.key(values[0]), Values.key(values[1])))), null);
    }

    /** A multicolumn map over {@code column_list}; {@code checks} builds the per-run check. */
    private static MapExpectation multicolumn(final Kwargs kwargs, final int minColumns,
                                              final ColumnChecks checks, final String typeError) {
        final List<String> columns = kwargs.stringList("column_list", minColumns);
        final MultiColumnRule.Ignore ignore = MultiColumnRule.Ignore.from(kwargs, false, DEFAULT_IGNORE);
        return new MapExpectation(kwargs, columns, true, (context, label) ->
                new MultiColumnRule(columns, ignore, checks.create(context, label), false, typeError));
    }

    @FunctionalInterface
    private interface ColumnChecks {
        MultiColumnRule.Check create(RunContext context, String label);
    }

    /** Like pandas duplicated(keep=False): every row of a repeated combination is unexpected; nulls are equal. */
    private static MapExpectation compoundUnique(final Kwargs kwargs) {
        return multicolumn(kwargs, 1, (context, label) -> new MultiColumnRule.Check() {
            private final DuplicateCounter counter = new DuplicateCounter(context.limit(), label);

            @Override
            public int test(final Object[] values) {
                return outcome(!counter.isDuplicate(key(values)));
            }

            @Override
            public boolean needsPreparation() {
                return true;
            }

            @Override
            public void prepare(final Object[] values) {
                counter.add(key(values));
            }
        }, null);
    }

    private static List<Object> key(final Object[] values) {
        final Object[] keys = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            keys[i] = Values.key(values[i]);
        }
        return Arrays.asList(keys);
    }

    /** Unexpected when two of the selected columns hold equal values (two nulls count as equal, as in pandas). */
    private static MapExpectation uniqueWithinRecord(final Kwargs kwargs) {
        final MultiColumnRule.Check check = values -> {
            for (int i = 0; i < values.length; i++) {
                for (int j = i + 1; j < values.length; j++) {
                    if (Values.equal(values[i], values[j])) {
                        return RowRule.UNEXPECTED;
                    }
                }
            }
            return RowRule.EXPECTED;
        };
        return multicolumn(kwargs, 2, (context, label) -> check, null);
    }

    /** The row's sum (a missing value makes it NaN, so unexpected) must equal {@code sum_total}. */
    private static MapExpectation sumEquals(final Kwargs kwargs) {
        final Number total = kwargs.number("sum_total");
        final MultiColumnRule.Check check = values -> {
            for (final Object value : values) {
                if (value == null) {
                    return RowRule.UNEXPECTED;
                }
                if (!(value instanceof Number)) {
                    return RowRule.TYPE_ERROR;
                }
            }
            return outcome(Values.compareNumbers(sum(values), total) == 0);
        };
        return multicolumn(kwargs, 1, (context, label) -> check, NOT_NUMBERS);
    }

    /** Exact for integers and decimals; IEEE double arithmetic in column order once a float is involved, like pandas. */
    static Number sum(final Object[] numbers) {
        boolean floating = false;
        boolean decimal = false;
        for (final Object value : numbers) {
            floating |= value instanceof Double || value instanceof Float;
            decimal |= !Values.isIntegral(value);
        }
        if (floating) {
            double sum = 0;
            for (final Object value : numbers) {
                sum += ((Number) value).doubleValue();
            }
            return sum;
        }
        if (!decimal) {
            try {
                long sum = 0;
                for (final Object value : numbers) {
                    sum = Math.addExact(sum, ((Number) value).longValue());
                }
                return sum;
            } catch (final ArithmeticException overflow) {
                // continue exactly in BigDecimal
            }
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (final Object value : numbers) {
            sum = sum.add(Values.exact((Number) value));
        }
        return sum;
    }

    /** column_A > column_B (or >= with or_equal); a missing side fails the comparison unless ignored. */
    private static MapExpectation greaterThan(final Kwargs kwargs) {
        final List<String> columns = List.of(kwargs.string("column_A"), kwargs.string("column_B"));
        final boolean orEqual = kwargs.bool("or_equal", false);
        final MultiColumnRule.Ignore ignore = MultiColumnRule.Ignore.from(kwargs, true, DEFAULT_IGNORE);
        final MultiColumnRule.Check check = values -> {
            if (values[0] == null || values[1] == null) {
                return RowRule.UNEXPECTED;
            }
            final int c = Values.compare(values[0], values[1]);
            return c == Values.INCOMPARABLE ? RowRule.TYPE_ERROR : outcome(c > 0 || orEqual && c == 0);
        };
        return new MapExpectation(kwargs, columns, true, (context, label) ->
                new MultiColumnRule(columns, ignore, check, true, "column_A and column_B values cannot be compared"));
    }
}
