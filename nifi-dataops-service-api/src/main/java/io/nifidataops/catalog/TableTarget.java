package io.nifidataops.catalog;

/** A table of the lake catalog: the database and table names a FlowFile's data belongs to. */
public record TableTarget(String database, String table) {

    public String qualified() {
        return database + "." + table;
    }
}
