package io.nifidataops.lake;

import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordConverterTest {

    private static final Instant TS = Instant.parse("2026-11-23T10:15:30.123456Z");

    @Test
    void testScalarsConvert() {
        final GenericRecord avro = convert(Map.of(
                "count", 72L, "ratio", 0.5, "temp", 98.6, "day", java.sql.Date.valueOf(LocalDate.of(2026, 11, 23)),
                "at", java.sql.Time.valueOf(LocalTime.of(10, 15, 30)), "ts", Timestamp.from(TS), "name", "Ward 3", "flag", "true"),
                field("count", RecordFieldType.INT), field("ratio", RecordFieldType.FLOAT),
                new RecordField("temp", RecordFieldType.DECIMAL.getDecimalDataType(5, 2)), field("day", RecordFieldType.DATE),
                field("at", RecordFieldType.TIME), field("ts", RecordFieldType.TIMESTAMP), field("name", RecordFieldType.STRING),
                field("flag", RecordFieldType.BOOLEAN));

        assertThat(avro.get("count")).isEqualTo(72);
        assertThat(avro.get("ratio")).isEqualTo(0.5f);
        assertThat(decimal(avro, "temp", 5, 2)).isEqualByComparingTo("98.60");
        assertThat(avro.get("day")).isEqualTo((int) LocalDate.of(2026, 11, 23).toEpochDay());
        assertThat(avro.get("at")).isEqualTo((10 * 3600 + 15 * 60 + 30) * 1000);
        assertThat(avro.get("ts")).isEqualTo(TS.getEpochSecond() * 1_000_000L + 123_456L);
        assertThat(avro.get("name")).isInstanceOf(Utf8.class).hasToString("Ward 3");
        assertThat(avro.get("flag")).isEqualTo(true);
    }

    /** PutLakeParquet reads without coercion: the converters take the raw types NiFi readers then return. */
    @Test
    void testRawReaderTypesConvertByColumnType() {
        final GenericRecord avro = convert(Map.of(
                        "count", 72, "ratio", 0.5d, "hr", 72L, "day", "2026-11-23", "ts", "2026-11-23T10:15:30.123456Z",
                        "ts_millis", 1_764_000_000_000L, "name", 42, "flag", Boolean.TRUE, "text", new Utf8("as read")),
                field("count", RecordFieldType.LONG), field("ratio", RecordFieldType.FLOAT), field("hr", RecordFieldType.INT),
                field("day", RecordFieldType.DATE), field("ts", RecordFieldType.TIMESTAMP), field("ts_millis", RecordFieldType.TIMESTAMP),
                field("name", RecordFieldType.STRING), field("flag", RecordFieldType.BOOLEAN), field("text", RecordFieldType.STRING));

        assertThat(avro.get("count")).isEqualTo(72L);
        assertThat(avro.get("ratio")).isEqualTo(0.5f);
        assertThat(avro.get("hr")).isEqualTo(72);
        assertThat(avro.get("day")).isEqualTo((int) LocalDate.of(2026, 11, 23).toEpochDay());
        assertThat(avro.get("ts")).isEqualTo(TS.getEpochSecond() * 1_000_000L + 123_456L);
        assertThat(avro.get("ts_millis")).isEqualTo(1_764_000_000_000L * 1_000L);
        assertThat(avro.get("name")).isEqualTo(new Utf8("42"));
        assertThat(avro.get("flag")).isEqualTo(true);
        assertThat(avro.get("text")).isEqualTo(new Utf8("as read"));
    }

    @Test
    void testRawTextNumbersConvertByColumnType() {
        final GenericRecord avro = convert(Map.of("count", " 72 ", "ratio", "0.25", "total", "3000000000"),
                field("count", RecordFieldType.INT), field("ratio", RecordFieldType.DOUBLE), field("total", RecordFieldType.LONG));

        assertThat(avro.get("count")).isEqualTo(72);
        assertThat(avro.get("ratio")).isEqualTo(0.25d);
        assertThat(avro.get("total")).isEqualTo(3_000_000_000L);
    }

    @Test
    void testRawTypesThatCannotConvertNameOnlyTheField() {
        assertThatThrownBy(() -> convert(Map.of("hr", 3_000_000_000L), field("hr", RecordFieldType.INT)))
                .hasMessage("value of field 'hr' cannot be represented as int");
        assertThatThrownBy(() -> convert(Map.of("count", "Jane Doe"), field("count", RecordFieldType.LONG)))
                .hasMessage("value of field 'count' cannot be represented as long").hasMessageNotContaining("Jane");
        assertThatThrownBy(() -> convert(Map.of("ratio", "Jane Doe"), field("ratio", RecordFieldType.FLOAT)))
                .hasMessageNotContaining("Jane");
        assertThatThrownBy(() -> convert(Map.of("day", "23/11/2026"), field("day", RecordFieldType.DATE)))
                .hasMessage("value of field 'day' cannot be represented as date");
    }

    @Test
    void testNegativeDecimalIsSignExtended() {
        final GenericRecord avro = convert(Map.of("delta", new BigDecimal("-1.5")), new RecordField("delta", RecordFieldType.DECIMAL.getDecimalDataType(9, 3)));
        assertThat(decimal(avro, "delta", 9, 3)).isEqualByComparingTo("-1.500");
    }

    @Test
    void testTimestampsFromTextAndEpochMillis() {
        assertThat(convert(Map.of("ts", "2026-11-23T10:15:30.123456Z"), field("ts", RecordFieldType.TIMESTAMP)).get("ts"))
                .isEqualTo(TS.getEpochSecond() * 1_000_000L + 123_456L);
        assertThat(convert(Map.of("ts", TS.toEpochMilli()), field("ts", RecordFieldType.TIMESTAMP)).get("ts"))
                .isEqualTo(TS.toEpochMilli() * 1000L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void testNestedValuesConvert() {
        final RecordSchema address = new SimpleRecordSchema(List.of(field("City", RecordFieldType.STRING)));
        final GenericRecord avro = convert(Map.of(
                        "address", new MapRecord(address, Map.of("City", "Basel")),
                        "readings", new Object[] {72, null, 75},
                        "labels", Map.of("unit", "bpm"),
                        "blob", new Object[] {(byte) 1, (byte) 2}),
                new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address)),
                new RecordField("readings", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.INT.getDataType(), true)),
                new RecordField("labels", RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType())),
                new RecordField("blob", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.BYTE.getDataType())));

        assertThat(((GenericRecord) avro.get("address")).get("city")).hasToString("Basel");
        assertThat((List<Object>) avro.get("readings")).containsExactly(72, null, 75);
        assertThat((Map<Object, Object>) avro.get("labels")).containsEntry("unit", new Utf8("bpm"));
        assertThat(((ByteBuffer) avro.get("blob")).array()).containsExactly(1, 2);
    }

    @Test
    void testChoiceAsStringKeepsNumbersPlain() {
        final RecordField field = new RecordField("code", RecordFieldType.CHOICE.getChoiceDataType(
                RecordFieldType.INT.getDataType(), RecordFieldType.STRING.getDataType()));
        assertThat(convert(Map.of("code", 42), field).get("code")).isEqualTo(new Utf8("42"));
        assertThat(convert(Map.of("code", "A1"), field).get("code")).isEqualTo(new Utf8("A1"));
    }

    @Test
    void testEnumSymbols() {
        final RecordField field = new RecordField("status", RecordFieldType.ENUM.getEnumDataType(List.of("FINAL", "DRAFT")));
        assertThat(convert(Map.of("status", "FINAL"), field).get("status")).isInstanceOf(GenericData.EnumSymbol.class);
        assertThatThrownBy(() -> convert(Map.of("status", "Smith"), field))
                .hasMessage("value of field 'status' cannot be represented as enum [FINAL, DRAFT]");
    }

    @Test
    void testUnrepresentableValuesNameTheFieldAndTypeButNotTheValue() {
        final RecordField temp = new RecordField("temp", RecordFieldType.DECIMAL.getDecimalDataType(5, 2));
        assertThatThrownBy(() -> convert(Map.of("temp", new BigDecimal("12345.6")), temp))
                .isInstanceOf(RecordConversionException.class)
                .hasMessage("value of field 'temp' cannot be represented as decimal(5,2)");
        assertThatThrownBy(() -> convert(Map.of("temp", new BigDecimal("98.605")), temp))
                .hasMessage("value of field 'temp' cannot be represented as decimal(5,2)");
        assertThatThrownBy(() -> convert(Map.of("count", 3_000_000_000L), field("count", RecordFieldType.INT)))
                .hasMessage("value of field 'count' cannot be represented as int");
        assertThatThrownBy(() -> convert(Map.of("count", 72.5), field("count", RecordFieldType.INT)))
                .hasMessage("value of field 'count' cannot be represented as int");
        assertThatThrownBy(() -> convert(Map.of("day", "John Smith"), field("day", RecordFieldType.DATE)))
                .hasMessage("value of field 'day' cannot be represented as date")
                .hasNoCause();
        assertThatThrownBy(() -> convert(Map.of("ts", "John Smith"), field("ts", RecordFieldType.TIMESTAMP)))
                .hasMessage("value of field 'ts' cannot be represented as timestamp-micros");
    }

    @Test
    void testNestedErrorsNameTheFullPath() {
        final RecordSchema bp = new SimpleRecordSchema(List.of(new RecordField("systolic", RecordFieldType.DECIMAL.getDecimalDataType(3, 0))));
        final RecordField field = new RecordField("bp", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(bp)));
        assertThatThrownBy(() -> convert(Map.of("bp", new Object[] {new MapRecord(bp, Map.of("systolic", 1200))}), field))
                .hasMessage("value of field 'bp[].systolic' cannot be represented as decimal(3,0)");
    }

    @Test
    void testMissingValueOfRequiredField() {
        final Map<String, Object> values = new HashMap<>();
        values.put("hr", null);
        assertThatThrownBy(() -> convert(values, new RecordField("hr", RecordFieldType.INT.getDataType(), false)))
                .hasMessage("field 'hr' has no value but is not nullable");
        assertThat(convert(values, field("hr", RecordFieldType.INT)).get("hr")).isNull();
    }

    @Test
    void testErrorLocatedAtRecord() {
        final RecordConversionException error = RecordConversionException.notRepresentable("temp", "double").atRecord(17);
        assertThat(error).hasMessage("record 17: value of field 'temp' cannot be represented as double");
        assertThat(error.getFieldPath()).isEqualTo("temp");
    }

    private static GenericRecord convert(final Map<String, Object> values, final RecordField... fields) {
        final RecordSchema schema = new SimpleRecordSchema(Arrays.asList(fields));
        final RecordConverter converter = new AvroSchemaMapper(TimestampUnit.MICROS).map(schema, "vitals", Set.of());
        return converter.convert(new MapRecord(schema, values));
    }

    private static RecordField field(final String name, final RecordFieldType type) {
        return new RecordField(name, type.getDataType());
    }

    private static BigDecimal decimal(final GenericRecord record, final String field, final int precision, final int scale) {
        final GenericData.Fixed fixed = (GenericData.Fixed) record.get(field);
        return new Conversions.DecimalConversion().fromFixed(fixed, fixed.getSchema(), LogicalTypes.decimal(precision, scale));
    }
}
