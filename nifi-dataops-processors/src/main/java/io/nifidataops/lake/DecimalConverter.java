package io.nifidataops.lake;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Converts numbers into a decimal(p,s) column stored as a fixed-length two's-complement value (the
 * Parquet layout Hive, Athena and Spark all read). Values are rescaled only when no digit is lost:
 * 98.6 fits decimal(5,2) as 98.60, 98.605 does not, nor does 1234.5.
 */
final class DecimalConverter implements ValueConverter {

    private final String path;
    private final Schema fixedSchema;
    private final int precision;
    private final int scale;

    DecimalConverter(final String path, final Schema fixedSchema, final int precision, final int scale) {
        this.path = path;
        this.fixedSchema = fixedSchema;
        this.precision = precision;
        this.scale = scale;
    }

    /** Bytes a fixed needs for any unscaled value of this many decimal digits (as Avro and Spark size them). */
    static int fixedSize(final int precision) {
        return (BigInteger.TEN.pow(precision).subtract(BigInteger.ONE).bitLength() + 1 + 7) / 8;
    }

    @Override
    public Object convert(final Object value) {
        final BigDecimal rescaled;
        try {
            rescaled = toBigDecimal(value).setScale(scale, RoundingMode.UNNECESSARY);
        } catch (final ArithmeticException | NumberFormatException e) {
            throw failure();
        }
        if (rescaled.precision() > precision) {
            throw failure();
        }
        return new GenericData.Fixed(fixedSchema, toFixedBytes(rescaled.unscaledValue(), fixedSchema.getFixedSize()));
    }

    private BigDecimal toBigDecimal(final Object value) {
        return switch (value) {
            case BigDecimal decimal -> decimal;
            case BigInteger integer -> new BigDecimal(integer);
            case Long number -> BigDecimal.valueOf(number);
            case Integer number -> BigDecimal.valueOf(number);
            case Short number -> BigDecimal.valueOf(number);
            case Byte number -> BigDecimal.valueOf(number);
            case Double number -> BigDecimal.valueOf(number);
            case Float number -> new BigDecimal(number.toString());
            case CharSequence text -> new BigDecimal(text.toString().strip());
            default -> throw failure();
        };
    }

    /** Big-endian two's complement, sign-extended to the fixed size. */
    private static byte[] toFixedBytes(final BigInteger unscaled, final int size) {
        final byte[] minimal = unscaled.toByteArray();
        final byte[] fixed = new byte[size];
        final byte fill = unscaled.signum() < 0 ? (byte) 0xFF : 0;
        final int offset = size - minimal.length;
        for (int i = 0; i < offset; i++) {
            fixed[i] = fill;
        }
        System.arraycopy(minimal, 0, fixed, offset, minimal.length);
        return fixed;
    }

    private RecordConversionException failure() {
        return RecordConversionException.notRepresentable(path, "decimal(" + precision + "," + scale + ")");
    }
}
