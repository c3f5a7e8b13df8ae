package io.nifidataops.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * What one registration changed in the catalog; {@link #details} is the provenance detail.
 *
 * @param tableVersion the catalog's version of the table after the change, or null when the catalog has none
 */
public record TableRegistration(boolean databaseCreated, boolean tableCreated, List<String> addedColumns, List<String> widenedColumns,
                                int partitionsCreated, String tableVersion) {

    public TableRegistration {
        addedColumns = List.copyOf(addedColumns);
        widenedColumns = List.copyOf(widenedColumns);
    }

    public TableRegistration withPartitions(final int created) {
        return new TableRegistration(databaseCreated, tableCreated, addedColumns, widenedColumns, created, tableVersion);
    }

    /** The provenance detail: which table, and what changed, e.g. {@code lake.structured_hospital_vitals: created table; added 2 partitions}. */
    public String details(final TableTarget target) {
        return target.qualified() + ": " + changes();
    }

    public String changes() {
        final List<String> changes = new ArrayList<>();
        if (databaseCreated) {
            changes.add("created database");
        }
        if (tableCreated) {
            changes.add("created table");
        }
        if (!addedColumns.isEmpty()) {
            changes.add("added columns " + String.join(",", addedColumns));
        }
        if (!widenedColumns.isEmpty()) {
            changes.add("widened columns " + String.join(",", widenedColumns));
        }
        if (partitionsCreated > 0) {
            changes.add("added " + partitionsCreated + (partitionsCreated == 1 ? " partition" : " partitions"));
        }
        return changes.isEmpty() ? "no change, table and partitions already registered" : String.join("; ", changes);
    }
}
