package io.nifidataops.catalog;

import io.nifidataops.SafeMessage;

/**
 * A call to the catalog failed for a reason outside the data (Glue down, throttled, access denied); the cause says which.
 * Lets a writer tell a catalog outage from a storage outage, which it answers differently.
 */
public class CatalogUnavailableException extends RuntimeException implements SafeMessage {

    public CatalogUnavailableException(final RuntimeException cause) {
        super("The catalog call failed", cause);
    }
}
