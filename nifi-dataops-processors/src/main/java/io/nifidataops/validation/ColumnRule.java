package io.nifidataops.validation;

/** A column map rule: judges one column's value; missing values get a fixed outcome. */
final class ColumnRule implements RowRule {

    /** Judges a non-missing value: EXPECTED, UNEXPECTED or TYPE_ERROR. */
    @FunctionalInterface
    interface Check {
        int test(Object value);

        default boolean needsPreparation() {
            return false;
        }

        default void prepare(final Object value) {
        }
    }

    private final String column;
    private final Check check;
    private final int whenMissing;
    private final String typeErrorMessage;

    ColumnRule(final String column, final Check check, final int whenMissing, final String typeErrorMessage) {
        this.column = column;
        this.check = check;
        this.whenMissing = whenMissing;
        this.typeErrorMessage = typeErrorMessage;
    }

    /** The usual GE column map: nulls are skipped (counted as missing). */
    static ColumnRule skippingNulls(final String column, final Check check, final String typeErrorMessage) {
        return new ColumnRule(column, check, MISSING, typeErrorMessage);
    }

    @Override
    public int test(final RecordView row) {
        final Object value = row.value(column);
        return Values.isMissing(value) ? whenMissing : check.test(value);
    }

    @Override
    public Object reportedValue(final RecordView row) {
        final Object value = row.value(column);
        return Values.isMissing(value) ? null : value;
    }

    @Override
    public String typeErrorMessage() {
        return typeErrorMessage;
    }

    @Override
    public boolean needsPreparation() {
        return check.needsPreparation();
    }

    @Override
    public void prepare(final RecordView row) {
        final Object value = row.value(column);
        if (!Values.isMissing(value)) {
            check.prepare(value);
        }
    }
}
