package io.nifidataops.validation;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** GE column map expectations on values: nulls, types, sets, ranges, lengths and uniqueness. */
final class ColumnMapExpectations {

    /** Creates a column check for one run. */
    @FunctionalInterface
    interface CheckFactory {
        ColumnRule.Check create(RunContext context, String label);
    }

    private static final String NOT_COMPARABLE = "they cannot be compared with min_value/max_value";
    private static final String NOT_STRINGS = "values must be strings";

    private ColumnMapExpectations() {
    }

    static void register(final Map<String, ExpectationFactory> factories) {
        factories.put("expect_column_values_to_not_be_null", k -> nullCheck(k, RowRule.UNEXPECTED, RowRule.EXPECTED));
        factories.put("expect_column_values_to_be_null", k -> nullCheck(k, RowRule.EXPECTED, RowRule.UNEXPECTED));
        factories.put("expect_column_values_to_be_of_type", k -> types(k, "type_", List.of(k.string("type_"))));
        factories.put("expect_column_values_to_be_in_type_list", k -> types(k, "type_list", k.optionalList("type_list")));
        factories.put("expect_column_values_to_be_in_set", k -> membership(k, true));
        factories.put("expect_column_values_to_not_be_in_set", k -> membership(k, false));
        factories.put("expect_column_values_to_be_between", ColumnMapExpectations::between);
        factories.put("expect_column_value_lengths_to_be_between", ColumnMapExpectations::lengthsBetween);
        factories.put("expect_column_value_lengths_to_equal", ColumnMapExpectations::lengthsEqual);
        factories.put("expect_column_values_to_be_unique", ColumnMapExpectations::unique);
        factories.put("expect_column_values_to_be_increasing", k -> monotonic(k, true));
        factories.put("expect_column_values_to_be_decreasing", k -> monotonic(k, false));
        factories.put("expect_column_value_z_scores_to_be_less_than", ColumnMapExpectations::zScores);
    }

    /**
     * Like GE's pandas diff(): each non-missing value is compared with the previous non-missing one (the first
     * has none and passes), so only the running order matters. Numbers and dates can be ordered; other values
     * (strings, booleans) cannot be subtracted and fail the expectation like pandas' TypeError.
     */
    private static MapExpectation monotonic(final Kwargs kwargs, final boolean increasing) {
        final boolean strictly = kwargs.bool("strictly", false);
        return column(kwargs, (context, label) -> new ColumnRule.Check() {
            private Object previous;

            @Override
            public int test(final Object value) {
                if (!(value instanceof Number) && !Temporals.isTemporal(value)) {
                    return RowRule.TYPE_ERROR;
                }
                final Object before = previous;
                previous = value;
                if (before == null) {
                    return RowRule.EXPECTED;
                }
                final int c = Values.compare(value, before);
                if (c == Values.INCOMPARABLE) {
                    return RowRule.TYPE_ERROR;
                }
                final int direction = increasing ? c : -c;
                return outcome(direction > 0 || !strictly && direction == 0);
            }
        }, "values must be numbers or dates that can be ordered against each other");
    }

    /**
     * GE's z-score is taken against the column's mean and sample standard deviation, so a first pass computes
     * them (Welford's method, no values kept) and the second judges each value. Double-sided compares |z| with
     * |threshold|; a zero deviation makes every z infinite or undefined, hence unexpected.
     */
    private static MapExpectation zScores(final Kwargs kwargs) {
        final double threshold = kwargs.number("threshold").doubleValue();
        final boolean doubleSided = kwargs.bool("double_sided", true);
        return column(kwargs, (context, label) -> new ColumnRule.Check() {
            private long count;
            private double mean;
            private double squares;

            @Override
            public boolean needsPreparation() {
                return true;
            }

            @Override
            public void prepare(final Object value) {
                final Double x = number(value);
                if (x != null) {
                    count++;
                    final double delta = x - mean;
                    mean += delta / count;
                    squares += delta * (x - mean);
                }
            }

            @Override
            public int test(final Object value) {
                final Double x = number(value);
                if (x == null) {
                    return RowRule.TYPE_ERROR;
                }
                final double z = (x - mean) / Math.sqrt(squares / (count - 1));
                return outcome(doubleSided ? Math.abs(z) < Math.abs(threshold) : z < threshold);
            }
        }, "z-scores need numbers");
    }

    /** A number as pandas computes with it (booleans as 0 and 1), or null when the value is not one. */
    private static Double number(final Object value) {
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return value instanceof Number n ? n.doubleValue() : null;
    }

