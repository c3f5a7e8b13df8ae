package io.nifidataops.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * What one registration changed in the catalog; {@link #changes()} is the provenance detail.
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
            changes.add(partitionsCreated + (partitionsCreated == 1 ? " partition" : " partitions"));
        }
        return changes.isEmpty() ? "no change" : String.join("; ", changes);
    }
}
