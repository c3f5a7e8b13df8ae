package io.nifidataops.lake;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.SchemaIdentifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroSchemaMapperTest {

    private final AvroSchemaMapper mapper = new AvroSchemaMapper(TimestampUnit.MICROS);

    @Test
    void testScalarTypesGetTheirLogicalTypes() {
        final Schema schema = map(
                new RecordField("flag", RecordFieldType.BOOLEAN.getDataType(), false),
                new RecordField("small", RecordFieldType.SHORT.getDataType(), false),
                new RecordField("count", RecordFieldType.INT.getDataType(), false),
                new RecordField("big", RecordFieldType.LONG.getDataType(), false),
                new RecordField("huge", RecordFieldType.BIGINT.getDataType(), false),
                new RecordField("ratio", RecordFieldType.FLOAT.getDataType(), false),
                new RecordField("value", RecordFieldType.DOUBLE.getDataType(), false),
                new RecordField("temp", RecordFieldType.DECIMAL.getDecimalDataType(5, 2), false),
                new RecordField("day", RecordFieldType.DATE.getDataType(), false),
                new RecordField("at", RecordFieldType.TIME.getDataType(), false),
                new RecordField("ts", RecordFieldType.TIMESTAMP.getDataType(), false),
                new RecordField("name", RecordFieldType.STRING.getDataType(), false),
                new RecordField("id", RecordFieldType.UUID.getDataType(), false),
                new RecordField("blob", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.BYTE.getDataType()), false));

        assertThat(type(schema, "flag")).isEqualTo(Schema.Type.BOOLEAN);
        assertThat(type(schema, "small")).isEqualTo(Schema.Type.INT);
        assertThat(type(schema, "count")).isEqualTo(Schema.Type.INT);
        assertThat(type(schema, "big")).isEqualTo(Schema.Type.LONG);
        assertThat(schema.getField("huge").schema().getLogicalType()).isEqualTo(LogicalTypes.decimal(38, 0));
        assertThat(type(schema, "ratio")).isEqualTo(Schema.Type.FLOAT);
        assertThat(type(schema, "value")).isEqualTo(Schema.Type.DOUBLE);
        assertThat(schema.getField("temp").schema().getType()).isEqualTo(Schema.Type.FIXED);
        assertThat(schema.getField("temp").schema().getFixedSize()).isEqualTo(3);
        assertThat(schema.getField("temp").schema().getLogicalType()).isEqualTo(LogicalTypes.decimal(5, 2));
        assertThat(schema.getField("day").schema().getLogicalType()).isEqualTo(LogicalTypes.date());
        assertThat(schema.getField("at").schema().getLogicalType()).isEqualTo(LogicalTypes.timeMillis());
        assertThat(schema.getField("ts").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMicros());
        assertThat(type(schema, "name")).isEqualTo(Schema.Type.STRING);
        assertThat(type(schema, "id")).isEqualTo(Schema.Type.STRING);
        assertThat(type(schema, "blob")).isEqualTo(Schema.Type.BYTES);
    }

    @Test
    void testMillisecondTimestampsWhenAsked() {
        final Schema schema = new AvroSchemaMapper(TimestampUnit.MILLIS).map(
                schema(new RecordField("ts", RecordFieldType.TIMESTAMP.getDataType(), false)), "vitals", Set.of()).getSchema();
        assertThat(schema.getField("ts").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
    }

    @Test
    void testNullableFieldsBecomeUnionsWithNullDefault() {
        final Schema schema = map(new RecordField("hr", RecordFieldType.INT.getDataType(), true));
        final Schema.Field field = schema.getField("hr");
        assertThat(field.schema().getTypes()).extracting(Schema::getType).containsExactly(Schema.Type.NULL, Schema.Type.INT);
        assertThat(field.hasDefaultValue()).isTrue();
    }

    @Test
    void testNestedRecordsArraysMapsAndEnums() {
        final RecordSchema address = schema(new RecordField("City Name", RecordFieldType.STRING.getDataType()));
        final Schema schema = map(
                new RecordField("address", RecordFieldType.RECORD.getRecordDataType(address), false),
                new RecordField("readings", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.DOUBLE.getDataType(), true), false),
                new RecordField("labels", RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType(), false), false),
                new RecordField("status", RecordFieldType.ENUM.getEnumDataType(List.of("FINAL", "PRELIMINARY")), false),
                new RecordField("phase", RecordFieldType.ENUM.getEnumDataType(List.of("in-progress", "done")), false));

        final Schema nested = schema.getField("address").schema();
        assertThat(nested.getFullName()).isEqualTo("vitals.address");
        assertThat(nested.getField("city_name")).isNotNull();
        assertThat(schema.getField("readings").schema().getElementType().getTypes())
                .extracting(Schema::getType).containsExactly(Schema.Type.NULL, Schema.Type.DOUBLE);
        assertThat(schema.getField("labels").schema().getValueType().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.getField("status").schema().getEnumSymbols()).containsExactly("FINAL", "PRELIMINARY");
        assertThat(type(schema, "phase")).as("symbols that are not Avro names").isEqualTo(Schema.Type.STRING);
    }

    @Test
    void testSameDecimalTypeIsDefinedOnceAndTheSchemaParsesBack() {
        final Schema schema = map(
                new RecordField("a", RecordFieldType.DECIMAL.getDecimalDataType(10, 2), false),
                new RecordField("b", RecordFieldType.DECIMAL.getDecimalDataType(10, 2), false),
                new RecordField("c", RecordFieldType.DECIMAL.getDecimalDataType(38, 10), false));
        final Schema parsed = new Schema.Parser().parse(schema.toString());
        assertThat(parsed).isEqualTo(schema);
        assertThat(parsed.getField("c").schema().getFixedSize()).isEqualTo(16);
    }

    @Test
    void testNamesAreNormalizedAndCollisionsNamed() {
        final Schema schema = map(new RecordField("Heart Rate", RecordFieldType.INT.getDataType()),
                new RecordField("systolicBP", RecordFieldType.INT.getDataType()));
        assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("heart_rate", "systolic_bp");

        assertThatThrownBy(() -> map(new RecordField("Heart Rate", RecordFieldType.INT.getDataType()),
                new RecordField("heart_rate", RecordFieldType.INT.getDataType())))
                .isInstanceOf(LakeSchemaException.class)
                .hasMessage("fields 'Heart Rate' and 'heart_rate' both become column 'heart_rate'");
    }

    @Test
    void testExcludedFieldsAreLeftOut() {
        final Schema schema = mapper.map(schema(new RecordField("ward", RecordFieldType.STRING.getDataType()),
                new RecordField("hr", RecordFieldType.INT.getDataType())), "vitals", Set.of("ward")).getSchema();
        assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("hr");

        assertThatThrownBy(() -> mapper.map(schema(new RecordField("ward", RecordFieldType.STRING.getDataType())), "vitals", Set.of("ward")))
                .isInstanceOf(LakeSchemaException.class).hasMessageContaining("no field is left");
    }

    @Test
    void testChoiceRule() {
        assertThat(type(map(choice("a", RecordFieldType.INT, RecordFieldType.LONG)), "a")).isEqualTo(Schema.Type.LONG);
        assertThat(type(map(choice("a", RecordFieldType.INT, RecordFieldType.DOUBLE)), "a")).isEqualTo(Schema.Type.DOUBLE);
        assertThat(type(map(choice("a", RecordFieldType.INT, RecordFieldType.STRING)), "a")).isEqualTo(Schema.Type.STRING);
        assertThat(type(map(choice("a", RecordFieldType.BOOLEAN, RecordFieldType.DATE)), "a")).isEqualTo(Schema.Type.STRING);
        final RecordField oneOption = new RecordField("a", RecordFieldType.CHOICE.getChoiceDataType(RecordFieldType.INT.getDataType()), false);
        assertThat(type(map(oneOption), "a")).isEqualTo(Schema.Type.INT);
    }

    @Test
    void testChoiceOfRecordAndScalarIsRefusedNamingTheField() {
        final DataType record = RecordFieldType.RECORD.getRecordDataType(schema(new RecordField("x", RecordFieldType.INT.getDataType())));
        final RecordField field = new RecordField("device", RecordFieldType.CHOICE.getChoiceDataType(record, RecordFieldType.STRING.getDataType()));
        assertThatThrownBy(() -> map(field))
                .isInstanceOf(LakeSchemaException.class)
                .hasMessageStartingWith("field 'device' is a CHOICE of [STRING, RECORD], which cannot be one Parquet column");
    }

    @Test
    void testTypesParquetCannotTakeAreRefusedNamingTheField() {
        final RecordField empty = new RecordField("meta", RecordFieldType.RECORD.getRecordDataType(new SimpleRecordSchema(List.of())));
        assertThatThrownBy(() -> map(empty)).isInstanceOf(LakeSchemaException.class)
                .hasMessage("field 'meta' is a record with no fields, which Parquet cannot store");

        final RecordField wide = new RecordField("amount", RecordFieldType.DECIMAL.getDecimalDataType(40, 2));
        assertThatThrownBy(() -> map(wide)).isInstanceOf(LakeSchemaException.class)
                .hasMessageStartingWith("field 'amount' is decimal(40,2)");
    }

    @Test
    void testRecursiveRecordsAreRefused() {
        final SimpleRecordSchema node = new SimpleRecordSchema(SchemaIdentifier.EMPTY);
        final List<RecordField> fields = new ArrayList<>();
        fields.add(new RecordField("id", RecordFieldType.INT.getDataType()));
        fields.add(new RecordField("parent", RecordFieldType.RECORD.getRecordDataType(node)));
        node.setFields(fields);
        assertThatThrownBy(() -> mapper.map(node, "tree", Set.of())).isInstanceOf(LakeSchemaException.class)
                .hasMessage("field 'parent' is a recursive record, which Parquet cannot store");
    }

    private Schema map(final RecordField... fields) {
        return mapper.map(schema(fields), "vitals", Set.of()).getSchema();
    }

    private static RecordField choice(final String name, final RecordFieldType... types) {
        return new RecordField(name, RecordFieldType.CHOICE.getChoiceDataType(List.of(types).stream().map(RecordFieldType::getDataType).toList()), false);
    }

    private static RecordSchema schema(final RecordField... fields) {
        return new SimpleRecordSchema(List.of(fields));
    }

    private static Schema.Type type(final Schema record, final String field) {
        return record.getField(field).schema().getType();
    }
}
