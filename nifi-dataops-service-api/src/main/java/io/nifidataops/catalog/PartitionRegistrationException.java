package io.nifidataops.catalog;

import io.nifidataops.SafeMessage;

/**
 * Glue refused some partitions of a BatchCreatePartition call (other than because they already exist). Retryable
 * when every refusal was of a transient kind; partitions already created are remembered, so a retry only sends
 * the rest.
 */
public class PartitionRegistrationException extends RuntimeException implements SafeMessage {

    private final boolean retryable;

    public PartitionRegistrationException(final String message, final boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
