package io.nifidataops.lake;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ArrayDataType;
import org.apache.nifi.serialization.record.type.ChoiceDataType;
import org.apache.nifi.serialization.record.type.DecimalDataType;
import org.apache.nifi.serialization.record.type.EnumDataType;
import org.apache.nifi.serialization.record.type.MapDataType;
import org.apache.nifi.serialization.record.type.RecordDataType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a NiFi record schema to the Avro schema parquet-avro writes (column names normalized by
 * {@link ColumnNames}, real logical types, NiFi-nullable fields as {@code ["null", T]}), and builds the
 * matching {@link RecordConverter} in the same walk. The type table is in PutLakeParquet's
 * additionalDetails.md; CHOICE fields follow {@link ChoiceResolver}.
 */
public final class AvroSchemaMapper {

    /** Hive, Glue and Athena decimals stop at 38 digits. */
    static final int MAX_DECIMAL_PRECISION = 38;
    private static final String TYPES_NAMESPACE = "io.nifidataops.lake.types";
    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final TimestampUnit timestampUnit;

    public AvroSchemaMapper(final TimestampUnit timestampUnit) {
        this.timestampUnit = timestampUnit;
    }

    /**
     * The converter for records of this schema; its {@link RecordConverter#getSchema()} is the table
     * schema. Top-level fields named in {@code excludedFields} (partition columns, which live in the
     * object path) are left out.
     */
    public RecordConverter map(final RecordSchema schema, final String recordName, final Set<String> excludedFields) {
        final RecordConverter converter = new Walk().record(schema, ColumnNames.normalize(recordName), null, "", excludedFields);
        if (converter.getSchema().getFields().isEmpty()) {
            throw new LakeSchemaException("no field is left to write as a column: the records have no fields, or all are partition columns");
        }
        return converter;
    }

    private record Typed(Schema schema, ValueConverter converter) {
    }

    /** One mapping run: shares decimal types and detects recursive schemas. */
    private final class Walk {

        private final Map<String, Schema> decimals = new HashMap<>();
        private final Set<RecordSchema> visiting = Collections.newSetFromMap(new IdentityHashMap<>());

        RecordConverter record(final RecordSchema nifi, final String name, final String namespace, final String path, final Set<String> excluded) {
            if (!visiting.add(nifi)) {
                throw new LakeSchemaException("field '" + path + "' is a recursive record, which Parquet cannot store");
            }
            final String fullName = namespace == null ? name : namespace + "." + name;
            final Map<String, String> columnOwners = new HashMap<>();
            final List<Schema.Field> fields = new ArrayList<>();
            final List<RecordConverter.Column> columns = new ArrayList<>();
            for (final RecordField field : nifi.getFields()) {
                if (excluded.contains(field.getFieldName())) {
                    continue;
                }
                final String column = ColumnNames.normalize(field.getFieldName());
                final String fieldPath = path.isEmpty() ? field.getFieldName() : path + "." + field.getFieldName();
                final String owner = columnOwners.putIfAbsent(column, field.getFieldName());
                if (owner != null) {
                    throw new LakeSchemaException("fields '" + owner + "' and '" + field.getFieldName() + "' both become column '" + column + "'");
                }
                final Typed typed = type(field.getDataType(), fieldPath, column, fullName);
                fields.add(field.isNullable()
                        ? new Schema.Field(column, nullable(typed.schema()), null, JsonProperties.NULL_VALUE)
                        : new Schema.Field(column, typed.schema()));
                columns.add(new RecordConverter.Column(field.getFieldName(), fieldPath, field.isNullable(), typed.converter()));
            }
            visiting.remove(nifi);
            if (fields.isEmpty() && !path.isEmpty()) {
                throw new LakeSchemaException("field '" + path + "' is a record with no fields, which Parquet cannot store");
            }
            return new RecordConverter(Schema.createRecord(name, null, namespace, false, fields), path, columns);
        }

