package io.nifidataops.lake;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.nifi.serialization.record.Record;

import java.util.List;
import java.util.Map;

/**
 * Turns a NiFi record (or a map, as nested values sometimes arrive) into an Avro record of the table
 * schema: each column reads its NiFi field by original name and converts the value. Built once per
 * schema by {@link AvroSchemaMapper}.
 */
public final class RecordConverter implements ValueConverter {

    /** One column: where its value comes from and how it converts. */
    record Column(String nifiName, String path, boolean nullable, ValueConverter converter) {
    }

    private final Schema schema;
    private final String path;
    private final Column[] columns;

    RecordConverter(final Schema schema, final String path, final List<Column> columns) {
        this.schema = schema;
        this.path = path;
        this.columns = columns.toArray(new Column[0]);
    }

    public Schema getSchema() {
        return schema;
    }

    public GenericRecord convert(final Record record) {
        final GenericData.Record avro = new GenericData.Record(schema);
        for (int i = 0; i < columns.length; i++) {
            avro.put(i, convertColumn(columns[i], record.getValue(columns[i].nifiName())));
        }
        return avro;
    }

    @Override
    public Object convert(final Object value) {
        if (value instanceof Record record) {
            return convert(record);
        }
        if (value instanceof Map<?, ?> map) {
            final GenericData.Record avro = new GenericData.Record(schema);
            for (int i = 0; i < columns.length; i++) {
                avro.put(i, convertColumn(columns[i], map.get(columns[i].nifiName())));
            }
            return avro;
        }
        throw RecordConversionException.notRepresentable(path, "a record");
    }

    static Object convertNullable(final Object value, final boolean nullable, final String path, final ValueConverter converter) {
        if (value == null) {
            if (nullable) {
                return null;
            }
            throw RecordConversionException.missing(path);
        }
        return converter.convert(value);
    }

    private static Object convertColumn(final Column column, final Object value) {
        return convertNullable(value, column.nullable(), column.path(), column.converter());
    }
}
