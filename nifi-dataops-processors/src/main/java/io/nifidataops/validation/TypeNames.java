package io.nifidataops.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Type names accepted by {@code expect_column_values_to_be_of_type} ({@code type_}) and
 * {@code expect_column_values_to_be_in_type_list} ({@code type_list}), and the Java value classes each accepts.
 * Names are matched case-insensitively. Each non-null value is checked on its own (GE's pandas semantics for
 * object columns), since a NiFi record carries values, not a dataframe dtype.
 * <table>
 *   <caption>Type names and the Java classes they accept</caption>
 *   <tr><th>kind</th><th>names (pandas/numpy, Python, SQL, Spark)</th><th>Java value classes</th></tr>
 *   <tr><td>integer</td><td>int, int8..int64, uint8..uint64, Int8..Int64 (nullable), integer, long, short, byte,
 *       INT, INTEGER, BIGINT, SMALLINT, TINYINT, MEDIUMINT, INT2, INT4, INT8, SERIAL, BIGSERIAL,
 *       IntegerType, LongType, ShortType, ByteType</td>
 *       <td>Byte, Short, Integer, Long, BigInteger (any width: NiFi picks int or long by schema, not meaning)</td></tr>
 *   <tr><td>float</td><td>float, float16, float32, float64, Float32, Float64, double, REAL, FLOAT, FLOAT4, FLOAT8,
 *       DOUBLE, DOUBLE_PRECISION, "DOUBLE PRECISION", FloatType, DoubleType</td><td>Float, Double</td></tr>
 *   <tr><td>decimal</td><td>decimal, Decimal, DECIMAL, DecimalType, BigDecimal</td><td>BigDecimal</td></tr>
 *   <tr><td>any number</td><td>NUMERIC, NUMBER, number</td><td>all of the above</td></tr>
 *   <tr><td>string</td><td>str, str_, string, unicode, VARCHAR, CHAR, NCHAR, NVARCHAR, TEXT,
 *       NTEXT, CLOB, "CHARACTER VARYING", STRING, StringType, VarcharType, CharType, uuid</td>
 *       <td>String, Character, UUID</td></tr>
 *   <tr><td>boolean</td><td>bool, bool_, boolean, BOOLEAN, BIT, BooleanType</td><td>Boolean</td></tr>
 *   <tr><td>naive timestamp</td><td>datetime64, datetime64[ns] (and [us], [ms], [s]), TIMESTAMP_NTZ,
 *       TimestampNTZType, "TIMESTAMP WITHOUT TIME ZONE"</td><td>java.sql.Timestamp, LocalDateTime</td></tr>
 *   <tr><td>aware timestamp</td><td>DatetimeTZDtype, datetime64[ns, UTC], TIMESTAMP_TZ, TIMESTAMPTZ,
 *       TIMESTAMP_LTZ, "TIMESTAMP WITH TIME ZONE", DATETIMEOFFSET</td>
 *       <td>Instant, OffsetDateTime, ZonedDateTime, java.util.Date</td></tr>
 *   <tr><td>any timestamp</td><td>datetime, Timestamp, TIMESTAMP, DATETIME, DATETIME2, SMALLDATETIME,
 *       TimestampType</td><td>both timestamp rows above</td></tr>
 *   <tr><td>date</td><td>date, DATE, DateType, date32</td><td>java.sql.Date, LocalDate</td></tr>
 *   <tr><td>time</td><td>time, TIME, "TIME WITHOUT TIME ZONE"</td><td>java.sql.Time, LocalTime, OffsetTime</td></tr>
 *   <tr><td>bytes</td><td>bytes, bytes_, bytearray, BINARY, VARBINARY, BLOB, BYTEA, BinaryType</td>
 *       <td>byte[], ByteBuffer</td></tr>
 *   <tr><td>array</td><td>list, tuple, array, ARRAY, ArrayType</td><td>Object[], Collection</td></tr>
 *   <tr><td>mapping</td><td>dict, map, MAP, MapType, struct, STRUCT, StructType, record, RECORD, Row, JSON, JSONB</td>
 *       <td>Map and any other object (NiFi nested records)</td></tr>
 *   <tr><td>anything</td><td>object, object_, O, any</td><td>every value</td></tr>
 * </table>
 */
final class TypeNames {

    /** What a Java value is, for type checks. */
    enum Kind { INTEGER, FLOAT, DECIMAL, STRING, BOOLEAN, NAIVE_TIMESTAMP, AWARE_TIMESTAMP, DATE, TIME, BYTES, ARRAY, MAP, RECORD }

    private static final Map<String, Set<Kind>> NAMES = new HashMap<>();

