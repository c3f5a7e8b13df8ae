package io.nifidataops.validation;

import java.util.HashMap;
import java.util.Map;

/**
 * First-pass memory for uniqueness: which keys occur more than once. Holds one entry per distinct key,
 * bounded by the tracked-values limit.
 */
final class DuplicateCounter {

    private final Map<Object, Boolean> repeated = new HashMap<>();
    private final long limit;
    private final String label;

    DuplicateCounter(final long limit, final String label) {
        this.limit = limit;
        this.label = label;
    }

    void add(final Object key) {
        final Boolean seenTwice = repeated.get(key);
        if (seenTwice == null) {
            if (repeated.size() >= limit) {
                throw new TrackedValuesLimitExceededException(label + " must remember more than maxTrackedValues = "
                        + limit + " distinct values to find duplicates; raise the limit or split the FlowFile");
            }
            repeated.put(key, Boolean.FALSE);
        } else if (!seenTwice) {
            repeated.put(key, Boolean.TRUE);
        }
    }

    /** Like GE, every occurrence of a duplicated key is a duplicate, the first one included. */
    boolean isDuplicate(final Object key) {
        return Boolean.TRUE.equals(repeated.get(key));
    }
}
