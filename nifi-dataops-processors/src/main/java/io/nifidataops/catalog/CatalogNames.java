package io.nifidataops.catalog;

import io.nifidataops.lake.ColumnNames;

/**
 * Database and table names as Athena needs them (lowercase letters, digits and underscores), made by the same
 * rule as the column names the Parquet writer used, so "Structured"/"Lab Results" becomes structured_lab_results.
 */
public final class CatalogNames {

    private CatalogNames() {
    }

    /** @param what "Database" or "Table", for the message */
    public static String normalize(final String what, final String name) {
        if (name == null || name.isBlank()) {
            throw new CatalogException(what + " evaluated to an empty name");
        }
        return ColumnNames.normalize(name);
    }
}
