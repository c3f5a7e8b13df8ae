package io.nifidataops.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Value semantics shared by all expectations, modelled on how pandas treats Python values:
 * null and NaN are missing; numbers compare and match by value across Java types (1 == 1L == 1.0 == 1.00);
 * strings compare lexicographically; temporal values compare on the wall clock (see {@link Temporals});
 * values of different kinds (a string against a number) are incomparable rather than ordered.
 */
final class Values {

    /** Returned by {@link #compare} when the values cannot be ordered against each other. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;

    /** Longs beyond 2^53 lose precision as doubles, so they are compared as BigDecimal. */
    private static final long EXACT_DOUBLE_RANGE = 1L << 53;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Values() {
    }

    /** pandas treats None and NaN alike as missing. */
    static boolean isMissing(final Object value) {
        return value == null || value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN();
    }

    static boolean isIntegral(final Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
    }

    /** -1, 0 or 1, or {@link #INCOMPARABLE}. */
    static int compare(final Object a, final Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        final Comparable<Object> ta = Temporals.comparable(a);
        final Comparable<Object> tb = ta == null ? null : Temporals.comparable(b);
        if (tb != null && ta.getClass() == tb.getClass()) {
            return Integer.signum(ta.compareTo(tb));
        }
        return INCOMPARABLE;
    }

    static int compareNumbers(final Number x, final Number y) {
        if (isIntegral(x) && isIntegral(y)) {
            return Long.compare(x.longValue(), y.longValue());
        }
        final double dx = x.doubleValue();
        final double dy = y.doubleValue();
        if (needsExactComparison(x) || needsExactComparison(y)) {
            final BigDecimal bx = exact(x);
            final BigDecimal by = exact(y);
            if (bx != null && by != null) {
                return bx.compareTo(by);
            }
        }
        if (dx < dy) {
            return -1;
        }
        if (dx > dy) {
            return 1;
        }
        return dx == dy ? 0 : INCOMPARABLE;
    }

    private static boolean needsExactComparison(final Number n) {
        return n instanceof BigDecimal || n instanceof BigInteger
                || isIntegral(n) && Math.abs(n.longValue()) > EXACT_DOUBLE_RANGE;
    }

    /** The exact decimal value, or null for NaN and infinities. */
    static BigDecimal exact(final Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (isIntegral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        final double d = n.doubleValue();
        return Double.isFinite(d) ? new BigDecimal(d) : null;
    }

    static boolean equal(final Object a, final Object b) {
        return a == null ? b == null : key(a).equals(key(b));
    }

    /**
     * A hash key under which equal values (in the sense above) coincide: integral numbers become Long,
     * other binary floating-point values Double, exact decimals that no double represents stay BigDecimal,
     * temporal values their wall-clock form, arrays lists of keys.
     */
    static Object key(final Object value) {
        if (value == null || value instanceof Long || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            final double d = ((Number) value).doubleValue();
            final long l = (long) d;
            return l == d && l != Long.MAX_VALUE && l != Long.MIN_VALUE ? (Object) l : (Object) d;
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < Long.SIZE ? (Object) b.longValue() : b;
        }
        if (value instanceof BigDecimal b) {
            return decimalKey(b);
        }
        final Object temporal = Temporals.comparable(value);
        if (temporal != null) {
            return temporal;
        }
        if (value instanceof Object[] array) {
            return listKey(Arrays.asList(array));
        }
        if (value instanceof Collection<?> collection) {
            return listKey(collection);
        }
        if (value instanceof byte[] bytes) {
            return java.nio.ByteBuffer.wrap(bytes.clone());
        }
        return value;
    }

    private static Object decimalKey(final BigDecimal b) {
        final BigDecimal stripped = b.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.compareTo(LONG_MIN) >= 0 && stripped.compareTo(LONG_MAX) <= 0) {
            return stripped.longValue();
        }
        final double d = stripped.doubleValue();
        return Double.isFinite(d) && new BigDecimal(d).compareTo(stripped) == 0 ? (Object) d : stripped;
    }

    private static List<Object> listKey(final Collection<?> values) {
        final List<Object> keys = new ArrayList<>(values.size());
        values.forEach(v -> keys.add(key(v)));
        return keys;
    }

    /** Text form used where GE casts values to str (regex matching): plain numbers, ISO temporals. */
    static String text(final Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (Temporals.isTemporal(value)) {
            return Temporals.iso(value);
        }
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        return String.valueOf(value);
    }

    /** A short description of a value's Java type for messages, which must not contain the value itself. */
    static String typeName(final Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
