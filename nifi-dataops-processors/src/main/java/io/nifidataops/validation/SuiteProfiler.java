package io.nifidataops.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Profiles a sample of records and suggests a starter expectation suite in the Great Expectations format: the column set,
 * per column its types, whether it may be null (or its observed non-null share), the observed range of numbers, and for
 * text either a small value set or the observed lengths. The suggestion describes the sample as it is, so every record of
 * the sample passes it; it is a starting point to edit, not a judgement of the data. It holds values from the sample (ranges
 * and value sets), so it is as sensitive as the data. Framework-free: the caller feeds records and writes the result.
 */
public final class SuiteProfiler {

    private final String suiteName;
    private final int maxValueSetSize;
    private final List<String> columns;
    private final Map<String, Column> profiles = new LinkedHashMap<>();
    private long records;

    /**
     * @param columns         the schema's columns, in order
     * @param maxValueSetSize most distinct text values a column may have in the sample to be suggested as a value set
     */
    public SuiteProfiler(final String suiteName, final List<String> columns, final int maxValueSetSize) {
        if (maxValueSetSize < 0) {
            throw new IllegalArgumentException("maxValueSetSize must not be negative: " + maxValueSetSize);
        }
        this.suiteName = suiteName;
        this.maxValueSetSize = maxValueSetSize;
        this.columns = List.copyOf(columns);
        for (final String column : columns) {
            profiles.put(column, new Column());
        }
    }

    public void add(final RecordView record) {
        records++;
        for (final Map.Entry<String, Column> entry : profiles.entrySet()) {
            entry.getValue().add(record.value(entry.getKey()), maxValueSetSize);
        }
    }

    public long records() {
        return records;
    }

    /** The suggested suite as a map that serializes to GE's suite JSON ({@code name}, {@code meta}, {@code expectations}). */
    public Map<String, Object> suggest() {
        final List<Map<String, Object>> expectations = new ArrayList<>();
        expectations.add(expectation("expect_table_columns_to_match_set", kwargs("column_set", columns, "exact_match", true)));
        for (final Map.Entry<String, Column> entry : profiles.entrySet()) {
            entry.getValue().suggest(entry.getKey(), records, expectations);
        }
        final Map<String, Object> suite = new LinkedHashMap<>();
        suite.put("name", suiteName);
        suite.put("meta", Map.of("profiled_records", records,
                "notes", "Suggested by nifi-dataops from a sample; it describes the sample as it is. Review the ranges and value sets before use."));
        suite.put("expectations", expectations);
        return suite;
    }

    // Keyword arguments in the order given, column first, so a suggested suite reads (and diffs in Git) the same every time
    private static Map<String, Object> kwargs(final Object... namesAndValues) {
        final Map<String, Object> kwargs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            kwargs.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return kwargs;
    }

    private static Map<String, Object> expectation(final String type, final Map<String, Object> kwargs) {
        final Map<String, Object> expectation = new LinkedHashMap<>();
        expectation.put("type", type);
        expectation.put("kwargs", kwargs);
        return expectation;
    }

    /** What one column showed: counts, the GE type names of its values, the range of numbers, text lengths and a bounded value set. */
    private static final class Column {
        private long nonNull;
        private final TreeSet<String> types = new TreeSet<>();
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private boolean integral = true;
        private long numbers;
        private long texts;
        private int minLength = Integer.MAX_VALUE;
        private int maxLength;
        private TreeSet<String> valueSet = new TreeSet<>();

        void add(final Object value, final int maxValueSetSize) {
            if (value == null || value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN()) {
                return;
            }
            nonNull++;
            types.add(typeName(value));
            if (value instanceof Number number && !(value instanceof Double d && d.isInfinite())) {
                numbers++;
                final double v = number.doubleValue();
                min = Math.min(min, v);
                max = Math.max(max, v);
                integral &= value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                        || value instanceof BigInteger;
            } else if (value instanceof CharSequence text) {
                texts++;
                minLength = Math.min(minLength, text.length());
                maxLength = Math.max(maxLength, text.length());
                if (valueSet != null) {
                    valueSet.add(text.toString());
                    if (valueSet.size() > maxValueSetSize) {
                        valueSet = null;
                    }
                }
            }
        }

        void suggest(final String column, final long records, final List<Map<String, Object>> expectations) {
            if (nonNull == records) {
                expectations.add(expectation("expect_column_values_to_not_be_null", kwargs("column", column)));
            } else if (nonNull == 0) {
                expectations.add(expectation("expect_column_values_to_be_null", kwargs("column", column)));
                return;
            } else {
                // Rounded down to two places, so the sample itself passes
                final double share = Math.floor((double) nonNull / records * 100) / 100;
                expectations.add(expectation("expect_column_proportion_of_non_null_values_to_be_between",
                        kwargs("column", column, "min_value", share)));
            }
            expectations.add(expectation("expect_column_values_to_be_in_type_list", kwargs("column", column, "type_list", List.copyOf(types))));
            if (numbers == nonNull && numbers > 0) {
                final Map<String, Object> range = new LinkedHashMap<>();
                range.put("column", column);
                range.put("min_value", integral ? (Object) (long) min : min);
                range.put("max_value", integral ? (Object) (long) max : max);
                expectations.add(expectation("expect_column_values_to_be_between", range));
            } else if (texts == nonNull && texts > 0) {
                if (valueSet != null) {
                    expectations.add(expectation("expect_column_values_to_be_in_set", kwargs("column", column, "value_set", List.copyOf(valueSet))));
                } else {
                    expectations.add(expectation("expect_column_value_lengths_to_be_between",
                            kwargs("column", column, "min_value", minLength, "max_value", maxLength)));
                }
            }
        }

        private static String typeName(final Object value) {
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
                return "int";
            }
            if (value instanceof Double || value instanceof Float) {
                return "float";
            }
            if (value instanceof BigDecimal) {
                return "decimal";
            }
            if (value instanceof CharSequence || value instanceof Character) {
                return "str";
            }
            if (value instanceof Boolean) {
                return "bool";
            }
            if (value instanceof java.sql.Date || value instanceof java.time.LocalDate) {
                return "date";
            }
            if (value instanceof java.sql.Time || value instanceof java.time.LocalTime || value instanceof java.time.OffsetTime) {
                return "time";
            }
            if (value instanceof java.util.Date || value instanceof java.time.temporal.Temporal) {
                return "datetime";
            }
            if (value instanceof byte[]) {
                return "bytes";
            }
            if (value instanceof Object[] || value instanceof java.util.Collection) {
                return "list";
            }
            return "object";
        }
    }
}
