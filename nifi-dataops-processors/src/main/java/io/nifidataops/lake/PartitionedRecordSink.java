package io.nifidataops.lake;

import org.apache.avro.generic.GenericRecord;

import java.io.Closeable;
import java.util.List;

/** Where the stager puts converted records: straight into {@link PartitionedParquetWriter}, or through a {@link BackgroundEncoder}. */
public interface PartitionedRecordSink extends Closeable {

    void write(PartitionKey partition, GenericRecord record) throws StagingException;

    /** Writes whatever is pending, closes every file and returns all finished files in the order they were finished. */
    List<StagedFile> finish() throws StagingException;

    /** Stops without finishing: for the failure path, before the staging directory is deleted. Never throws. */
    @Override
    void close();
}
