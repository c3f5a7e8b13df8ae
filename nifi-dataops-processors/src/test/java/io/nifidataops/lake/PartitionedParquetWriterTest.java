package io.nifidataops.lake;

import io.nifidataops.testing.ParquetReadBack;
import org.apache.avro.generic.GenericRecord;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionedParquetWriterTest {

    private static final ParquetSettings SNAPPY = new ParquetSettings(CompressionCodecName.SNAPPY, 1 << 20, 1_000, 8, false);

    @TempDir
    Path staging;

    @Test
    void testEveryTypeReadsBackWithItsLogicalType() throws Exception {
        final RecordSchema address = new SimpleRecordSchema(List.of(new RecordField("City", RecordFieldType.STRING.getDataType())));
        final RecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("flag", RecordFieldType.BOOLEAN.getDataType()),
                new RecordField("count", RecordFieldType.INT.getDataType()),
                new RecordField("big", RecordFieldType.LONG.getDataType()),
                new RecordField("huge", RecordFieldType.BIGINT.getDataType()),
                new RecordField("ratio", RecordFieldType.FLOAT.getDataType()),
                new RecordField("value", RecordFieldType.DOUBLE.getDataType()),
                new RecordField("temp", RecordFieldType.DECIMAL.getDecimalDataType(5, 2)),
                new RecordField("day", RecordFieldType.DATE.getDataType()),
                new RecordField("at", RecordFieldType.TIME.getDataType()),
                new RecordField("ts", RecordFieldType.TIMESTAMP.getDataType()),
                new RecordField("name", RecordFieldType.STRING.getDataType()),
                new RecordField("blob", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.BYTE.getDataType())),
                new RecordField("status", RecordFieldType.ENUM.getEnumDataType(List.of("FINAL", "DRAFT"))),
                new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address)),
                new RecordField("readings", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.INT.getDataType(), true)),
                new RecordField("labels", RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType())),
                new RecordField("note", RecordFieldType.STRING.getDataType())));
        final Instant ts = Instant.parse("2026-11-23T10:15:30.123456Z");
        final Map<String, Object> values = new HashMap<>();
        values.put("flag", true);
        values.put("count", 72);
        values.put("big", 9_000_000_000L);
        values.put("huge", new java.math.BigInteger("12345678901234567890"));
        values.put("ratio", 0.5f);
        values.put("value", 36.6);
        values.put("temp", new BigDecimal("-98.6"));
        values.put("day", java.sql.Date.valueOf(LocalDate.of(2026, 11, 23)));
        values.put("at", java.sql.Time.valueOf(LocalTime.of(10, 15, 30)));
        values.put("ts", Timestamp.from(ts));
        values.put("name", "Zürich");
        values.put("blob", new Object[] {(byte) 1, (byte) -1});
        values.put("status", "FINAL");
        values.put("address", new MapRecord(address, Map.of("City", "Basel")));
        values.put("readings", new Object[] {72, null, 75});
        values.put("labels", Map.of("unit", "bpm"));
        values.put("note", null);

        write(schema, SNAPPY, Map.of(PartitionKey.NONE, List.of(values)));

        assertThat(ParquetReadBack.describe(staging)).containsExactlyEntriesOf(ParquetReadBack.columns(
                "flag", "BOOLEAN", "count", "INTEGER", "big", "BIGINT", "huge", "DECIMAL(38,0)", "ratio", "FLOAT",
                "value", "DOUBLE", "temp", "DECIMAL(5,2)", "day", "DATE", "at", "TIME WITH TIME ZONE",
                "ts", "TIMESTAMP WITH TIME ZONE", "name", "VARCHAR", "blob", "BLOB", "status", "VARCHAR",
                "address", "STRUCT(city VARCHAR)", "readings", "INTEGER[]", "labels", "MAP(VARCHAR, VARCHAR)", "note", "VARCHAR"));
        final Map<String, Object> row = ParquetReadBack.query("SELECT flag, \"count\", big, CAST(huge AS VARCHAR) AS huge, ratio, \"value\", temp, \"day\", "
                + "CAST(\"at\" AS VARCHAR) AS \"at\", epoch_us(ts) AS ts, name, hex(blob) AS blob, status, address.city AS city, CAST(readings AS VARCHAR) AS readings, "
                + "labels['unit'] AS unit, note FROM " + ParquetReadBack.source(staging)).getFirst();
        assertThat(row).containsEntry("flag", true).containsEntry("count", 72).containsEntry("big", 9_000_000_000L)
                .containsEntry("huge", "12345678901234567890").containsEntry("ratio", 0.5f).containsEntry("value", 36.6)
                .containsEntry("temp", new BigDecimal("-98.60")).containsEntry("day", LocalDate.of(2026, 11, 23))
                .containsEntry("ts", ts.getEpochSecond() * 1_000_000L + 123_456L).containsEntry("name", "Zürich")
                .containsEntry("blob", "01FF").containsEntry("status", "FINAL").containsEntry("city", "Basel")
                .containsEntry("readings", "[72, NULL, 75]").containsEntry("unit", "bpm").containsEntry("note", null);
        assertThat((String) row.get("at")).startsWith("10:15:30");
    }

    @Test
    void testFilesRollAtMaxRecordsAndOpenFilesAreBounded() throws Exception {
        final ParquetSettings settings = new ParquetSettings(CompressionCodecName.SNAPPY, 1 << 20, 2, 1, false);
        final RecordSchema schema = new SimpleRecordSchema(List.of(new RecordField("hr", RecordFieldType.INT.getDataType())));
        final RecordConverter converter = new AvroSchemaMapper(TimestampUnit.MICROS).map(schema, "vitals", Set.of());
        final PartitionKey a = new PartitionKey(List.of("ward"), List.of("a"));
        final PartitionKey b = new PartitionKey(List.of("ward"), List.of("b"));

        final List<StagedFile> files;
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(converter.getSchema(), settings, staging)) {
            int hr = 0;
            for (final PartitionKey key : List.of(a, a, a, b, b, a)) {
                writer.write(key, converter.convert(new MapRecord(schema, Map.of("hr", hr++))));
            }
            files = writer.finish();
        }

        assertThat(files).extracting(file -> file.partition().values().getFirst() + file.sequence() + ":" + file.recordCount())
                .containsExactly("a0:2", "a1:1", "b0:2", "a2:1");
        assertThat(ParquetReadBack.query("SELECT count(*) AS n, CAST(sum(hr) AS BIGINT) AS total FROM " + ParquetReadBack.source(staging)).getFirst())
                .containsEntry("n", 6L).containsEntry("total", 15L);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "ZSTD", "GZIP", "LZ4_RAW", "UNCOMPRESSED"})
    void testEveryOfferedCodecWritesFilesDuckDbReads(final CompressionCodecName codec) throws Exception {
        final RecordSchema schema = new SimpleRecordSchema(List.of(new RecordField("name", RecordFieldType.STRING.getDataType())));
        write(schema, new ParquetSettings(codec, 1 << 20, 1_000, 1, false), Map.of(PartitionKey.NONE, List.of(Map.of("name", "a"), Map.of("name", "b"))));

        final Path file;
        try (Stream<Path> files = Files.list(staging)) {
            file = files.findFirst().orElseThrow();
        }
        assertThat(ParquetReadBack.query("SELECT DISTINCT compression FROM parquet_metadata('" + file + "')").getFirst().get("compression"))
                .isEqualTo(codec.name());
        assertThat(ParquetReadBack.rows(staging, "name")).extracting(row -> row.get("name")).containsExactly("a", "b");
    }

    private List<StagedFile> write(final RecordSchema schema, final ParquetSettings settings, final Map<PartitionKey, List<Map<String, Object>>> records) throws Exception {
        final RecordConverter converter = new AvroSchemaMapper(TimestampUnit.MICROS).map(schema, "vitals", Set.of());
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(converter.getSchema(), settings, staging)) {
            for (final Map.Entry<PartitionKey, List<Map<String, Object>>> partition : records.entrySet()) {
                for (final Map<String, Object> values : partition.getValue()) {
                    final GenericRecord avro = converter.convert(new MapRecord(schema, values));
                    writer.write(partition.getKey(), avro);
                }
            }
            return writer.finish();
        }
    }
}
