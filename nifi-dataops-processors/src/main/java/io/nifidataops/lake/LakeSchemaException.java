package io.nifidataops.lake;

import io.nifidataops.SafeMessage;

/**
 * A schema or configuration that cannot be written as a lake table. Messages name fields and types,
 * never record values, so they are safe for logs, attributes and provenance.
 */
public class LakeSchemaException extends RuntimeException implements SafeMessage {

    public LakeSchemaException(final String message) {
        super(message);
    }
}