    /** A column map whose check is stateless and shared by all runs. */
    static MapExpectation column(final Kwargs kwargs, final ColumnRule.Check check, final String typeError) {
        return column(kwargs, (context, label) -> check, typeError);
    }

    /** A column map with a fresh check per run (for reusable matchers or uniqueness state). */
    static MapExpectation column(final Kwargs kwargs, final CheckFactory checks, final String typeError) {
        final String column = kwargs.column();
        return new MapExpectation(kwargs, List.of(column), true,
                (context, label) -> ColumnRule.skippingNulls(column, checks.create(context, label), typeError));
    }

    static int outcome(final boolean expected) {
        return expected ? RowRule.EXPECTED : RowRule.UNEXPECTED;
    }

    /** The null checks judge nulls too, and, like GE, report no missing counts. */
    private static MapExpectation nullCheck(final Kwargs kwargs, final int whenNull, final int whenPresent) {
        final String column = kwargs.column();
        final ColumnRule.Check check = value -> whenPresent;
        return new MapExpectation(kwargs, List.of(column), false,
                (context, label) -> new ColumnRule(column, check, whenNull, null));
    }

    /** A null type_list accepts everything, as in GE. */
    private static MapExpectation types(final Kwargs kwargs, final String key, final List<?> names) {
        if (names == null) {
            return column(kwargs, value -> RowRule.EXPECTED, null);
        }
        final Set<TypeNames.Kind> accepted = EnumSet.noneOf(TypeNames.Kind.class);
        for (final Object name : names) {
            final Set<TypeNames.Kind> kinds = name instanceof String s ? TypeNames.kinds(s) : null;
            if (kinds == null) {
                throw kwargs.error("kwarg '" + key + "' has unknown type name " + Kwargs.describe(name)
                        + "; use a pandas/numpy, Python, SQL or Spark name such as int64, float, str, bool,"
                        + " datetime64, INTEGER, VARCHAR, TIMESTAMP, DATE, IntegerType, StringType");
            }
            accepted.addAll(kinds);
        }
        return column(kwargs, value -> outcome(accepted.contains(TypeNames.kindOf(value))), null);
    }

    private static MapExpectation membership(final Kwargs kwargs, final boolean inSet) {
        final ValueSet set = new ValueSet(kwargs.list("value_set"));
        return column(kwargs, value -> outcome(set.contains(value) == inSet), null);
    }

    private static MapExpectation between(final Kwargs kwargs) {
        final Bounds bounds = Bounds.from(kwargs, Bounds.Kind.SCALAR, true);
        return column(kwargs, value -> switch (bounds.check(value)) {
            case Bounds.INSIDE -> RowRule.EXPECTED;
            case Bounds.OUTSIDE -> RowRule.UNEXPECTED;
            default -> RowRule.TYPE_ERROR;
        }, NOT_COMPARABLE);
    }

    private static MapExpectation lengthsBetween(final Kwargs kwargs) {
        final Bounds bounds = Bounds.from(kwargs, Bounds.Kind.INTEGER, true, true);
        final long min = bounds.min() == null ? Long.MIN_VALUE : ((Number) bounds.min().value()).longValue()
                + (bounds.strictMin() ? 1 : 0);
        final long max = bounds.max() == null ? Long.MAX_VALUE : ((Number) bounds.max().value()).longValue()
                - (bounds.strictMax() ? 1 : 0);
        return lengths(kwargs, min, max);
    }

    private static MapExpectation lengthsEqual(final Kwargs kwargs) {
        final Long value = kwargs.optionalInteger("value");
        if (value == null) {
            throw kwargs.wrongType("value", "an integer", null);
        }
        return lengths(kwargs, value, value);
    }

    /** Python's len() counts code points; non-strings have no length (GE raises a TypeError). */
    private static MapExpectation lengths(final Kwargs kwargs, final long min, final long max) {
        return column(kwargs, value -> {
            if (!(value instanceof String s)) {
                return RowRule.TYPE_ERROR;
            }
            final int length = s.codePointCount(0, s.length());
            return outcome(length >= min && length <= max);
        }, NOT_STRINGS);
    }

    private static MapExpectation unique(final Kwargs kwargs) {
        return column(kwargs, (context, label) -> new ColumnRule.Check() {
            private final DuplicateCounter counter = new DuplicateCounter(context.limit(), label);

            @Override
            public int test(final Object value) {
                return outcome(!counter.isDuplicate(Values.key(value)));
            }

            @Override
            public boolean needsPreparation() {
                return true;
            }

            @Override
            public void prepare(final Object value) {
                counter.add(Values.key(value));
            }
        }, null);
    }
}
