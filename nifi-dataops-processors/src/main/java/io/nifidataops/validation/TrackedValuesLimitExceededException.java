package io.nifidataops.validation;

import io.nifidataops.SafeMessage;

/**
 * An expectation needed to keep more values in memory than {@link ValidationOptions#maxTrackedValues()} allows
 * (distinct values for uniqueness, a median's value buffer, a COMPLETE unexpected list). Thrown instead of
 * risking the heap; the message names the expectation, the column and the limit.
 */
public final class TrackedValuesLimitExceededException extends RuntimeException implements SafeMessage {

    private static final long serialVersionUID = 1L;

    public TrackedValuesLimitExceededException(final String message) {
        super(message);
    }
}
