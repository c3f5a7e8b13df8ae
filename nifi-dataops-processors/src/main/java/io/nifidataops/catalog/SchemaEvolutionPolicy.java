package io.nifidataops.catalog;

/** What a write may change about an existing table's columns; RegisterGlueTable's docs have the full table. */
public enum SchemaEvolutionPolicy {

    /** New columns are appended, missing ones kept, narrower data accepted; any other type change fails. */
    ADD_NEW_COLUMNS,

    /** As {@link #ADD_NEW_COLUMNS}, and a column whose data became wider is widened (int to bigint, float to double). */
    ALLOW_SAFE_WIDENING,

    /** The data must have exactly the table's columns and types. */
    STRICT
}
