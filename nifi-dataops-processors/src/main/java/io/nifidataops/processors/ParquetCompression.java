package io.nifidataops.processors;

import org.apache.nifi.components.DescribedValue;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Parquet page compression offered by PutLakeParquet (all readable by Athena, Spark, Trino and DuckDB). */
public enum ParquetCompression implements DescribedValue {
    SNAPPY(CompressionCodecName.SNAPPY, "Fast, moderate ratio; the usual choice for query engines."),
    ZSTD(CompressionCodecName.ZSTD, "Better ratio than Snappy at a little more CPU."),
    GZIP(CompressionCodecName.GZIP, "High ratio, slow; for rarely read data."),
    LZ4_RAW(CompressionCodecName.LZ4_RAW, "Fastest; needs readers from 2022 on (Athena engine 3, Spark 3.3, Trino 390)."),
    UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED, "No compression.");

    private final CompressionCodecName codec;
    private final String description;

    ParquetCompression(final CompressionCodecName codec, final String description) {
        this.codec = codec;
        this.description = description;
    }

    public CompressionCodecName codec() {
        return codec;
    }

    @Override
    public String getValue() {
        return name();
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
