package io.nifidataops.validation;

/**
 * A value from the suite (a bound, a literal) that records are compared with. A string that reads as an ISO
 * date or time also carries that temporal form, so {@code min_value: "2024-01-01"} bounds date columns while
 * still comparing lexicographically with string columns.
 */
record Constant(Object value, Comparable<Object> temporal) {

    static Constant of(final Object value) {
        return new Constant(value, value instanceof String s ? Temporals.parse(s) : null);
    }

    /** The form of this constant to compare against the given record value. */
    Object against(final Object recordValue) {
        return temporal != null && Temporals.isTemporal(recordValue) ? temporal : value;
    }

    /** Compares a record value with this constant; {@link Values#INCOMPARABLE} when kinds differ. */
    int compareFrom(final Object recordValue) {
        return Values.compare(recordValue, against(recordValue));
    }
}
