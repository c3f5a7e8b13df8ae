package io.nifidataops.catalog;

import io.nifidataops.lake.ColumnNames;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Maps the Avro schema of the written Parquet data ({@code lake.schema}) to Glue columns with Hive types, the
 * types Athena, Spark and Trino read Parquet through. The table is in RegisterGlueTable's additionalDetails.md.
 */
public final class HiveTypes {

    private HiveTypes() {
    }

    /** Top-level fields become columns, in schema order. */
    public static List<HiveColumn> columns(final Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new CatalogException("lake.schema is an Avro " + schema.getType().getName() + ", not a record");
        }
        final Set<Schema> visiting = Collections.newSetFromMap(new IdentityHashMap<>());
        visiting.add(schema);
        final List<HiveColumn> columns = new ArrayList<>();
        for (final Schema.Field field : schema.getFields()) {
            final String name = field.name();
            // Athena matches Parquet columns by name: a name the writer did not normalise would not match the files.
            if (!ColumnNames.normalize(name).equals(name)) {
                throw new CatalogException("field '" + name + "' is not a catalog column name (Athena would need '"
                        + ColumnNames.normalize(name) + "'); write the data with normalised column names");
            }
            columns.add(new HiveColumn(name, type(field.schema(), name, visiting)));
        }
        return columns;
    }

    private static String type(final Schema schema, final String path, final Set<Schema> visiting) {
        final LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            if (decimal.getPrecision() > 38) {
                throw new CatalogException("field '" + path + "' is decimal(" + decimal.getPrecision() + "," + decimal.getScale()
                        + "); Hive decimals stop at precision 38");
            }
            return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        if (logical instanceof LogicalTypes.Date) {
            return "date";
        }
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros
                || logical instanceof LogicalTypes.LocalTimestampMillis || logical instanceof LogicalTypes.LocalTimestampMicros) {
            return "timestamp";
        }
        // Hive has no time of day type: the column shows the stored count (ms or us since midnight).
        if (logical instanceof LogicalTypes.TimeMillis) {
            return "int";
        }
        if (logical instanceof LogicalTypes.TimeMicros) {
            return "bigint";
        }
        return switch (schema.getType()) {
            case BOOLEAN -> "boolean";
            case INT -> "int";
            case LONG -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case STRING, ENUM -> "string";
            case BYTES, FIXED -> "binary";
            case ARRAY -> "array<" + type(schema.getElementType(), path + "[]", visiting) + ">";
            case MAP -> "map<string," + type(schema.getValueType(), path + "{}", visiting) + ">";
            case RECORD -> struct(schema, path, visiting);
            case UNION -> type(nonNull(schema, path), path, visiting);
            case NULL -> throw new CatalogException("field '" + path + "' is always null, which has no Hive type");
        };
    }

    private static String struct(final Schema schema, final String path, final Set<Schema> visiting) {
        if (!visiting.add(schema)) {
            throw new CatalogException("field '" + path + "' is a recursive record, which Hive cannot express");
        }
        if (schema.getFields().isEmpty()) {
            throw new CatalogException("field '" + path + "' is a record with no fields, which Hive cannot express");
        }
        final StringJoiner struct = new StringJoiner(",", "struct<", ">");
        for (final Schema.Field field : schema.getFields()) {
            struct.add(field.name() + ":" + type(field.schema(), path + "." + field.name(), visiting));
        }
        visiting.remove(schema);
        return struct.toString();
    }

    // Hive columns are all nullable, so ["null", T] is T; a union of two real types has no Hive equivalent.
    private static Schema nonNull(final Schema union, final String path) {
        final List<Schema> types = union.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL).toList();
        if (types.size() != 1) {
            throw new CatalogException("field '" + path + "' is a union of " + types.stream().map(HiveTypes::avroName).toList()
                    + ", which Hive cannot express");
        }
        return types.get(0);
    }

    private static String avroName(final Schema schema) {
        return schema.getLogicalType() != null ? schema.getLogicalType().getName() : schema.getType().getName();
    }
}
