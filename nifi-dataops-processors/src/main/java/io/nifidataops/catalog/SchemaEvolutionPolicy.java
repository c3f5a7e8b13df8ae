package io.nifidataops.catalog;

import org.apache.nifi.components.DescribedValue;

/** What a write may change about an existing table's columns. */
public enum SchemaEvolutionPolicy implements DescribedValue {

    ADD_NEW_COLUMNS("Add New Columns", "New columns are appended; a column the data no longer has stays in the table;"
            + " data narrower than the column (int into bigint) is accepted; any other type change fails"),
    ALLOW_SAFE_WIDENING("Allow Safe Widening", "As Add New Columns, and a column whose data became wider is widened"
            + " (tinyint to smallint to int to bigint, float to double)"),
    STRICT("Strict", "The data must have exactly the table's columns and types; anything else fails");

    private final String displayName;
    private final String description;

    SchemaEvolutionPolicy(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return name();
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
