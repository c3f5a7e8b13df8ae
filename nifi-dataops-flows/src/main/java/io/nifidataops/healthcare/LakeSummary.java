package io.nifidataops.healthcare;

import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What landed: objects per zone and dataset in the bucket, the Glue tables with their partition counts. */
public record LakeSummary(Map<String, Integer> objectsByZoneAndDataset, Map<String, Integer> partitionsByTable) {

    /** Tables the healthcare flow registers, named zone_source_dataset: structured for every dataset, curated for scored vitals. */
    public static final List<String> TABLES = List.of("structured_hospital_encounters", "structured_hospital_patients",
            "structured_device_vitals", "structured_lab_lab_results", "curated_device_vitals");

    public static LakeSummary read(final S3Client s3, final String bucket, final GlueClient glue, final String database) {
        final Map<String, Integer> objects = new TreeMap<>();
        for (final S3Object object : s3.listObjectsV2Paginator(builder -> builder.bucket(bucket)).contents()) {
            // <zone>/<source>/<dataset>/... under an optional prefix: keep the three directories after the prefix
            final String[] parts = object.key().split("/");
            if (parts.length >= 4) {
                objects.merge(parts[parts.length - 4 - partitionDepth(parts)] + "/" + parts[parts.length - 2 - partitionDepth(parts)],
                        1, Integer::sum);
            }
        }
        final Map<String, Integer> partitions = new TreeMap<>();
        for (final String table : TABLES) {
            try {
                glue.getTable(builder -> builder.databaseName(database).name(table));
                partitions.put(table, glue.getPartitionsPaginator(builder -> builder.databaseName(database).tableName(table))
                        .stream().mapToInt(page -> page.partitions().size()).sum());
            } catch (final EntityNotFoundException e) {
                // not registered (yet)
            }
        }
        return new LakeSummary(objects, partitions);
    }

    /** Objects in one zone, summed over its datasets. */
    public int objects(final String zone) {
        return objectsByZoneAndDataset.entrySet().stream().filter(e -> e.getKey().startsWith(zone + "/"))
                .mapToInt(Map.Entry::getValue).sum();
    }

    public String describe() {
        return "Objects per zone/dataset:\n" + objectsByZoneAndDataset.entrySet().stream()
                .map(e -> String.format("  %-40s %5d", e.getKey(), e.getValue())).collect(Collectors.joining("\n"))
                + "\nGlue tables (partitions):\n" + partitionsByTable.entrySet().stream()
                .map(e -> String.format("  %-40s %5d", e.getKey(), e.getValue())).collect(Collectors.joining("\n"));
    }

    /** Keys end in /<col>=<value>/.../<name>: the number of partition directories before the name. */
    private static int partitionDepth(final String[] parts) {
        int depth = 0;
        for (int i = parts.length - 2; i >= 0 && parts[i].contains("="); i--) {
            depth++;
        }
        return depth;
    }
}
