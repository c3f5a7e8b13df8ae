package io.nifidataops.lake;

import org.apache.avro.util.Utf8;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Converters for boolean, number, string and bytes columns. Numbers convert only when no digits are
 * lost (a long beyond int range, or 72.5 into an int, is an error); strings are parsed.
 */
final class ScalarConverters {

    private ScalarConverters() {
    }

    static ValueConverter toInt(final String path) {
        return value -> {
            final long whole = toWholeNumber(value, path, "int");
            if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
                throw RecordConversionException.notRepresentable(path, "int");
            }
            return (int) whole;
        };
    }

    static ValueConverter toLong(final String path) {
        return value -> toWholeNumber(value, path, "long");
    }

    static ValueConverter toFloat(final String path) {
        return value -> (float) toDouble(value, path, "float");
    }

    static ValueConverter toDouble(final String path) {
        return value -> toDouble(value, path, "double");
    }

    static ValueConverter toBoolean(final String path) {
        return value -> {
            if (value instanceof Boolean bool) {
                return bool;
            }
            if (value instanceof CharSequence text) {
                final String lower = text.toString().strip().toLowerCase(Locale.ROOT);
                if (lower.equals("true") || lower.equals("false")) {
                    return Boolean.valueOf(lower);
                }
            }
            throw RecordConversionException.notRepresentable(path, "boolean");
        };
    }

    /** Text of scalars: numbers in plain notation, temporals in ISO-8601 (the CHOICE-as-string rule relies on this). */
    static ValueConverter toText(final String path) {
        return value -> {
            if (value instanceof CharSequence || value instanceof Boolean || value instanceof Character
                    || value instanceof UUID || value instanceof Enum<?>) {
                return value.toString();
            }
            if (value instanceof BigDecimal decimal) {
                return decimal.toPlainString();
            }
            if (value instanceof Number) {
                return value.toString();
            }
            if (value instanceof Date || value instanceof TemporalAccessor) {
                return TemporalConverters.isoText(value);
            }
            throw RecordConversionException.notRepresentable(path, "string");
        };
    }

    /**
     * Avro string columns: the {@link #toText} of the value as an Avro {@link Utf8}. parquet-avro writes a Utf8 through its
     * byte array (a cheap array-backed Binary for the dictionary), a String through a ByteBuffer-backed one that is costlier to
     * hash and compare; an incoming Utf8 (an Avro reader's) passes as it is.
     */
    static ValueConverter toAvroString(final String path) {
        final ValueConverter text = toText(path);
        return value -> {
            if (value instanceof String string) {
                return new Utf8(string);
            }
            if (value instanceof Utf8 utf8) {
                return utf8;
            }
            return new Utf8((String) text.convert(value));
        };
    }

    /** NiFi has no bytes type: binary arrives as ARRAY of BYTE (Object[] of Byte), byte[] or ByteBuffer. */
    static ValueConverter toBytes(final String path) {
        return value -> {
            if (value instanceof byte[] bytes) {
                return ByteBuffer.wrap(bytes);
            }
            if (value instanceof ByteBuffer buffer) {
                return buffer;
            }
            if (value instanceof CharSequence text) {
                return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            if (value instanceof Object[] || value instanceof List<?>) {
                final List<?> items = value instanceof Object[] array ? Arrays.asList(array) : (List<?>) value;
                final byte[] bytes = new byte[items.size()];
                for (int i = 0; i < bytes.length; i++) {
                    if (!(items.get(i) instanceof Number number)) {
                        throw RecordConversionException.notRepresentable(path, "bytes");
                    }
                    bytes[i] = number.byteValue();
                }
                return ByteBuffer.wrap(bytes);
            }
            throw RecordConversionException.notRepresentable(path, "bytes");
        };
    }

    private static long toWholeNumber(final Object value, final String path, final String type) {
        try {
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof BigInteger integer) {
                return integer.longValueExact();
            }
            if (value instanceof BigDecimal decimal) {
                return decimal.longValueExact();
            }
            if (value instanceof Double || value instanceof Float) {
                return new BigDecimal(((Number) value).doubleValue()).longValueExact();
            }
            if (value instanceof CharSequence text) {
                return new BigDecimal(text.toString().strip()).longValueExact();
            }
        } catch (final ArithmeticException | NumberFormatException e) {
            // the value itself stays out of the message: fall through to the field-only error
        }
        throw RecordConversionException.notRepresentable(path, type);
    }

    private static double toDouble(final Object value, final String path, final String type) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof CharSequence text) {
            try {
                return Double.parseDouble(text.toString().strip());
            } catch (final NumberFormatException e) {
                // the value itself stays out of the message
            }
        }
        throw RecordConversionException.notRepresentable(path, type);
    }
}
