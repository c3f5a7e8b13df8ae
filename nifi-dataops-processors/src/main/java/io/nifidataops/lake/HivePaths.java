package io.nifidataops.lake;

import java.util.BitSet;

/**
 * Hive-style partition path segments, escaped exactly as Hive's {@code FileUtils.escapePathName} does
 * on Linux, so that Hive, Glue, Athena, Spark and Trino decode the values we encode: the control
 * characters U+0000-U+001F, U+007F and {@code " # % ' * / : = ? \ { [ ] ^} become {@code %XX}
 * (uppercase hex); everything else, spaces and non-ASCII included, stays as it is.
 */
public final class HivePaths {

    /** Hive's directory name for a null or empty partition value. */
    public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private static final BitSet ESCAPED = new BitSet(128);

    static {
        ESCAPED.set(0, ' ');
        ESCAPED.set(0x7F);
        for (final char c : "\"#%'*/:=?\\{[]^".toCharArray()) {
            ESCAPED.set(c);
        }
    }

    private HivePaths() {
    }

    /** {@code column=value} with the value escaped; null or empty goes to the default partition. */
    public static String segment(final String column, final String value) {
        return escape(column) + "=" + escape(value);
    }

    public static String escape(final String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_PARTITION;
        }
        final StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < 128 && ESCAPED.get(c)) {
                escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
