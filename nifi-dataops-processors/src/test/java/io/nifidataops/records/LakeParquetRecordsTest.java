package io.nifidataops.records;

import io.nifidataops.testing.ParquetReadBack;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processors.standard.ConvertRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.serialization.SchemaRegistryRecordSetWriter;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeParquetRecordsTest {

    private static final Instant SEEN = Instant.parse("2026-11-23T10:15:30.123456Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUCCESS = "success";

    private static final RecordSchema ADDRESS = new SimpleRecordSchema(List.of(
            new RecordField("city", RecordFieldType.STRING.getDataType(), false),
            new RecordField("zip", RecordFieldType.STRING.getDataType(), true)));
    private static final RecordSchema SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("id", RecordFieldType.LONG.getDataType(), false),
            new RecordField("name", RecordFieldType.STRING.getDataType(), true),
            new RecordField("active", RecordFieldType.BOOLEAN.getDataType()),
            new RecordField("visits", RecordFieldType.INT.getDataType()),
            new RecordField("score", RecordFieldType.DOUBLE.getDataType()),
            new RecordField("ratio", RecordFieldType.FLOAT.getDataType()),
            new RecordField("amount", RecordFieldType.DECIMAL.getDecimalDataType(10, 2)),
            new RecordField("big", RecordFieldType.BIGINT.getDataType()),
            new RecordField("born", RecordFieldType.DATE.getDataType()),
            new RecordField("alarm", RecordFieldType.TIME.getDataType()),
            new RecordField("seen", RecordFieldType.TIMESTAMP.getDataType()),
            new RecordField("status", RecordFieldType.ENUM.getEnumDataType(List.of("ADMITTED", "DISCHARGED"))),
            new RecordField("payload", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.BYTE.getDataType())),
            new RecordField("tags", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType(), true)),
            new RecordField("labs", RecordFieldType.MAP.getMapDataType(RecordFieldType.DOUBLE.getDataType())),
            new RecordField("address", RecordFieldType.RECORD.getRecordDataType(ADDRESS)),
            new RecordField("contacts", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(ADDRESS)))));

    @TempDir
    Path temp;

    private TestRunner runner;
    private LakeParquetRecordSetWriter writer;
    private LakeParquetReader reader;
    private final MockComponentLog log = new MockComponentLog("test", this);

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        writer = new LakeParquetRecordSetWriter();
        runner.addControllerService("writer", writer);
        reader = new LakeParquetReader();
        runner.addControllerService("reader", reader);
        runner.setProperty(reader, LakeParquetReader.TEMPORARY_DIRECTORY, temp.toString());
    }

    @Test
    void testEveryTypeRoundTripsThroughParquetBytes() throws Exception {
        runner.setProperty(writer, LakeParquetRecordSetWriter.COMPRESSION, "ZSTD");
        runner.setProperty(writer, LakeParquetRecordSetWriter.TIMESTAMP_PRECISION, "MILLIS");
        enableBoth();
        final byte[] parquet = write(SCHEMA, patient(1), patient(2));
        assertThat(Arrays.copyOfRange(parquet, 0, 4)).asString(StandardCharsets.US_ASCII).isEqualTo("PAR1");
        assertThat(Arrays.copyOfRange(parquet, parquet.length - 4, parquet.length)).asString(StandardCharsets.US_ASCII).isEqualTo("PAR1");

        final List<Record> records = read(parquet);
        assertThat(records).hasSize(2);
        final Record first = records.getFirst();
        assertThat(first.getAsLong("id")).isEqualTo(1L);
        assertThat(first.getAsString("name")).isEqualTo("Patient 1");
        assertThat(first.getAsBoolean("active")).isTrue();
        assertThat(first.getAsInt("visits")).isEqualTo(3);
        assertThat(first.getAsDouble("score")).isEqualTo(0.75);
        assertThat(first.getAsFloat("ratio")).isEqualTo(0.5f);
        assertThat((BigDecimal) first.getValue("amount")).isEqualByComparingTo("1234.50");
        assertThat((BigDecimal) first.getValue("big")).isEqualByComparingTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(first.getValue("born").toString()).isEqualTo("1980-02-29");
        assertThat(first.getValue("alarm").toString()).startsWith("07:30");
        // Written as timestamp-millis here; with MICROS the file holds microseconds (DuckDB sees them, below), but NiFi's Avro
        // conversion yields a java.sql.Timestamp of milliseconds either way
        assertThat(((Timestamp) first.getValue("seen")).toInstant()).isEqualTo(SEEN.truncatedTo(ChronoUnit.MILLIS));
        assertThat(first.getAsString("status")).isEqualTo("ADMITTED");
        assertThat(first.getAsArray("payload")).containsExactly((byte) 1, (byte) 2, (byte) 3);
        assertThat(first.getAsArray("tags")).containsExactly("icu", null, "fall-risk");
        assertThat(first.getValue("labs")).isEqualTo(Map.of("k", 4.1, "na", 139.0));
        final Record address = first.getAsRecord("address", null);
        assertThat(address.getAsString("city")).isEqualTo("Leeds");
        assertThat(address.getValue("zip")).isNull();
        assertThat(first.getAsArray("contacts")).hasSize(2);
        assertThat(((Record) first.getAsArray("contacts")[1]).getAsString("city")).isEqualTo("York");

        final Record second = records.get(1);
        assertThat(second.getAsLong("id")).isEqualTo(2L);
        assertThat(second.getValue("name")).isNull();

        // The schema read back keeps the NiFi types the writer was given
        final RecordSchema readSchema = recordsSchema(parquet);
        assertThat(readSchema.getDataType("amount").orElseThrow()).isEqualTo(RecordFieldType.DECIMAL.getDecimalDataType(10, 2));
        assertThat(readSchema.getDataType("seen").orElseThrow().getFieldType()).isEqualTo(RecordFieldType.TIMESTAMP);
        assertThat(readSchema.getDataType("born").orElseThrow().getFieldType()).isEqualTo(RecordFieldType.DATE);
        assertThat(readSchema.getDataType("labs").orElseThrow().getFieldType()).isEqualTo(RecordFieldType.MAP);
        assertThat(readSchema.getDataType("contacts").orElseThrow().getFieldType()).isEqualTo(RecordFieldType.ARRAY);
        assertThat(readSchema.getField("id").orElseThrow().isNullable()).isFalse();
        assertThat(readSchema.getField("name").orElseThrow().isNullable()).isTrue();
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void testDuckDbReadsWhatTheWriterWrote() throws Exception {
        runner.setProperty(writer, LakeParquetRecordSetWriter.COMPRESSION, "GZIP");
        enableBoth();
        final Path file = temp.resolve("duck").resolve("patients.parquet");
        Files.createDirectories(file.getParent());
        Files.write(file, write(SCHEMA, patient(1), patient(2)));

        assertThat(ParquetReadBack.describe(file.getParent())).containsAllEntriesOf(ParquetReadBack.columns(
                "id", "BIGINT", "name", "VARCHAR", "active", "BOOLEAN", "visits", "INTEGER", "score", "DOUBLE", "ratio", "FLOAT",
                "amount", "DECIMAL(10,2)", "big", "DECIMAL(38,0)", "born", "DATE", "seen", "TIMESTAMP WITH TIME ZONE",
                "tags", "VARCHAR[]", "labs", "MAP(VARCHAR, DOUBLE)", "address", "STRUCT(city VARCHAR, zip VARCHAR)"));
        final List<Map<String, Object>> rows = ParquetReadBack.query("SELECT id, name, visits, CAST(amount AS VARCHAR) AS amount,"
                + " CAST(born AS VARCHAR) AS born, epoch_us(seen) AS seen_us, array_to_string(tags, ',') AS tags, labs['k'] AS k,"
                + " address.city AS city, len(contacts) AS contacts FROM " + ParquetReadBack.source(file.getParent()) + " ORDER BY id");
        assertThat(rows).hasSize(2);
        assertThat(rows.getFirst()).containsEntry("id", 1L).containsEntry("name", "Patient 1").containsEntry("visits", 3)
                .containsEntry("amount", "1234.50").containsEntry("born", "1980-02-29").containsEntry("seen_us", SEEN.getEpochSecond() * 1_000_000L + 123_456L)
                .containsEntry("tags", "icu,fall-risk").containsEntry("k", 4.1).containsEntry("city", "Leeds").containsEntry("contacts", 2L);
        assertThat(rows.get(1)).containsEntry("id", 2L).containsEntry("name", null);
    }

    /** What a user builds: ConvertRecord JSON -> Parquet with our writer, then Parquet -> JSON with our reader. */
    @Test
    void testConvertRecordJsonToParquetAndBack() throws Exception {
        final String json = "[{\"patient_id\":\"p-1\",\"heart_rate\":72,\"spo2\":97.5,\"ward\":\"ICU\",\"tags\":[\"a\",\"b\"],"
                + "\"vitals\":{\"sys\":120,\"dia\":80}},"
                + "{\"patient_id\":\"p-2\",\"heart_rate\":88,\"spo2\":95.0,\"ward\":null,\"tags\":[],\"vitals\":{\"sys\":135,\"dia\":90}}]";

        final TestRunner toParquet = TestRunners.newTestRunner(ConvertRecord.class);
        final JsonTreeReader jsonReader = new JsonTreeReader();
        toParquet.addControllerService("json", jsonReader);
        toParquet.enableControllerService(jsonReader);
        final LakeParquetRecordSetWriter parquetWriter = new LakeParquetRecordSetWriter();
        toParquet.addControllerService("parquet", parquetWriter);
        toParquet.setProperty(parquetWriter, "Schema Write Strategy", SchemaRegistryRecordSetWriter.AVRO_SCHEMA_ATTRIBUTE.getValue());
        toParquet.enableControllerService(parquetWriter);
        toParquet.setProperty("Record Reader", "json");
        toParquet.setProperty("Record Writer", "parquet");
        toParquet.enqueue(json);
        toParquet.run();
        toParquet.assertAllFlowFilesTransferred(SUCCESS, 1);
        final MockFlowFile parquet = toParquet.getFlowFilesForRelationship(SUCCESS).getFirst();
        parquet.assertAttributeEquals("mime.type", "application/vnd.apache.parquet");
        parquet.assertAttributeEquals("record.count", "2");
        assertThat(parquet.getAttribute("avro.schema")).contains("patient_id");

        final TestRunner toJson = TestRunners.newTestRunner(ConvertRecord.class);
        final LakeParquetReader parquetReader = new LakeParquetReader();
        toJson.addControllerService("parquet", parquetReader);
        toJson.setProperty(parquetReader, LakeParquetReader.TEMPORARY_DIRECTORY, temp.toString());
        toJson.enableControllerService(parquetReader);
        final JsonRecordSetWriter jsonWriter = new JsonRecordSetWriter();
        toJson.addControllerService("json", jsonWriter);
        toJson.enableControllerService(jsonWriter);
        toJson.setProperty("Record Reader", "parquet");
        toJson.setProperty("Record Writer", "json");
        toJson.enqueue(parquet.toByteArray());
        toJson.run();
        toJson.assertAllFlowFilesTransferred(SUCCESS, 1);

        final JsonNode back = JSON.readTree(toJson.getFlowFilesForRelationship(SUCCESS).getFirst().toByteArray());
        assertThat(back).isEqualTo(JSON.readTree(json));
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void testValueThatDoesNotFitFailsNamingRecordAndFieldButNotTheValue() throws Exception {
        enableBoth();
        final Record bad = patient(2);
        bad.setValue("amount", new BigDecimal("98765432.105"));
        final RecordSetWriter recordWriter = writer.createWriter(log, SCHEMA, new ByteArrayOutputStream(), Map.of());
        recordWriter.beginRecordSet();
        recordWriter.write(patient(1));
        assertThatThrownBy(() -> recordWriter.write(bad))
                .hasMessage("record 2: value of field 'amount' cannot be represented as decimal(10,2)")
                .hasMessageNotContaining("98765432");
        recordWriter.close();
    }

    @Test
    void testContentThatIsNotParquetIsMalformedWithoutQuotingItAndLeavesNoCopy() throws Exception {
        enableBoth();
        final byte[] notParquet = "{\"patient_id\": \"PHI-MARKER-7731\"}".repeat(10).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.createRecordReader(Map.of(), new ByteArrayInputStream(notParquet), notParquet.length, log))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageStartingWith("The content is not a Parquet file this reader can read")
                .hasMessageNotContaining("PHI-MARKER");
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void testOneRecordSetPerFileAndAnEmptySetIsAValidFile() throws Exception {
        enableBoth();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final RecordSetWriter recordWriter = writer.createWriter(log, SCHEMA, out, Map.of());
        recordWriter.beginRecordSet();
        final WriteResult result = recordWriter.finishRecordSet();
        assertThat(result.getRecordCount()).isZero();
        assertThatThrownBy(recordWriter::beginRecordSet).isInstanceOf(IOException.class)
                .hasMessage("A Parquet file holds one record set, and this content already has one");
        recordWriter.close();
        assertThat(read(out.toByteArray())).isEmpty();
        assertThat(recordsSchema(out.toByteArray()).getFieldNames()).contains("id", "contacts");
    }

    @Test
    void testSchemaWriteStrategiesThatWriteIntoTheContentAreNotOffered() {
        runner.setProperty(writer, "Schema Write Strategy", "confluent-encoded");
        runner.assertNotValid(writer);
        runner.setProperty(writer, "Schema Write Strategy", SchemaRegistryRecordSetWriter.AVRO_SCHEMA_ATTRIBUTE.getValue());
        runner.assertValid(writer);
    }

    private void enableBoth() {
        runner.enableControllerService(writer);
        runner.enableControllerService(reader);
    }

    private byte[] write(final RecordSchema schema, final Record... records) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordSetWriter recordWriter = writer.createWriter(log, schema, out, Map.of())) {
            recordWriter.beginRecordSet();
            for (final Record record : records) {
                recordWriter.write(record);
            }
            assertThat(recordWriter.finishRecordSet().getRecordCount()).isEqualTo(records.length);
            assertThat(recordWriter.getMimeType()).isEqualTo("application/vnd.apache.parquet");
        }
        return out.toByteArray();
    }

    private List<Record> read(final byte[] parquet) throws Exception {
        try (RecordReader recordReader = reader.createRecordReader(Map.of(), new ByteArrayInputStream(parquet), parquet.length, log)) {
            assertThat(temp).isNotEmptyDirectory();
            return Stream.generate(() -> next(recordReader)).takeWhile(record -> record != null).toList();
        }
    }

    private RecordSchema recordsSchema(final byte[] parquet) throws Exception {
        try (RecordReader recordReader = reader.createRecordReader(Map.of(), new ByteArrayInputStream(parquet), parquet.length, log)) {
            return recordReader.getSchema();
        }
    }

    private static Record next(final RecordReader recordReader) {
        try {
            return recordReader.nextRecord();
        } catch (final IOException | MalformedRecordException e) {
            throw new AssertionError(e);
        }
    }

    private static Record patient(final int id) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", (long) id);
        values.put("name", id == 1 ? "Patient 1" : null);
        values.put("active", true);
        values.put("visits", 3);
        values.put("score", 0.75);
        values.put("ratio", 0.5f);
        values.put("amount", new BigDecimal("1234.5"));
        values.put("big", new BigInteger("123456789012345678901234567890"));
        values.put("born", LocalDate.of(1980, 2, 29));
        values.put("alarm", LocalTime.of(7, 30));
        values.put("seen", Timestamp.from(SEEN));
        values.put("status", "ADMITTED");
        values.put("payload", new Object[] {(byte) 1, (byte) 2, (byte) 3});
        values.put("tags", new Object[] {"icu", null, "fall-risk"});
        values.put("labs", Map.of("k", 4.1, "na", 139.0));
        values.put("address", new MapRecord(ADDRESS, new LinkedHashMap<>(Map.of("city", "Leeds"))));
        values.put("contacts", new Object[] {new MapRecord(ADDRESS, Map.of("city", "Leeds", "zip", "LS1")),
                new MapRecord(ADDRESS, Map.of("city", "York", "zip", "YO1"))});
        return new MapRecord(SCHEMA, values);
    }
}
