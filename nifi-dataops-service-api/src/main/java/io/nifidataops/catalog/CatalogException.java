package io.nifidataops.catalog;

import io.nifidataops.SafeMessage;

/**
 * A FlowFile cannot be registered as it is: bad lake attributes, a schema Hive cannot express, a schema change
 * the evolution policy forbids, or partitions Glue refused. Retrying the same FlowFile cannot help. Messages
 * name attributes, columns and types, never record values.
 */
public class CatalogException extends RuntimeException implements SafeMessage {

    public CatalogException(final String message) {
        super(message);
    }
}
