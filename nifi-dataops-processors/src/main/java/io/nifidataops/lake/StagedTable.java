package io.nifidataops.lake;

import org.apache.avro.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One FlowFile's records, staged as local Parquet files: the table schema, the files, and the record count. */
public record StagedTable(Schema schema, List<StagedFile> files, long recordCount) {

    /** IANA-registered media type of Parquet. */
    public static final String PARQUET_CONTENT_TYPE = "application/vnd.apache.parquet";

    public StagedTable {
        files = List.copyOf(files);
    }

    /** The upload plan: one object per staged file, named from the content digest and the partition. */
    public List<PlannedObject> objects(final TableLocation location, final String contentSha256) throws IOException {
        final List<PlannedObject> objects = new ArrayList<>(files.size());
        for (final StagedFile file : files) {
            final String key = location.objectKey(file.partition(), ObjectNames.parquet(contentSha256, file.partition(), file.sequence()));
            objects.add(new PlannedObject(key, Files.size(file.file()), PARQUET_CONTENT_TYPE, () -> Files.newInputStream(file.file()), file.recordCount()));
        }
        return objects;
    }

    /** The distinct partitions written, in the order their first file was finished. */
    public Set<PartitionKey> partitions() {
        final Set<PartitionKey> partitions = new LinkedHashSet<>();
        files.forEach(file -> partitions.add(file.partition()));
        return partitions;
    }
}
