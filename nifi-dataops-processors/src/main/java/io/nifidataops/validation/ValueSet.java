package io.nifidataops.validation;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * A {@code value_set} prepared for membership tests: numbers match across Java types, and strings that read as
 * ISO dates or times also match temporal values ({@code "2024-01-31"} matches a LocalDate of that day).
 */
final class ValueSet {

    private final Set<Object> keys = new HashSet<>();
    private final Set<Object> temporals = new HashSet<>();

    ValueSet(final Collection<?> values) {
        for (final Object value : values) {
            keys.add(Values.key(value));
            final Object temporal = value instanceof String s ? Temporals.parse(s) : null;
            if (temporal != null) {
                temporals.add(temporal);
            }
        }
    }

    boolean contains(final Object value) {
        if (Temporals.isTemporal(value) && temporals.contains(Temporals.comparable(value))) {
            return true;
        }
        return keys.contains(Values.key(value));
    }
}
