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
