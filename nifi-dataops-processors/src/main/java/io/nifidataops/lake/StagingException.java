package io.nifidataops.lake;

import io.nifidataops.SafeMessage;

import java.io.IOException;

/**
 * Writing a local staging file failed (disk full, temp directory gone): a fault of this node, not of
 * the data, so the FlowFile is worth retrying.
 */
public class StagingException extends IOException implements SafeMessage {

    public StagingException(final String message, final IOException cause) {
        super(message, cause);
    }

    /** The encoder executor refused the work: the processor is stopping, which the retry outlives. */
    public StagingException(final String message, final java.util.concurrent.RejectedExecutionException cause) {
        super(message, cause);
    }
}
