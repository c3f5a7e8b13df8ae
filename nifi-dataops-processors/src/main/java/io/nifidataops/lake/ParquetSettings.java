package io.nifidataops.lake;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How Parquet files are written and rolled.
 *
 * @param rowGroupSize bytes a writer buffers before it flushes a row group: the heap one open file costs
 * @param maxRecordsPerObject a file is closed (and becomes one object) when it holds this many records
 * @param maxOpenPartitions files open at once; the least recently used is closed when another is needed
 * @param backgroundEncoding encode Parquet on a second thread while the caller reads on ({@link BackgroundEncoder})
 */
public record ParquetSettings(CompressionCodecName codec, long rowGroupSize, long maxRecordsPerObject, int maxOpenPartitions,
                              boolean backgroundEncoding) {

    public ParquetSettings {
        if (rowGroupSize < 1 || maxRecordsPerObject < 1 || maxOpenPartitions < 1) {
            throw new IllegalArgumentException("Row group size, records per object and open partitions must be positive");
        }
    }
}
