package io.nifidataops.fhir;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NiFi record type of each view column and the conversion of the runner's values into it. FHIR {@code dateTime}
 * and {@code instant} become TIMESTAMP (a partial dateTime, {@code 2024} or {@code 2024-03}, its first instant in UTC;
 * a time without offset, which FHIR forbids, UTC), {@code date} DATE (partial: the first day), {@code decimal}
 * DECIMAL(38,9) (rounded half-up beyond 9 places), {@code integer}, {@code positiveInt}, {@code unsignedInt} INT,
 * {@code integer64} LONG, {@code boolean} BOOLEAN; every other type (code, uri, id, time, ...) STRING, as the
 * specification's default SQL mapping has them. An {@code ansi/type} tag (DATE, TIMESTAMP, BOOLEAN, INTEGER, BIGINT,
 * DOUBLE, DECIMAL(p,s), VARCHAR) overrides the FHIR type. Collections become ARRAYs of the element type.
 *
 * <p>A value that does not convert (HAPI keeps an invalid dateTime's text, e.g. {@code 2024-02-30T25:00}) becomes
 * null and is counted per column, so a validation suite's not-null expectation catches it and the reader can report
 * how many values were unreadable without quoting them.</p>
 */
public final class FhirColumnTypes {

    static final int DECIMAL_PRECISION = 38;
    static final int DECIMAL_SCALE = 9;
    private static final Pattern ANSI_DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final Object INVALID = new Object();

    private FhirColumnTypes() {
    }

    /** The record schema of a view's rows, fields in column order, all nullable. */
    public static RecordSchema schema(final ViewDefinition view) {
        final List<RecordField> fields = new ArrayList<>();
        for (final ViewColumn column : view.columns()) {
            fields.add(new RecordField(column.name(), dataType(column), true));
        }
        return new SimpleRecordSchema(fields);
    }

    static DataType dataType(final ViewColumn column) {
        final Scalar scalar = scalar(column);
        return column.collection() ? RecordFieldType.ARRAY.getArrayDataType(scalar.type()) : scalar.type();
    }

    /**
     * Converts a runner value for its column; an unconvertible scalar becomes null and is counted in {@code invalidCount[0]}.
     */
    public static Object convert(final ViewColumn column, final Object value, final int[] invalidCount) {
        final Function<Object, Object> converter = scalar(column).converter();
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            final Object[] converted = new Object[list.size()];
            for (int i = 0; i < converted.length; i++) {
                converted[i] = checked(converter.apply(list.get(i)), invalidCount);
            }
            return converted;
        }
        return checked(converter.apply(value), invalidCount);
    }

    private static Object checked(final Object converted, final int[] invalidCount) {
        if (converted == INVALID) {
            invalidCount[0]++;
            return null;
        }
        return converted;
    }

    private record Scalar(DataType type, Function<Object, Object> converter) {
    }

    private static Scalar scalar(final ViewColumn column) {
        if (column.ansiType() != null) {
            final Scalar ansi = ansi(column.ansiType());
            if (ansi != null) {
                return ansi;
            }
        }
        return switch (column.fhirType()) {
            case "dateTime", "instant" -> timestamp();
            case "date" -> date();
            case "decimal" -> decimal(DECIMAL_PRECISION, DECIMAL_SCALE);
            case "integer", "positiveInt", "unsignedInt" -> new Scalar(RecordFieldType.INT.getDataType(), FhirColumnTypes::toInt);
            case "integer64" -> new Scalar(RecordFieldType.LONG.getDataType(), FhirColumnTypes::toLong);
            case "boolean" -> new Scalar(RecordFieldType.BOOLEAN.getDataType(), FhirColumnTypes::toBoolean);
            default -> string();
        };
    }

    private static Scalar ansi(final String sqlType) {
        final String type = sqlType.toUpperCase(Locale.ROOT).trim();
        final Matcher decimal = ANSI_DECIMAL.matcher(type);
        if (decimal.matches()) {
            final int precision = Integer.parseInt(decimal.group(1));
            final int scale = Integer.parseInt(decimal.group(2));
            return precision >= 1 && precision <= DECIMAL_PRECISION && scale <= precision ? decimal(precision, scale) : null;
        }
        return switch (type) {
            case "DATE" -> date();
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE" -> timestamp();
            case "BOOLEAN" -> new Scalar(RecordFieldType.BOOLEAN.getDataType(), FhirColumnTypes::toBoolean);
            case "INT", "INTEGER" -> new Scalar(RecordFieldType.INT.getDataType(), FhirColumnTypes::toInt);
            case "BIGINT" -> new Scalar(RecordFieldType.LONG.getDataType(), FhirColumnTypes::toLong);
            case "DOUBLE", "DOUBLE PRECISION", "FLOAT" -> new Scalar(RecordFieldType.DOUBLE.getDataType(), FhirColumnTypes::toDouble);
            case "DECIMAL", "NUMERIC" -> decimal(DECIMAL_PRECISION, DECIMAL_SCALE);
            case "VARCHAR", "CHARACTER VARYING", "TEXT", "STRING" -> string();
            default -> null;
        };
    }

    private static Scalar string() {
        return new Scalar(RecordFieldType.STRING.getDataType(), value -> value instanceof BigDecimal decimal
                ? decimal.toPlainString() : value.toString());
    }

    private static Scalar timestamp() {
        return new Scalar(RecordFieldType.TIMESTAMP.getDataType(), FhirColumnTypes::toTimestamp);
    }

    private static Scalar date() {
        return new Scalar(RecordFieldType.DATE.getDataType(), FhirColumnTypes::toDate);
    }

    private static Scalar decimal(final int precision, final int scale) {
        return new Scalar(RecordFieldType.DECIMAL.getDecimalDataType(precision, scale), value -> {
            try {
                final BigDecimal decimal = value instanceof BigDecimal given ? given : new BigDecimal(value.toString().trim());
                final BigDecimal scaled = decimal.setScale(scale, RoundingMode.HALF_UP);
                return scaled.precision() > precision ? INVALID : scaled;
            } catch (final NumberFormatException | ArithmeticException e) {
                return INVALID;
            }
        });
    }

    private static Object toInt(final Object value) {
        try {
            return value instanceof Integer integer ? integer : Integer.valueOf(value.toString().trim());
        } catch (final NumberFormatException e) {
            return INVALID;
        }
    }

    private static Object toLong(final Object value) {
        try {
            return value instanceof Number number && !(value instanceof BigDecimal) ? number.longValue() : Long.valueOf(value.toString().trim());
        } catch (final NumberFormatException e) {
            return INVALID;
        }
    }

    private static Object toDouble(final Object value) {
        try {
            return value instanceof Number number ? number.doubleValue() : Double.valueOf(value.toString().trim());
        } catch (final NumberFormatException e) {
            return INVALID;
        }
    }

    private static Object toBoolean(final Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        final String text = value.toString().trim();
        return "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : INVALID;
    }

    // FHIR dateTime: YYYY, YYYY-MM, YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss(.sss)(Z|+hh:mm)
    private static Object toTimestamp(final Object value) {
        final String text = value.toString().trim();
        try {
            if (text.length() == 4) {
                return Timestamp.from(LocalDate.of(Integer.parseInt(text), 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.length() == 7) {
                return Timestamp.from(YearMonth.parse(text).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.length() == 10) {
                return Timestamp.from(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Timestamp.from(OffsetDateTime.parse(text).toInstant());
            }
            return Timestamp.from(java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (final DateTimeException | NumberFormatException e) {
            return INVALID;
        }
    }

    private static Object toDate(final Object value) {
        final String text = value.toString().trim();
        try {
            if (text.length() == 4) {
                return Date.valueOf(LocalDate.of(Integer.parseInt(text), 1, 1));
            }
            if (text.length() == 7) {
                return Date.valueOf(YearMonth.parse(text).atDay(1));
            }
            return Date.valueOf(LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text));
        } catch (final DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return INVALID;
        }
    }
}
