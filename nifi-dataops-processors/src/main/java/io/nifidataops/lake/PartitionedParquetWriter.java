package io.nifidataops.lake;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes records into one local Parquet file per partition, rolling a file at Max Records Per Object
 * and keeping at most Max Open Partitions files open (the least recently used is closed and the
 * partition continues in a new file). Heap is bounded by row group size x open files, whatever the
 * input size; the files wait in the staging directory for upload.
 */
public final class PartitionedParquetWriter implements PartitionedRecordSink {

    private final Schema schema;
    private final ParquetSettings settings;
    private final Path directory;
    private final Map<PartitionKey, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<PartitionKey, Integer> nextSequence = new HashMap<>();
    private final List<StagedFile> finished = new ArrayList<>();
    private int fileCount;

    public PartitionedParquetWriter(final Schema schema, final ParquetSettings settings, final Path directory) {
        this.schema = schema;
        this.settings = settings;
        this.directory = directory;
    }

    @Override
    public void write(final PartitionKey partition, final GenericRecord record) throws StagingException {
        final OpenFile known = open.get(partition);
        final OpenFile file = known != null ? known : openFile(partition);
        try {
            file.writer.write(record);
        } catch (final IOException e) {
            throw new StagingException("Cannot write local Parquet file " + file.path, e);
        }
        if (++file.recordCount >= settings.maxRecordsPerObject()) {
            finish(open.remove(partition));
        }
    }

    @Override
    public List<StagedFile> finish() throws StagingException {
        final Iterator<OpenFile> files = open.values().iterator();
        while (files.hasNext()) {
            final OpenFile file = files.next();
            files.remove();
            finish(file);
        }
        return List.copyOf(finished);
    }

    @Override
    public void close() {
        for (final OpenFile file : open.values()) {
            try {
                file.writer.close();
            } catch (final IOException | RuntimeException e) {
                // the file is discarded with the staging directory
            }
        }
        open.clear();
    }

    private OpenFile openFile(final PartitionKey partition) throws StagingException {
        if (open.size() >= settings.maxOpenPartitions()) {
            final Iterator<OpenFile> leastRecentlyUsed = open.values().iterator();
            final OpenFile evicted = leastRecentlyUsed.next();
            leastRecentlyUsed.remove();
            finish(evicted);
        }
        final int sequence = nextSequence.merge(partition, 1, Integer::sum) - 1;
        final Path path = directory.resolve(fileCount++ + ".parquet");
        try {
            final OpenFile file = new OpenFile(partition, sequence, path, newWriter(path));
            open.put(partition, file);
            return file;
        } catch (final IOException e) {
            throw new StagingException("Cannot create local Parquet file " + path, e);
        }
    }

    private ParquetWriter<GenericRecord> newWriter(final Path path) throws IOException {
        return ParquetFiles.writer(new LocalOutputFile(path), schema, settings.codec(), settings.rowGroupSize());
    }

    private void finish(final OpenFile file) throws StagingException {
        try {
            file.writer.close();
        } catch (final IOException e) {
            throw new StagingException("Cannot finish local Parquet file " + file.path, e);
        }
        finished.add(new StagedFile(file.partition, file.sequence, file.path, file.recordCount));
    }

    private static final class OpenFile {
        private final PartitionKey partition;
        private final int sequence;
        private final Path path;
        private final ParquetWriter<GenericRecord> writer;
        private long recordCount;

        private OpenFile(final PartitionKey partition, final int sequence, final Path path, final ParquetWriter<GenericRecord> writer) {
            this.partition = partition;
            this.sequence = sequence;
            this.path = path;
            this.writer = writer;
        }
    }
}
