package io.nifidataops.validation;

import io.nifidataops.SafeMessage;

/**
 * The expectation suite cannot be used: it is not valid JSON, lacks required parts, names an unsupported
 * expectation, or gives a keyword argument of the wrong type or value. The message is written for the
 * person who maintains the suite.
 */
public final class InvalidSuiteException extends RuntimeException implements SafeMessage {

    private static final long serialVersionUID = 1L;

    public InvalidSuiteException(final String message) {
        super(message);
    }

    public InvalidSuiteException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
