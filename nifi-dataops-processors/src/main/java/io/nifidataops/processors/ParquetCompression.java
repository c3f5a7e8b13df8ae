package io.nifidataops.processors;

import io.nifidataops.NamedValue;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Parquet page compression offered by PutLakeParquet (all readable by Athena, Spark, Trino and DuckDB). */
public enum ParquetCompression implements NamedValue {
    SNAPPY("Fast, moderate ratio; the usual choice for query engines."),
    ZSTD("Better ratio than Snappy at a little more CPU."),
    GZIP("High ratio, slow; for rarely read data."),
    LZ4_RAW("Fastest; needs readers from 2022 on (Athena engine 3, Spark 3.3, Trino 390)."),
    UNCOMPRESSED("No compression.");

    private final String description;

    ParquetCompression(final String description) {
        this.description = description;
    }

    public CompressionCodecName codec() {
        return CompressionCodecName.valueOf(name());
    }

    @Override
    public String getDisplayName() {
        return name();
    }

    @Override
    public String getDescription() {
        return description;
    }
}