        private Typed type(final DataType type, final String path, final String name, final String namespace) {
            return switch (type.getFieldType()) {
                case BOOLEAN -> primitive(Schema.Type.BOOLEAN, ScalarConverters.toBoolean(path));
                case BYTE, SHORT, INT -> primitive(Schema.Type.INT, ScalarConverters.toInt(path));
                case LONG -> primitive(Schema.Type.LONG, ScalarConverters.toLong(path));
                case BIGINT -> decimal(MAX_DECIMAL_PRECISION, 0, path);
                case FLOAT -> primitive(Schema.Type.FLOAT, ScalarConverters.toFloat(path));
                case DOUBLE -> primitive(Schema.Type.DOUBLE, ScalarConverters.toDouble(path));
                case DECIMAL -> decimal(((DecimalDataType) type).getPrecision(), ((DecimalDataType) type).getScale(), path);
                case DATE -> logical(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT)), TemporalConverters.toDate(path));
                case TIME -> logical(LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT)), TemporalConverters.toTimeMillis(path));
                case TIMESTAMP -> timestamp(path);
                case STRING, CHAR, UUID -> primitive(Schema.Type.STRING, ScalarConverters.toAvroString(path));
                case ENUM -> enumeration(((EnumDataType) type).getEnums(), path, name, namespace);
                case RECORD -> {
                    final RecordConverter nested = record(((RecordDataType) type).getChildSchema(), name, namespace, path, Set.of());
                    yield new Typed(nested.getSchema(), nested);
                }
                case ARRAY -> array((ArrayDataType) type, path, name, namespace);
                case MAP -> map((MapDataType) type, path, name, namespace);
                case CHOICE -> type(ChoiceResolver.resolve((ChoiceDataType) type, path), path, name, namespace);
            };
        }

        private Typed array(final ArrayDataType type, final String path, final String name, final String namespace) {
            if (type.getElementType().getFieldType() == RecordFieldType.BYTE) {
                return primitive(Schema.Type.BYTES, ScalarConverters.toBytes(path));
            }
            final String elementPath = path + "[]";
            final Typed element = type(type.getElementType(), elementPath, name, namespace);
            final boolean nullable = type.isElementsNullable();
            final Schema schema = Schema.createArray(nullable ? nullable(element.schema()) : element.schema());
            return new Typed(schema, ContainerConverters.toList(path, elementPath, nullable, element.converter()));
        }

        private Typed map(final MapDataType type, final String path, final String name, final String namespace) {
            final String valuePath = path + "{}";
            final Typed value = type(type.getValueType(), valuePath, name, namespace);
            final boolean nullable = type.isValuesNullable();
            final Schema schema = Schema.createMap(nullable ? nullable(value.schema()) : value.schema());
            return new Typed(schema, ContainerConverters.toMap(path, valuePath, nullable, value.converter()));
        }

        private Typed decimal(final int precision, final int scale, final String path) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
                throw new LakeSchemaException("field '" + path + "' is decimal(" + precision + "," + scale
                        + "); Parquet tables for Athena and Glue take precision 1 to 38 and scale 0 to precision");
            }
            final Schema fixed = decimals.computeIfAbsent(precision + "_" + scale, key -> LogicalTypes.decimal(precision, scale)
                    .addToSchema(Schema.createFixed("decimal_" + key, null, TYPES_NAMESPACE, DecimalConverter.fixedSize(precision))));
            return new Typed(fixed, new DecimalConverter(path, fixed, precision, scale));
        }

        private Typed timestamp(final String path) {
            final Schema schema = timestampUnit == TimestampUnit.MILLIS
                    ? LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))
                    : LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            return logical(schema, TemporalConverters.toTimestamp(path, timestampUnit));
        }

        /** Avro enum symbols must be Avro names; enums with other symbols ("in-progress") are stored as strings. */
        private Typed enumeration(final List<String> symbols, final String path, final String name, final String namespace) {
            if (symbols.isEmpty() || !symbols.stream().allMatch(symbol -> AVRO_NAME.matcher(symbol).matches())) {
                return primitive(Schema.Type.STRING, ScalarConverters.toAvroString(path));
            }
            final Schema schema = Schema.createEnum(name, null, namespace, symbols);
            return new Typed(schema, value -> {
                final String symbol = value.toString();
                if (!schema.hasEnumSymbol(symbol)) {
                    throw RecordConversionException.notRepresentable(path, "enum " + symbols);
                }
                return new GenericData.EnumSymbol(schema, symbol);
            });
        }
    }

    private static Typed primitive(final Schema.Type type, final ValueConverter converter) {
        return new Typed(Schema.create(type), converter);
    }

    private static Typed logical(final Schema schema, final ValueConverter converter) {
        return new Typed(schema, converter);
    }

    private static Schema nullable(final Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }
}