    static {
        register(EnumSet.of(Kind.INTEGER), "int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                "uint64", "int8dtype", "int16dtype", "int32dtype", "int64dtype", "integer", "long", "short", "byte",
                "bigint", "smallint", "tinyint", "mediumint", "int2", "int4", "serial", "bigserial", "integertype",
                "longtype", "shorttype", "bytetype", "biginteger");
        register(EnumSet.of(Kind.FLOAT), "float", "float16", "float32", "float64", "float32dtype", "float64dtype",
                "double", "real", "float4", "float8", "double_precision", "double precision", "floattype", "doubletype");
        register(EnumSet.of(Kind.DECIMAL), "decimal", "decimaltype", "bigdecimal");
        register(EnumSet.of(Kind.INTEGER, Kind.FLOAT, Kind.DECIMAL), "numeric", "number");
        register(EnumSet.of(Kind.STRING), "str", "str_", "string", "unicode", "unicode_", "stringdtype", "varchar",
                "char", "nchar", "nvarchar", "text", "ntext", "clob", "character", "character varying", "stringtype",
                "varchartype", "chartype", "uuid");
        register(EnumSet.of(Kind.BOOLEAN), "bool", "bool_", "boolean", "booleandtype", "bit", "booleantype");
        register(EnumSet.of(Kind.NAIVE_TIMESTAMP), "datetime64", "datetime64[ns]", "datetime64[us]", "datetime64[ms]",
                "datetime64[s]", "<m8[ns]", "timestamp_ntz", "timestampntztype", "timestamp without time zone");
        register(EnumSet.of(Kind.AWARE_TIMESTAMP), "datetimetzdtype", "datetimetzdtypetype", "datetime64[ns, utc]",
                "timestamp_tz", "timestamptz", "timestamp_ltz", "timestamp with time zone", "datetimeoffset");
        register(EnumSet.of(Kind.NAIVE_TIMESTAMP, Kind.AWARE_TIMESTAMP), "datetime", "timestamp", "datetime2",
                "smalldatetime", "timestamptype");
        register(EnumSet.of(Kind.DATE), "date", "datetype", "date32", "date32[day]");
        register(EnumSet.of(Kind.TIME), "time", "timetype", "time without time zone");
        register(EnumSet.of(Kind.BYTES), "bytes", "bytes_", "bytearray", "binary", "varbinary", "blob", "bytea",
                "binarytype");
        register(EnumSet.of(Kind.ARRAY), "list", "tuple", "array", "arraytype");
        register(EnumSet.of(Kind.MAP, Kind.RECORD), "dict", "map", "maptype", "struct", "structtype", "record", "row",
                "json", "jsonb");
        register(EnumSet.allOf(Kind.class), "object", "object_", "o", "any");
    }

    private TypeNames() {
    }

    private static void register(final Set<Kind> kinds, final String... names) {
        for (final String name : names) {
            NAMES.put(name, kinds);
        }
    }

    /** The kinds a type name accepts, or null when the name is unknown. */
    static Set<Kind> kinds(final String typeName) {
        return NAMES.get(typeName.trim().toLowerCase(Locale.ROOT));
    }

    static Kind kindOf(final Object value) {
        if (Values.isIntegral(value) || value instanceof BigInteger) {
            return Kind.INTEGER;
        }
        if (value instanceof Double || value instanceof Float) {
            return Kind.FLOAT;
        }
        if (value instanceof BigDecimal) {
            return Kind.DECIMAL;
        }
        if (value instanceof String || value instanceof Character || value instanceof UUID) {
            return Kind.STRING;
        }
        if (value instanceof Boolean) {
            return Kind.BOOLEAN;
        }
        final Kind temporal = temporalKind(value);
        if (temporal != null) {
            return temporal;
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return Kind.BYTES;
        }
        if (value instanceof Object[] || value instanceof Collection) {
            return Kind.ARRAY;
        }
        return value instanceof Map ? Kind.MAP : Kind.RECORD;
    }

    private static Kind temporalKind(final Object value) {
        if (value instanceof java.sql.Date || value instanceof LocalDate) {
            return Kind.DATE;
        }
        if (value instanceof java.sql.Time || value instanceof LocalTime || value instanceof OffsetTime) {
            return Kind.TIME;
        }
        if (value instanceof java.sql.Timestamp || value instanceof LocalDateTime) {
            return Kind.NAIVE_TIMESTAMP;
        }
        if (value instanceof java.util.Date || value instanceof Instant || value instanceof OffsetDateTime
                || value instanceof ZonedDateTime) {
            return Kind.AWARE_TIMESTAMP;
        }
        return null;
    }
}
