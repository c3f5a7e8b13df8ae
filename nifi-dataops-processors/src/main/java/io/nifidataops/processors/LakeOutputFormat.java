package io.nifidataops.processors;

import io.nifidataops.NamedValue;

import java.util.Locale;

/** What PutLakeParquet stores: the records as partitioned Parquet, or the content as it arrived. */
public enum LakeOutputFormat implements NamedValue {
    PARQUET("The records, read with the Record Reader, as Parquet objects under Hive-style partitions."),
    RAW("The FlowFile content byte for byte as one object, named by its SHA-256: for the raw zone.");

    private final String description;

    LakeOutputFormat(final String description) {
        this.description = description;
    }

    @Override
    public String getDisplayName() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    @Override
    public String getDescription() {
        return description;
    }
}
