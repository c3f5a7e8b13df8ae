package io.nifidataops.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, checked access to one expectation's kwargs. Every failure names the expectation, the kwarg,
 * what was expected and what was given, so the suite's author can fix it without reading code.
 * Reads are recorded so that kwargs nobody read (typos such as {@code min_vlaue}) are rejected.
 */
final class Kwargs {

    /** Kwargs GE accepts on every expectation that do not change what is validated here. */
    private static final Set<String> IGNORED = Set.of("catch_exceptions", "include_config", "meta", "notes",
            "description", "severity", "batch_id", "rendered_content", "windows", "auto", "profiler_config",
            "parse_strings_as_datetimes", "allow_cross_type_comparisons", "output_strftime_format");

    private final ExpectationConfiguration config;
    private final String where;
    private final Set<String> read = new HashSet<>();

    Kwargs(final ExpectationConfiguration config, final int number) {
        this.config = config;
        this.where = "Expectation #" + number + " (" + config.type() + ")";
    }

    ExpectationConfiguration config() {
        return config;
    }

    String type() {
        return config.type();
    }

    InvalidSuiteException error(final String problem) {
        return new InvalidSuiteException(where + ": " + problem);
    }

    boolean has(final String key) {
        read.add(key);
        return config.kwargs().get(key) != null;
    }

    Object raw(final String key) {
        read.add(key);
        return config.kwargs().get(key);
    }

    String string(final String key) {
        final Object value = raw(key);
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw wrongType(key, "a non-empty string", value);
    }

    /** A string that may be empty (an empty regex matches everything). */
    String text(final String key) {
        final Object value = raw(key);
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string", value);
    }

    String optionalString(final String key) {
        return has(key) ? string(key) : null;
    }

    String column() {
        return string("column");
    }

    boolean bool(final String key, final boolean defaultValue) {
        final Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "true or false", value);
    }

    /** A JSON number as given (Integer, Long, BigInteger or Double), or null. */
    Number optionalNumber(final String key) {
        final Object value = raw(key);
        if (value == null || value instanceof Number) {
            return (Number) value;
        }
        throw wrongType(key, "a number or null", value);
    }

    Number number(final String key) {
        final Number value = optionalNumber(key);
        if (value == null) {
            throw wrongType(key, "a number", null);
        }
        return value;
    }

    /** An integer, or null; 4.0 is accepted as 4. */
    Long optionalInteger(final String key) {
        final Object value = raw(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && isWhole(n)) {
            return n.longValue();
        }
        throw wrongType(key, "an integer or null", value);
    }

    private static boolean isWhole(final Number n) {
        if (Values.isIntegral(n)) {
            return true;
        }
        if (n instanceof BigInteger b) {
            return b.bitLength() < Long.SIZE;
        }
        final double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 0x1p63;
    }

    /** GE's mostly: the fraction of considered rows that must pass, in [0, 1]; 1 when absent. */
    double mostly() {
        final Object value = raw("mostly");
        if (value == null) {
            return 1.0;
        }
        if (value instanceof Number n) {
            final double mostly = n.doubleValue();
            if (mostly >= 0 && mostly <= 1) {
                return mostly;
            }
        }
        throw wrongType("mostly", "a number between 0 and 1", value);
    }

    List<?> list(final String key) {
        final Object value = raw(key);
        if (value instanceof List<?> list) {
            return list;
        }
        throw wrongType(key, "a list", value);
    }

    List<?> optionalList(final String key) {
        return has(key) ? list(key) : null;
    }

    /** A list of at least {@code min} non-empty strings. */
    List<String> stringList(final String key, final int min) {
        final List<?> list = list(key);
        if (list.size() < min || !list.stream().allMatch(v -> v instanceof String s && !s.isEmpty())) {
            throw wrongType(key, "a list of at least " + min + " column name(s)", list);
        }
        return list.stream().map(String.class::cast).toList();
    }

    InvalidSuiteException wrongType(final String key, final String expected, final Object got) {
        return error("kwarg '" + key + "' must be " + expected + ", got " + describe(got));
    }

    /** Rejects kwargs no reader asked for. */
    void rejectUnknown() {
        final Set<String> unknown = new TreeSet<>(config.kwargs().keySet());
        unknown.removeAll(read);
        unknown.removeAll(IGNORED);
        if (!unknown.isEmpty()) {
            final Set<String> known = new TreeSet<>(read);
            throw error("unknown kwarg(s) " + unknown + "; this expectation takes " + known);
        }
    }

    static String describe(final Object value) {
        if (value == null) {
            return "null";
        }
        final String kind = value instanceof String ? "string" : value instanceof Boolean ? "boolean"
                : value instanceof Number ? "number" : value instanceof List ? "list"
                : value instanceof Map ? "object" : value.getClass().getSimpleName();
        final String text = value instanceof String s ? '"' + s + '"' : value instanceof BigDecimal b
                ? b.toPlainString() : String.valueOf(value);
        return kind + " " + (text.length() > 80 ? text.substring(0, 77) + "..." : text);
    }
}
