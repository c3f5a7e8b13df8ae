package io.nifidataops.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.catalog.GlueCatalog.Options;
import io.nifidataops.lake.AvroSchemaMapper;
import io.nifidataops.lake.DateGranularity;
import io.nifidataops.lake.ParquetSettings;
import io.nifidataops.lake.PartitionKey;
import io.nifidataops.lake.PartitionSpec;
import io.nifidataops.lake.PartitionedParquetWriter;
import io.nifidataops.lake.Partitioner;
import io.nifidataops.lake.RecordConverter;
import io.nifidataops.lake.StagedFile;
import io.nifidataops.lake.TimestampUnit;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.ParquetReadBack;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof that a registered table is queryable: Parquet written by the lake core into a local Hive-partitioned
 * directory, registered from the attributes PutLakeParquet would set, and read by DuckDB (an independent engine)
 * with hive_partitioning: DuckDB sees exactly the table's columns, types and partitions.
 */
class GlueQueryabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GlueStandIn glue = new GlueStandIn();

    @TempDir
    Path staging;

    @TempDir
    Path lake;

    @Test
    void testDuckDbSeesTheRegisteredColumnsAndPartitions() throws Exception {
        final Map<String, String> attributes = writeDataset();

        try (GlueClient client = glue.client()) {
            new GlueCatalog(client, 10, 100).register(new TableTarget("lake", "structured_vitals"), LakeTableAttributes.from(attributes),
                    new Options(true, SchemaEvolutionPolicy.ADD_NEW_COLUMNS, false, null));
            final Table table = client.getTable(request -> request.databaseName("lake").name("structured_vitals")).table();
            final List<Partition> partitions = client.getPartitionsPaginator(request -> request.databaseName("lake").tableName("structured_vitals"))
                    .stream().flatMap(page -> page.partitions().stream()).toList();

            final Map<String, String> registered = new LinkedHashMap<>();
            table.storageDescriptor().columns().forEach(column -> registered.put(column.name(), column.type()));
            table.partitionKeys().forEach(column -> registered.put(column.name(), column.type()));
            final Map<String, String> seen = new LinkedHashMap<>();
            ParquetReadBack.query("DESCRIBE SELECT * FROM read_parquet('" + table.storageDescriptor().location().substring("file://".length())
                    + "**/*.parquet', hive_partitioning = true, hive_types_autocast = false)")
                    .forEach(row -> seen.put((String) row.get("column_name"), hiveType((String) row.get("column_type"))));
            assertThat(seen).containsExactlyEntriesOf(registered);
            assertThat(table.partitionKeys()).extracting(Column::name).containsExactly("event_date", "ward");

            final Set<List<String>> duckPartitions = new LinkedHashSet<>();
            ParquetReadBack.query("SELECT DISTINCT event_date, ward FROM read_parquet('" + lake.toAbsolutePath()
                    + "/**/*.parquet', hive_partitioning = true, hive_types_autocast = false) ORDER BY 1, 2")
                    .forEach(row -> duckPartitions.add(List.of(String.valueOf(row.get("event_date")), String.valueOf(row.get("ward")))));
            assertThat(partitions).extracting(Partition::values).containsExactlyInAnyOrderElementsOf(duckPartitions);
            // Each registered partition location is where its files are. Locations keep Hive's escaping (ward=ICU%2F2) as
            // the object keys do, so they are read as text, not decoded as URIs.
            for (final Partition partition : partitions) {
                final Path directory = Path.of(partition.storageDescriptor().location().substring("file://".length()));
                assertThat(ParquetReadBack.query("SELECT count(*) AS n FROM read_parquet('" + directory + "/*.parquet')").get(0).get("n"))
                        .isNotEqualTo(0L);
            }
        }
    }

    // What PutLakeParquet does, minus S3: stage partitioned Parquet, place it under the table root, set the attributes.
    private Map<String, String> writeDataset() throws Exception {
        final RecordSchema address = new SimpleRecordSchema(List.of(new RecordField("City", RecordFieldType.STRING.getDataType())));
        final RecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("deviceId", RecordFieldType.STRING.getDataType()),
                new RecordField("Heart Rate", RecordFieldType.INT.getDataType(), true),
                new RecordField("steps", RecordFieldType.LONG.getDataType()),
                new RecordField("temp", RecordFieldType.DECIMAL.getDecimalDataType(5, 2)),
                new RecordField("measured_at", RecordFieldType.TIMESTAMP.getDataType()),
                new RecordField("readings", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.DOUBLE.getDataType())),
                new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address)),
                new RecordField("ward", RecordFieldType.STRING.getDataType())));
        final PartitionSpec spec = new PartitionSpec("measured_at", "event_date", DateGranularity.DAY, List.of("ward"), List.of());
        final Partitioner partitioner = Partitioner.bind(spec, schema, Map.of());
        final RecordConverter converter = new AvroSchemaMapper(TimestampUnit.MICROS).map(schema, "vitals", partitioner.pathFields());
        final List<StagedFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(converter.getSchema(),
                new ParquetSettings(CompressionCodecName.SNAPPY, 1 << 20, 1_000, 4, false), staging)) {
            for (int i = 0; i < 12; i++) {
                final Map<String, Object> values = new HashMap<>();
                values.put("deviceId", "device-" + i % 3);
                values.put("Heart Rate", i % 4 == 0 ? null : 60 + i);
                values.put("steps", 1000L * i);
                values.put("temp", new BigDecimal("36.60"));
                values.put("measured_at", Timestamp.from(Instant.parse("2026-11-2" + (i % 2 + 3) + "T10:00:00Z")));
                values.put("readings", new Object[] {1.0, 2.5});
                values.put("address", new MapRecord(address, Map.of("City", "Basel")));
                values.put("ward", i % 3 == 0 ? "ICU/2" : "ward " + i % 2);
                final Record record = new MapRecord(schema, values);
                writer.write(partitioner.keyOf(record), converter.convert(record));
            }
            files = writer.finish();
        }
        final List<Map<String, String>> partitions = new ArrayList<>();
        for (final StagedFile file : files) {
            final Path target = lake.resolve(file.partition().path()).resolve("part-" + file.sequence() + ".parquet");
            Files.createDirectories(target.getParent());
            Files.move(file.file(), target);
            final Map<String, String> partition = file.partition().toMap();
            if (!partitions.contains(partition)) {
                partitions.add(partition);
            }
        }
        assertThat(files).extracting(StagedFile::partition).extracting(PartitionKey::path).contains("event_date=2026-11-23/ward=ICU%2F2");
        return Map.of(
                "lake.location", lake.toUri().toString(),
                "lake.format", "parquet",
                "lake.compression", "snappy",
                "lake.partitions", JSON.writeValueAsString(partitions),
                "lake.schema", converter.getSchema().toString());
    }

    // DuckDB's type names in Hive's spelling, so the two schemas compare directly.
    private static String hiveType(final String duck) {
        final String type = duck.strip();
        if (type.endsWith("[]")) {
            return "array<" + hiveType(type.substring(0, type.length() - 2)) + ">";
        }
        if (type.startsWith("STRUCT(")) {
            final List<String> fields = new ArrayList<>();
            for (final String field : splitTopLevel(type.substring("STRUCT(".length(), type.length() - 1))) {
                final int space = field.strip().indexOf(' ');
                fields.add(field.strip().substring(0, space).replace("\"", "") + ":" + hiveType(field.strip().substring(space + 1)));
            }
            return "struct<" + String.join(",", fields) + ">";
        }
        if (type.startsWith("DECIMAL")) {
            return type.toLowerCase(Locale.ROOT).replace(" ", "");
        }
        return switch (type) {
            case "VARCHAR" -> "string";
            case "INTEGER" -> "int";
            case "BIGINT" -> "bigint";
            case "DOUBLE" -> "double";
            case "FLOAT" -> "float";
            case "BOOLEAN" -> "boolean";
            case "DATE" -> "date";
            case "BLOB" -> "binary";
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> "timestamp";
            default -> "duckdb:" + type;
        };
    }

    private static List<String> splitTopLevel(final String text) {
        final List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
