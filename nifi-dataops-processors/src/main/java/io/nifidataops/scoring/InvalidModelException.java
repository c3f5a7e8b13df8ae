package io.nifidataops.scoring;

import io.nifidataops.SafeMessage;

/** A model file cannot be served as configured: missing, corrupt, or its inputs and outputs do not match. */
public class InvalidModelException extends Exception implements SafeMessage {

    public InvalidModelException(final String message) {
        super(message);
    }

    public InvalidModelException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
