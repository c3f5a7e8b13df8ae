package io.nifidataops.validation;

import io.nifidataops.SafeMessage;

/**
 * A reference set could not be consulted: it is not configured, or its lookup service failed. The FlowFile cannot be
 * judged and goes to failure. Messages name the set and the cause's class, never the value looked up.
 */
public final class ReferenceLookupException extends RuntimeException implements SafeMessage {

    private static final long serialVersionUID = 1L;

    public ReferenceLookupException(final String message) {
        super(message);
    }

    public ReferenceLookupException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
