package io.nifidataops.catalog;

import io.nifidataops.lake.HivePaths;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Glue table and partition definitions of a Parquet dataset, shaped like those AWS SDK for pandas writes
 * ({@code to_parquet(dataset=True, database=..., table=...)}), which Athena, Spark, Trino and Redshift Spectrum read.
 */
public final class GlueTables {

    public static final String TABLE_TYPE = "EXTERNAL_TABLE";
    public static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    public static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    public static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";

    private GlueTables() {
    }

    /** classification, compressionType and typeOfData, as on tables and storage descriptors pandas writes. */
    public static Map<String, String> parameters(final String compressionType) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("compressionType", compressionType);
        parameters.put("typeOfData", "file");
        return parameters;
    }

    public static TableInput newTable(final String name, final LakeTableInput input, final Map<String, String> extraParameters) {
        final Map<String, String> parameters = parameters(input.compressionType());
        parameters.putAll(extraParameters);
        return TableInput.builder()
                .name(name)
                .tableType(TABLE_TYPE)
                .parameters(parameters)
                .partitionKeys(columns(input.partitionColumns()))
                .storageDescriptor(storage(input.location(), input.columns(), input.compressionType()))
                .build();
    }

    /** The existing table with new columns and extra parameters; everything else (owner, description, ...) is kept. */
    public static TableInput updatedTable(final Table table, final List<HiveColumn> columns, final Map<String, String> extraParameters) {
        final Map<String, String> parameters = new HashMap<>(table.parameters());
        parameters.putAll(extraParameters);
        final StorageDescriptor storage = table.storageDescriptor() == null
                ? storage(null, columns, "none")
                : table.storageDescriptor().toBuilder().columns(columns(columns)).build();
        return TableInput.builder()
                .name(table.name())
                .description(table.description())
                .owner(table.owner())
                .retention(table.retention())
                .tableType(table.tableType())
                .parameters(parameters)
                .partitionKeys(table.partitionKeys())
                .storageDescriptor(storage)
                .targetTable(table.targetTable())
                .build();
    }

    /** A partition at {@code <table location><key>=<value>/...}, escaped as the writer escaped the path. */
    public static PartitionInput partition(final String tableLocation, final List<String> keys, final List<String> values,
                                           final List<HiveColumn> columns, final String compressionType) {
        final StringBuilder location = new StringBuilder(tableLocation);
        for (int i = 0; i < keys.size(); i++) {
            location.append(HivePaths.segment(keys.get(i), values.get(i))).append('/');
        }
        return PartitionInput.builder()
                .values(values)
                .storageDescriptor(storage(location.toString(), columns, compressionType))
                .build();
    }

    public static List<HiveColumn> hiveColumns(final List<Column> columns) {
        return columns == null ? List.of() : columns.stream().map(column -> new HiveColumn(column.name(), column.type())).toList();
    }

    private static StorageDescriptor storage(final String location, final List<HiveColumn> columns, final String compressionType) {
        return StorageDescriptor.builder()
                .location(location)
                .inputFormat(INPUT_FORMAT)
                .outputFormat(OUTPUT_FORMAT)
                .serdeInfo(SerDeInfo.builder().serializationLibrary(SERDE).parameters(Map.of("serialization.format", "1")).build())
                .compressed(!"none".equals(compressionType))
                .numberOfBuckets(-1)
                .storedAsSubDirectories(false)
                .columns(columns(columns))
                .parameters(parameters(compressionType))
                .build();
    }

    private static List<Column> columns(final List<HiveColumn> columns) {
        return columns.stream().map(column -> Column.builder().name(column.name()).type(column.type()).build()).toList();
    }
}
