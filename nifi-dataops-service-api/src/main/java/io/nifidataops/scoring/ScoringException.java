package io.nifidataops.scoring;

import io.nifidataops.SafeMessage;

/**
 * A batch could not be scored. Retryable failures (endpoint down, too slow, overloaded) leave the data where it was;
 * the others (an answer of the wrong shape, a rejected request) send it to failure. Messages never hold feature values.
 */
public class ScoringException extends Exception implements SafeMessage {

    private final boolean retryable;

    public ScoringException(final String message, final boolean retryable) {
        this(message, retryable, null);
    }

    public ScoringException(final String message, final boolean retryable, final Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
