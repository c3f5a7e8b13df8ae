package io.nifidataops.lake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The partition values of a group of records, in partition column order. A null value stands for a
 * null or empty field and is written as Hive's default partition.
 */
public record PartitionKey(List<String> columns, List<String> values) {

    public static final PartitionKey NONE = new PartitionKey(List.of(), List.of());

    public PartitionKey {
        columns = List.copyOf(columns);
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** {@code event_date=2026-11-23/ward=3}, empty for an unpartitioned table. */
    public String path() {
        final StringBuilder path = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(HivePaths.segment(columns.get(i), values.get(i)));
        }
        return path.toString();
    }

    /** Column to value as Glue registers it: nulls and empty values as {@value HivePaths#DEFAULT_PARTITION}. */
    public Map<String, String> toMap() {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            final String value = values.get(i);
            map.put(columns.get(i), value == null || value.isEmpty() ? HivePaths.DEFAULT_PARTITION : value);
        }
        return map;
    }
}
