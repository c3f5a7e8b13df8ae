package io.nifidataops.processors;

import org.apache.nifi.components.DescribedValue;

/** What PutLakeParquet stores: the records as partitioned Parquet, or the content as it arrived. */
public enum LakeOutputFormat implements DescribedValue {
    PARQUET("Parquet", "The records, read with the Record Reader, as Parquet objects under Hive-style partitions."),
    RAW("Raw", "The FlowFile content byte for byte as one object, named by its SHA-256: for the raw zone.");

    private final String displayName;
    private final String description;

    LakeOutputFormat(final String displayName, final String description) {
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
