package io.nifidataops.validation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A multicolumn map rule: judges several columns of a row together, after GE's {@code ignore_row_if}. */
final class MultiColumnRule implements RowRule {

    /** Judges the row's values (in column order, missing values as null): EXPECTED, UNEXPECTED or TYPE_ERROR. */
    @FunctionalInterface
    interface Check {
        int test(Object[] values);

        default boolean needsPreparation() {
            return false;
        }

        default void prepare(final Object[] values) {
        }
    }

    /** Which rows GE's {@code ignore_row_if} leaves out (counted as missing). */
    enum Ignore {
        ALL_MISSING("all_values_are_missing", "both_values_are_missing"),
        ANY_MISSING("any_value_is_missing", "either_value_is_missing"),
        NEVER("never", "neither");

        private final String multicolumnName;
        private final String pairName;

        Ignore(final String multicolumnName, final String pairName) {
            this.multicolumnName = multicolumnName;
            this.pairName = pairName;
        }

        static Ignore from(final Kwargs kwargs, final boolean pair, final Ignore defaultValue) {
            final String name = kwargs.optionalString("ignore_row_if");
            if (name == null) {
                return defaultValue;
            }
            for (final Ignore ignore : values()) {
                if ((pair ? ignore.pairName : ignore.multicolumnName).equals(name.toLowerCase(Locale.ROOT))) {
                    return ignore;
                }
            }
            final List<String> allowed = Arrays.stream(values()).map(i -> pair ? i.pairName : i.multicolumnName).toList();
            throw kwargs.error("ignore_row_if '" + name + "' is not one of " + allowed);
        }

        boolean skips(final Object[] values) {
            if (this == NEVER) {
                return false;
            }
            final boolean all = this == ALL_MISSING;
            for (final Object value : values) {
                if (value == null != all) {
                    return !all;
                }
            }
            return all;
        }
    }

    private final String[] columns;
    private final Ignore ignore;
    private final Check check;
    private final boolean pair;
    private final String typeErrorMessage;
    private final Object[] values;

    MultiColumnRule(final List<String> columns, final Ignore ignore, final Check check, final boolean pair,
                    final String typeErrorMessage) {
        this.columns = columns.toArray(String[]::new);
        this.ignore = ignore;
        this.check = check;
        this.pair = pair;
        this.typeErrorMessage = typeErrorMessage;
        this.values = new Object[this.columns.length];
    }

    /** Loads the row into the reused buffer, NaN normalised to null so that all missing values are alike. */
    private Object[] load(final RecordView row) {
        for (int i = 0; i < columns.length; i++) {
            final Object value = row.value(columns[i]);
            values[i] = Values.isMissing(value) ? null : value;
        }
        return values;
    }

    @Override
    public int test(final RecordView row) {
        final Object[] loaded = load(row);
        return ignore.skips(loaded) ? MISSING : check.test(loaded);
    }

    @Override
    public boolean needsPreparation() {
        return check.needsPreparation();
    }

    @Override
    public void prepare(final RecordView row) {
        final Object[] loaded = load(row);
        if (!ignore.skips(loaded)) {
            check.prepare(loaded);
        }
    }

    /** GE shows a pair as [a, b] and other multicolumn rows as {column: value}. */
    @Override
    public Object reportedValue(final RecordView row) {
        final Object[] loaded = load(row);
        if (pair) {
            return Arrays.asList(loaded.clone());
        }
        final Map<String, Object> shown = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            shown.put(columns[i], loaded[i]);
        }
        return shown;
    }

    @Override
    public String typeErrorMessage() {
        return typeErrorMessage;
    }
}
