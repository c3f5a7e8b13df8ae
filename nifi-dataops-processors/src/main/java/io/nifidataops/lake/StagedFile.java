package io.nifidataops.lake;

import java.nio.file.Path;

/**
 * A finished local Parquet file: the records of one partition, the {@code sequence}-th file (from 0)
 * of that partition for this input.
 */
public record StagedFile(PartitionKey partition, int sequence, Path file, long recordCount) {
}
