package io.nifidataops.catalog;

import java.util.List;

/**
 * What a lake writer wrote, as a catalog needs it: table root, compression, partitions and the columns of the
 * Parquet data. PutLakeParquet and RegisterGlueTable read it from the lake attributes (LakeTableAttributes).
 *
 * @param location table root with a trailing slash, e.g. {@code s3://lake/structured/device/vitals/}
 * @param compressionType the Glue {@code compressionType} parameter: snappy, gzip, zstd, lz4 or none
 * @param partitionKeys partition columns in path order; empty for an unpartitioned write
 * @param partitions the values of each partition written, in partition key order
 * @param columns data columns (partition columns are not in the data)
 */
public record LakeTableInput(String location, String compressionType, List<String> partitionKeys, List<List<String>> partitions,
                             List<HiveColumn> columns) {

    public LakeTableInput {
        partitionKeys = List.copyOf(partitionKeys);
        partitions = List.copyOf(partitions);
        columns = List.copyOf(columns);
    }

    public List<HiveColumn> partitionColumns() {
        // The data schema leaves partition columns out, so their type is not known here: string, as Hive paths hold text.
        return partitionKeys.stream().map(key -> new HiveColumn(key, "string")).toList();
    }
}
