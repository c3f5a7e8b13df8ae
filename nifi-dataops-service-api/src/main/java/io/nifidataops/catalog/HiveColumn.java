package io.nifidataops.catalog;

/** A Glue column or partition key: its name and Hive type, e.g. {@code decimal(10,2)} or {@code array<string>}. */
public record HiveColumn(String name, String type) {
}
