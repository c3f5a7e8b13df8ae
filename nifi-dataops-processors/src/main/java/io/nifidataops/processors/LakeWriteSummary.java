package io.nifidataops.processors;

import io.nifidataops.DataOpsAttributes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.lake.PartitionKey;
import io.nifidataops.lake.SentObject;
import io.nifidataops.lake.StagedTable;
import io.nifidataops.lake.TableLocation;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What one FlowFile's write produced, turned into its success attributes and provenance details. */
record LakeWriteSummary(LakeOutputFormat format, TableLocation location, List<SentObject> objects, List<PartitionKey> partitions,
                        ParquetCompression compression, StagedTable table, CatalogChange catalogChange) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static LakeWriteSummary parquet(final TableLocation location, final ParquetCompression compression, final StagedTable table,
                                    final List<SentObject> objects) {
        return new LakeWriteSummary(LakeOutputFormat.PARQUET, location, objects, List.copyOf(table.partitions()), compression, table, null);
    }

    static LakeWriteSummary raw(final TableLocation location, final PartitionKey partition, final SentObject object) {
        return new LakeWriteSummary(LakeOutputFormat.RAW, location, List.of(object), List.of(partition), null, null, null);
    }

    LakeWriteSummary withCatalogChange(final CatalogChange change) {
        return new LakeWriteSummary(format, location, objects, partitions, compression, table, change);
    }

    Map<String, String> attributes() {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(DataOpsAttributes.LAKE_LOCATION, location.rootUri());
        // Where the objects went, which may differ from the attributes the properties were evaluated from (Zone quarantine for reports)
        attributes.put(DataOpsAttributes.LAKE_ZONE, location.zone());
        attributes.put(DataOpsAttributes.LAKE_SOURCE, location.source());
        attributes.put(DataOpsAttributes.LAKE_DATASET, location.dataset());
        attributes.put(DataOpsAttributes.LAKE_FORMAT, lowercase(format));
        attributes.put(DataOpsAttributes.LAKE_OBJECT_COUNT, String.valueOf(objects.size()));
        attributes.put(DataOpsAttributes.LAKE_PARTITIONS, partitionsJson());
        if (table != null) {
            attributes.put(DataOpsAttributes.LAKE_COMPRESSION, lowercase(compression));
            attributes.put(DataOpsAttributes.LAKE_SCHEMA, table.schema().toString());
            attributes.put(DataOpsAttributes.RECORD_COUNT, String.valueOf(table.recordCount()));
        }
        return attributes;
    }

    /** Provenance details: what the object holds, never a record value. */
    String details(final SentObject sent) {
        return table == null ? "Raw content, " + sent.object().size() + " bytes"
                : "Parquet (" + lowercase(compression) + "), " + sent.recordCount() + " records, " + sent.object().size() + " bytes";
    }

    private static String lowercase(final Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private String partitionsJson() {
        try {
            return JSON.writeValueAsString(partitions.stream().filter(partition -> !partition.columns().isEmpty()).map(PartitionKey::toMap).toList());
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("A list of string maps always serializes", e);
        }
    }
}
